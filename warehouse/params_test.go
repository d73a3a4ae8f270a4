package warehouse_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse"
)

func pos(ordinal int, typ, value string) sea.Parameter {
	return sea.Parameter{Ordinal: ordinal, Type: typ, Value: sea.StringPtr(value)}
}

// TestPositionalParameters binds every value form clients send (§3.8);
// the result columns take the parameters' types.
func TestPositionalParameters(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	resp := succeed(t, c, sea.ExecuteStatementRequest{
		Statement:   "SELECT ? AS i, ? AS s, ? AS dec, ? AS dt, ? AS ts, ? AS ntz, ? AS bin, ? AS bo, ? AS dbl",
		Disposition: sea.DispositionInlineOrExternalLinks, Format: sea.FormatArrowStream, WaitTimeout: "10s",
		Parameters: []sea.Parameter{
			pos(1, "INT", "7"), pos(2, "STRING", "it's"), pos(3, "DECIMAL(10,2)", "12.30"), pos(4, "DATE", "2024-01-02"),
			pos(5, "TIMESTAMP", "2024-01-02 03:04:05+00:00"), pos(6, "TIMESTAMP_NTZ", "2024-01-02T03:04:05.123456"),
			pos(7, "BINARY", "ab01ff"), pos(8, "BOOLEAN", "True"), pos(9, "DOUBLE", "1e-05"),
		},
	})
	var texts []string
	for _, col := range resp.Manifest.Schema.Columns {
		texts = append(texts, col.TypeText)
	}
	require.Equal(t, []string{"INT", "STRING", "DECIMAL(10,2)", "DATE", "TIMESTAMP", "TIMESTAMP_NTZ", "BINARY", "BOOLEAN", "DOUBLE"}, texts)

	rec := arrowResult(t, c, resp)[0]
	require.EqualValues(t, 7, rec.Column(0).(*array.Int32).Value(0))
	require.Equal(t, "it's", rec.Column(1).(*array.String).Value(0))
	require.Equal(t, decimal128.FromI64(1230), rec.Column(2).(*array.Decimal128).Value(0))
	require.Equal(t, arrow.Date32FromTime(time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)), rec.Column(3).(*array.Date32).Value(0))
	require.EqualValues(t, time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC).UnixMicro(), rec.Column(4).(*array.Timestamp).Value(0))
	require.EqualValues(t, time.Date(2024, 1, 2, 3, 4, 5, 123456000, time.UTC).UnixMicro(), rec.Column(5).(*array.Timestamp).Value(0))
	require.Equal(t, []byte{0xab, 0x01, 0xff}, rec.Column(6).(*array.Binary).Value(0))
	require.True(t, rec.Column(7).(*array.Boolean).Value(0))
	require.Equal(t, 1e-05, rec.Column(8).(*array.Float64).Value(0))
}

// TestTimestampParameterOffsets: the offset forms clients put after a
// TIMESTAMP parameter's time — Python's `+0000` after a space (strftime
// "%z"), `+00:00`, `-0130` — bind to the instant they denote.
func TestTimestampParameterOffsets(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	for value, want := range map[string]time.Time{
		"2023-09-06 03:14:27.000843 +0000": time.Date(2023, 9, 6, 3, 14, 27, 843000, time.UTC),
		"2023-09-06 03:14:27+0000":         time.Date(2023, 9, 6, 3, 14, 27, 0, time.UTC),
		"2023-09-06T03:14:27.5 +00:00":     time.Date(2023, 9, 6, 3, 14, 27, 500000000, time.UTC),
		"2023-09-06 03:14:27 -0130":        time.Date(2023, 9, 6, 4, 44, 27, 0, time.UTC),
		"2023-09-06 03:14:27.000843+00:00": time.Date(2023, 9, 6, 3, 14, 27, 843000, time.UTC),
		"2023-09-06":                       time.Date(2023, 9, 6, 0, 0, 0, 0, time.UTC),
		"2023-09-06 03:14:27.000843 UTC":   time.Date(2023, 9, 6, 3, 14, 27, 843000, time.UTC),
	} {
		resp := succeed(t, c, sea.ExecuteStatementRequest{
			Statement:   "SELECT ? AS ts",
			Disposition: sea.DispositionInlineOrExternalLinks, Format: sea.FormatArrowStream, WaitTimeout: "10s",
			Parameters: []sea.Parameter{pos(1, "TIMESTAMP", value)},
		})
		rec := arrowResult(t, c, resp)[0]
		require.EqualValues(t, want.UnixMicro(), rec.Column(0).(*array.Timestamp).Value(0), value)
	}
}

func TestNamedParameterUsedTwice(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	resp := succeed(t, c, sea.ExecuteStatementRequest{
		Statement: "SELECT :x + 1 AS a, :x * 2 AS b, :label AS l", WaitTimeout: "10s",
		Parameters: []sea.Parameter{
			{Name: "x", Type: "INT", Value: sea.StringPtr("5")},
			{Name: "label", Value: sea.StringPtr("no type means STRING")},
			{Name: "unused", Type: "INT", Value: sea.StringPtr("1")},
		},
	})
	require.Equal(t, [][]string{{"6", "10", "no type means STRING"}}, strs(resp.Result.DataArray))
	require.Equal(t, "STRING", resp.Manifest.Schema.Columns[2].TypeText)
}

// TestNullParameter: NULL is a VOID parameter without a value, or a typed
// one with the value omitted.
func TestNullParameter(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	resp := succeed(t, c, sea.ExecuteStatementRequest{
		Statement: "SELECT ? AS v, ? AS d, ? IS NULL AS isnull", WaitTimeout: "10s",
		Parameters: []sea.Parameter{{Ordinal: 1, Type: "VOID"}, {Ordinal: 2, Type: "DATE"}, {Ordinal: 3, Type: "VOID"}},
	})
	require.Equal(t, [][]string{{"<null>", "<null>", "true"}}, strs(resp.Result.DataArray))
	require.Equal(t, "DATE", resp.Manifest.Schema.Columns[1].TypeText)
}

func TestMissingParameter(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	st := failed(t, c, sea.ExecuteStatementRequest{Statement: "SELECT :present AS a, :absent AS b", WaitTimeout: "10s",
		Parameters: []sea.Parameter{{Name: "present", Value: sea.StringPtr("x")}}})
	require.Equal(t, "42P02", st.SQLState)
	require.Contains(t, st.Error.Message, "absent")
	require.True(t, strings.HasSuffix(st.Error.Message, "SQLSTATE: 42P02"), st.Error.Message)

	st = failed(t, c, sea.ExecuteStatementRequest{Statement: "SELECT ? AS a, ? AS b", WaitTimeout: "10s",
		Parameters: []sea.Parameter{pos(1, "INT", "1")}})
	require.Equal(t, "42P02", st.SQLState)
	require.Contains(t, st.Error.Message, "2")
}

func TestExtraPositionalParameter(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	st := failed(t, c, sea.ExecuteStatementRequest{Statement: "SELECT ? AS a", WaitTimeout: "10s",
		Parameters: []sea.Parameter{pos(1, "INT", "1"), pos(2, "INT", "2")}})
	require.NotEmpty(t, st.SQLState)
}

// TestRejectedParameters: requests the service refuses outright.
func TestRejectedParameters(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	many := make([]sea.Parameter, 257)
	marks := make([]string, 257)
	for i := range many {
		many[i] = pos(i+1, "INT", "1")
		marks[i] = "?"
	}
	_, err := c.Execute(t.Context(), sea.ExecuteStatementRequest{Statement: "SELECT " + strings.Join(marks, ", "), Parameters: many})
	apiError(t, err, http.StatusBadRequest)

	// 256 is fine.
	resp := succeed(t, c, sea.ExecuteStatementRequest{Statement: "SELECT " + strings.Join(marks[:256], ", "), Parameters: many[:256], WaitTimeout: "10s"})
	require.Len(t, resp.Result.DataArray[0], 256)

	for name, params := range map[string][]sea.Parameter{
		"name and ordinal": {{Name: "x", Ordinal: 1, Value: sea.StringPtr("1")}},
		"mixed styles":     {{Name: "x", Value: sea.StringPtr("1")}, pos(1, "INT", "2")},
		"unknown type":     {{Name: "x", Type: "ARRAY<INT>", Value: sea.StringPtr("1")}},
		"duplicate name":   {{Name: "x", Value: sea.StringPtr("1")}, {Name: "x", Value: sea.StringPtr("2")}},
	} {
		_, err := c.Execute(t.Context(), sea.ExecuteStatementRequest{Statement: "SELECT :x", Parameters: params})
		require.Error(t, err, name)
		apiError(t, err, http.StatusBadRequest)
	}

	// Python SEA's positional form: {"name": null} and no ordinal.
	body := map[string]any{
		"warehouse_id": c.WarehouseID, "statement": "SELECT ? AS a",
		"parameters": []map[string]any{{"name": nil, "type": "INT", "value": "1"}},
	}
	apiError(t, c.Do(t.Context(), http.MethodPost, "/statements", body, nil), http.StatusBadRequest)
}

func TestBadParameterValue(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	for _, p := range []sea.Parameter{pos(1, "INT", "x"), pos(1, "DATE", "yesterday"), pos(1, "BOOLEAN", "maybe")} {
		st := failed(t, c, sea.ExecuteStatementRequest{Statement: "SELECT ? AS v", WaitTimeout: "10s", Parameters: []sea.Parameter{p}})
		require.Equal(t, "22018", st.SQLState, "%s %q", p.Type, *p.Value)
	}
}

// TestInjectionStaysValue: parameter values never become SQL.
func TestInjectionStaysValue(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	sqlIn(t, c, "", "CREATE TABLE t AS SELECT 1 AS a")
	for _, v := range []string{"1; DROP TABLE t", "'1; DROP TABLE t'", "'); DROP TABLE t; --", `\'; DROP TABLE t; --`} {
		resp := succeed(t, c, sea.ExecuteStatementRequest{Statement: "SELECT ? AS v", WaitTimeout: "10s",
			Parameters: []sea.Parameter{pos(1, "STRING", v)}})
		require.Equal(t, [][]string{{v}}, strs(resp.Result.DataArray), "value %q", v)
		resp = succeed(t, c, sea.ExecuteStatementRequest{Statement: "SELECT :v AS v", WaitTimeout: "10s",
			Parameters: []sea.Parameter{{Name: "v", Value: sea.StringPtr(v)}}})
		require.Equal(t, [][]string{{v}}, strs(resp.Result.DataArray), "value %q", v)
	}
	require.Equal(t, [][]string{{"1"}}, strs(rows(t, c, "", "SELECT a FROM t")))
}
