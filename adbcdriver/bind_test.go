package adbcdriver_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/apache/arrow-adbc/go/adbc"
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/warehouse"
)

// record builds a batch from JSON rows, released at cleanup.
func record(t *testing.T, mem memory.Allocator, sc *arrow.Schema, rows string) arrow.RecordBatch {
	t.Helper()
	rec, _, err := array.RecordFromJSON(mem, sc, strings.NewReader(rows))
	require.NoError(t, err)
	t.Cleanup(rec.Release)
	return rec
}

func fields(types ...arrow.DataType) *arrow.Schema {
	fs := make([]arrow.Field, len(types))
	for i, dt := range types {
		fs[i] = arrow.Field{Name: fmt.Sprintf("c%d", i), Type: dt, Nullable: true}
	}
	return arrow.NewSchema(fs, nil)
}

// readAll returns the reader's rows as ValueStr texts and releases it.
func readAll(t *testing.T, rdr array.RecordReader) (*arrow.Schema, [][]string) {
	t.Helper()
	defer rdr.Release()
	var out [][]string
	for rdr.Next() {
		rec := rdr.RecordBatch()
		for r := 0; r < int(rec.NumRows()); r++ {
			row := make([]string, rec.NumCols())
			for c, col := range rec.Columns() {
				row[c] = col.ValueStr(r)
			}
			out = append(out, row)
		}
	}
	require.NoError(t, rdr.Err())
	return rdr.Schema(), out
}

// TestBindEveryArrowType: each Arrow type binds as its Databricks type and
// comes back with the Arrow type of that type; NULLs stay typed.
func TestBindEveryArrowType(t *testing.T) {
	e := newEnv(t, warehouse.Config{})
	_, cnxn := e.open(t, e.options())
	ctx := context.Background()
	dec := &arrow.Decimal128Type{Precision: 10, Scale: 2}
	tsTZ := &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}
	ntz := &arrow.TimestampType{Unit: arrow.Microsecond}
	in := fields(arrow.PrimitiveTypes.Int8, arrow.PrimitiveTypes.Int16, arrow.PrimitiveTypes.Int32, arrow.PrimitiveTypes.Int64,
		arrow.PrimitiveTypes.Uint8, arrow.PrimitiveTypes.Uint16, arrow.PrimitiveTypes.Uint32, arrow.PrimitiveTypes.Uint64,
		arrow.PrimitiveTypes.Float32, arrow.PrimitiveTypes.Float64, arrow.FixedWidthTypes.Boolean,
		arrow.BinaryTypes.String, arrow.BinaryTypes.LargeString, arrow.BinaryTypes.Binary, dec,
		arrow.FixedWidthTypes.Date32, tsTZ, ntz, &arrow.DurationType{Unit: arrow.Millisecond}, arrow.Null)
	rec := record(t, e.mem, in, `[
		{"c0": -8, "c1": 16, "c2": 32, "c3": -64, "c4": 255, "c5": 65535, "c6": 4294967295, "c7": 18446744073709551615,
		 "c8": 1.5, "c9": 0.25, "c10": true, "c11": "it's ?", "c12": "large", "c13": "yv4=", "c14": "12.30",
		 "c15": "2024-02-29", "c16": "2024-01-02T03:04:05.123456Z", "c17": "2024-01-02T03:04:05.5", "c18": -1500, "c19": null},
		{}]`)
	marks := strings.TrimSuffix(strings.Repeat("?, ", in.NumFields()), ", ")
	stmt := statement(t, cnxn, "SELECT "+marks)
	require.NoError(t, stmt.Bind(ctx, rec))
	rdr, _, err := stmt.ExecuteQuery(ctx)
	require.NoError(t, err)
	sc, rows := readAll(t, rdr)

	want := []arrow.DataType{arrow.PrimitiveTypes.Int8, arrow.PrimitiveTypes.Int16, arrow.PrimitiveTypes.Int32, arrow.PrimitiveTypes.Int64,
		arrow.PrimitiveTypes.Int16, arrow.PrimitiveTypes.Int32, arrow.PrimitiveTypes.Int64, &arrow.Decimal128Type{Precision: 20},
		arrow.PrimitiveTypes.Float32, arrow.PrimitiveTypes.Float64, arrow.FixedWidthTypes.Boolean,
		arrow.BinaryTypes.String, arrow.BinaryTypes.String, arrow.BinaryTypes.Binary, dec,
		arrow.FixedWidthTypes.Date32, &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "Etc/UTC"}, ntz,
		&arrow.DurationType{Unit: arrow.Microsecond}}
	for i, dt := range want {
		require.True(t, arrow.TypeEqual(dt, sc.Field(i).Type), "column %d: %s, want %s", i, sc.Field(i).Type, dt)
	}
	require.Len(t, rows, 2)
	require.Equal(t, []string{"-8", "16", "32", "-64", "255", "65535", "4294967295", "18446744073709551615",
		"1.5", "0.25", "true", "it's ?", "large", "yv4=", "12.3", "2024-02-29", "2024-01-02T03:04:05.123456Z",
		"2024-01-02T03:04:05.5", "-1500000us", "(null)"}, rows[0])
	for i, v := range rows[1] {
		require.Equal(t, "(null)", v, "column %d of the NULL row", i)
	}
}

// TestBindRowsConcatenated: a 3-row batch runs the query three times; the
// results form one stream with one schema.
func TestBindRowsConcatenated(t *testing.T) {
	e := newEnv(t, warehouse.Config{})
	_, cnxn := e.open(t, e.options())
	ctx := context.Background()
	stmt := statement(t, cnxn, "SELECT ? AS x, ? * 2 AS y")
	require.NoError(t, stmt.Prepare(ctx))
	rec := record(t, e.mem, fields(arrow.PrimitiveTypes.Int64, arrow.PrimitiveTypes.Int64), `[{"c0": 1, "c1": 10}, {"c0": 2, "c1": null}, {"c0": 3, "c1": 30}]`)
	require.NoError(t, stmt.Bind(ctx, rec))
	for range 2 { // the bound batch serves every execution
		rdr, affected, err := stmt.ExecuteQuery(ctx)
		require.NoError(t, err)
		require.Equal(t, int64(-1), affected)
		sc, rows := readAll(t, rdr)
		require.Equal(t, "x", sc.Field(0).Name)
		require.Equal(t, [][]string{{"1", "20"}, {"2", "(null)"}, {"3", "60"}}, rows)
	}

	// BindStream over two batches; the stream serves one execution.
	r1 := record(t, e.mem, fields(arrow.PrimitiveTypes.Int64, arrow.PrimitiveTypes.Int64), `[{"c0": 1, "c1": 1}]`)
	r2 := record(t, e.mem, fields(arrow.PrimitiveTypes.Int64, arrow.PrimitiveTypes.Int64), `[{"c0": 2, "c1": 2}, {"c0": 3, "c1": 3}]`)
	stream, err := array.NewRecordReader(r1.Schema(), []arrow.RecordBatch{r1, r2})
	require.NoError(t, err)
	require.NoError(t, stmt.BindStream(ctx, stream))
	stream.Release()
	rdr, _, err := stmt.ExecuteQuery(ctx)
	require.NoError(t, err)
	_, rows := readAll(t, rdr)
	require.Equal(t, [][]string{{"1", "2"}, {"2", "4"}, {"3", "6"}}, rows)

	// Unbound again: the markers have no values.
	_, _, err = stmt.ExecuteQuery(ctx)
	require.Error(t, err)

	// A reader released early stops the remaining executions.
	require.NoError(t, stmt.Bind(ctx, rec))
	rdr, _, err = stmt.ExecuteQuery(ctx)
	require.NoError(t, err)
	require.True(t, rdr.Next())
	rdr.Release()
}

func TestBindNamedByColumnName(t *testing.T) {
	e := newEnv(t, warehouse.Config{})
	_, cnxn := e.open(t, e.options())
	ctx := context.Background()
	stmt := statement(t, cnxn, "SELECT :b AS b, :a + :a AS a2")
	sc := arrow.NewSchema([]arrow.Field{{Name: "a", Type: arrow.PrimitiveTypes.Int32}, {Name: "b", Type: arrow.BinaryTypes.String}}, nil)
	require.NoError(t, stmt.Bind(ctx, record(t, e.mem, sc, `[{"a": 1, "b": "x"}, {"a": 5, "b": "y"}]`)))
	rdr, _, err := stmt.ExecuteQuery(ctx)
	require.NoError(t, err)
	_, rows := readAll(t, rdr)
	require.Equal(t, [][]string{{"x", "2"}, {"y", "10"}}, rows)
}

func TestBindExecuteUpdateSumsAffectedRows(t *testing.T) {
	e := newEnv(t, warehouse.Config{})
	_, cnxn := e.open(t, e.options())
	ctx := context.Background()
	_, err := statement(t, cnxn, "CREATE TABLE t (id BIGINT, d DECIMAL(10,2), s STRING)").ExecuteUpdate(ctx)
	require.NoError(t, err)
	stmt := statement(t, cnxn, "INSERT INTO t VALUES (?, ?, ?)")
	require.NoError(t, stmt.Prepare(ctx))
	in := fields(arrow.PrimitiveTypes.Int64, &arrow.Decimal128Type{Precision: 10, Scale: 2}, arrow.BinaryTypes.LargeString)
	require.NoError(t, stmt.Bind(ctx, record(t, e.mem, in, `[{"c0": 1, "c1": "1.50", "c2": "a"}, {"c0": 2}, {"c0": 3, "c1": "-0.01"}]`)))
	n, err := stmt.ExecuteUpdate(ctx)
	require.NoError(t, err)
	require.Equal(t, int64(3), n)

	_, rows := readAll(t, query(t, cnxn, "SELECT id, d::STRING, s FROM t ORDER BY id"))
	require.Equal(t, [][]string{{"1", "1.50", "a"}, {"2", "(null)", "(null)"}, {"3", "-0.01", "(null)"}}, rows)

	// No rows: nothing runs.
	require.NoError(t, stmt.Bind(ctx, record(t, e.mem, in, `[]`)))
	n, err = stmt.ExecuteUpdate(ctx)
	require.NoError(t, err)
	require.Equal(t, int64(-1), n)
	_, _, err = stmt.ExecuteQuery(ctx)
	adbcError(t, err, adbc.StatusInvalidArgument)
}

func TestBindErrors(t *testing.T) {
	e := newEnv(t, warehouse.Config{})
	_, cnxn := e.open(t, e.options())
	ctx := context.Background()
	two := record(t, e.mem, fields(arrow.PrimitiveTypes.Int64, arrow.PrimitiveTypes.Int64), `[{"c0": 1, "c1": 2}]`)

	// Mixing markers fails at Prepare.
	adbcError(t, statement(t, cnxn, "SELECT ?, :a").Prepare(ctx), adbc.StatusInvalidArgument)
	// More than 256 markers.
	adbcError(t, statement(t, cnxn, "SELECT "+strings.Repeat("?, ", 256)+"?").Prepare(ctx), adbc.StatusInvalidArgument)

	// Column count mismatch.
	stmt := statement(t, cnxn, "SELECT ?")
	require.NoError(t, stmt.Bind(ctx, two))
	_, _, err := stmt.ExecuteQuery(ctx)
	require.ErrorContains(t, adbcError(t, err, adbc.StatusInvalidArgument), "1 ? markers but the bound data has 2 columns")

	// A :name without a column.
	stmt = statement(t, cnxn, "SELECT :c0, :missing")
	require.NoError(t, stmt.Bind(ctx, two))
	_, err = stmt.ExecuteUpdate(ctx)
	require.ErrorContains(t, adbcError(t, err, adbc.StatusInvalidArgument), ":missing")

	// Types without a Databricks parameter type.
	list := record(t, e.mem, fields(arrow.ListOf(arrow.PrimitiveTypes.Int32)), `[{"c0": [1]}]`)
	stmt = statement(t, cnxn, "SELECT ?")
	require.NoError(t, stmt.Bind(ctx, list))
	_, _, err = stmt.ExecuteQuery(ctx)
	require.ErrorContains(t, adbcError(t, err, adbc.StatusNotImplemented), "list<item: int32")

	// A failing row stops the stream with the server's error.
	stmt = statement(t, cnxn, "SELECT CAST(? AS INT) AS x")
	require.NoError(t, stmt.Bind(ctx, record(t, e.mem, fields(arrow.BinaryTypes.String), `[{"c0": "1"}, {"c0": "x"}]`)))
	rdr, _, err := stmt.ExecuteQuery(ctx)
	require.NoError(t, err)
	for rdr.Next() {
	}
	require.Error(t, rdr.Err())
	rdr.Release()

	// Closed statements refuse binding.
	st, err := cnxn.NewStatement()
	require.NoError(t, err)
	require.NoError(t, st.Close())
	adbcError(t, st.Bind(ctx, two), adbc.StatusInvalidState)
}

func TestGetParameterSchema(t *testing.T) {
	e := newEnv(t, warehouse.Config{})
	_, cnxn := e.open(t, e.options())
	ctx := context.Background()
	for q, want := range map[string][]string{
		"SELECT ?, '?', ? -- ?":     {"?1", "?2"},
		"SELECT :b, :a, :b, x::INT": {"b", "a"},
		"SELECT 1":                  nil,
	} {
		stmt := statement(t, cnxn, q)
		require.NoError(t, stmt.Prepare(ctx))
		sc, err := stmt.GetParameterSchema()
		require.NoError(t, err)
		var names []string
		for _, f := range sc.Fields() {
			names = append(names, f.Name)
			require.Equal(t, arrow.Null, f.Type)
		}
		require.Equal(t, want, names, q)
	}
	_, err := statement(t, cnxn, "SELECT 'open").GetParameterSchema()
	adbcError(t, err, adbc.StatusInvalidArgument)
}

func TestExecuteSchemaDescribesWithoutRunning(t *testing.T) {
	e := newEnv(t, warehouse.Config{})
	_, cnxn := e.open(t, e.options())
	ctx := context.Background()
	_, err := statement(t, cnxn, "CREATE TABLE t (id BIGINT)").ExecuteUpdate(ctx)
	require.NoError(t, err)
	stmt := statement(t, cnxn, "SELECT 1.5::DECIMAL(12,3) AS d, TIMESTAMPTZ '2024-01-01 00:00:00+00' AS ts, [1, 2] AS arr FROM t")
	sc, err := stmt.(adbc.StatementExecuteSchema).ExecuteSchema(ctx)
	require.NoError(t, err)
	require.True(t, arrow.TypeEqual(&arrow.Decimal128Type{Precision: 12, Scale: 3}, sc.Field(0).Type), "%s", sc)
	require.True(t, arrow.TypeEqual(&arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "Etc/UTC"}, sc.Field(1).Type), "%s", sc)
	require.True(t, arrow.TypeEqual(arrow.ListOf(arrow.PrimitiveTypes.Int32), sc.Field(2).Type), "%s", sc)

	// The schema matches the executed result's.
	rdr, _, err := stmt.ExecuteQuery(ctx)
	require.NoError(t, err)
	require.True(t, rdr.Schema().Equal(sc), "%s vs %s", rdr.Schema(), sc)
	rdr.Release()

	_, err = statement(t, cnxn, "DROP TABLE t").(adbc.StatementExecuteSchema).ExecuteSchema(ctx)
	require.Error(t, err)
	_, rows := readAll(t, query(t, cnxn, "SELECT count(*) FROM t"))
	require.Equal(t, [][]string{{"0"}}, rows, "the table is still there")
}
