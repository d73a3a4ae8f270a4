package adbcdriver_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/apache/arrow-adbc/go/adbc"
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/warehouse"
)

// TestBulkIngestModesAndBatching ingests more rows than fit one INSERT
// (256 parameters), with DECIMAL, TIMESTAMP, STRING and NULL values, and
// checks each mode's effect by reading the table back.
func TestBulkIngestModesAndBatching(t *testing.T) {
	e := newEnv(t, warehouse.Config{})
	_, cnxn := e.open(t, e.options())
	ctx := context.Background()
	sc := arrow.NewSchema([]arrow.Field{
		{Name: "id", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
		{Name: "amount", Type: &arrow.Decimal128Type{Precision: 10, Scale: 2}, Nullable: true},
		{Name: "at", Type: &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}, Nullable: true},
		{Name: "label", Type: arrow.BinaryTypes.String, Nullable: true},
	}, nil)
	const n = 300 // 64 rows per INSERT with 4 columns: 5 statements
	var rows []string
	for i := range n {
		label := fmt.Sprintf("%q", fmt.Sprintf("row %d", i))
		if i%50 == 0 {
			label = "null"
		}
		rows = append(rows, fmt.Sprintf(`{"id": %d, "amount": "%d.25", "at": "2024-01-02T03:04:05Z", "label": %s}`, i, i, label))
	}
	rec := record(t, e.mem, sc, "["+strings.Join(rows, ",")+"]")

	ingest := func(mode string) int64 {
		stmt, err := cnxn.NewStatement()
		require.NoError(t, err)
		defer stmt.Close()
		require.NoError(t, stmt.SetOption(adbc.OptionKeyIngestTargetTable, "ingested"))
		require.NoError(t, stmt.SetOption(adbc.OptionKeyIngestMode, mode))
		require.NoError(t, stmt.Bind(ctx, rec))
		affected, err := stmt.ExecuteUpdate(ctx)
		require.NoError(t, err, mode)
		return affected
	}
	count := func() string {
		rdr, _, err := statement(t, cnxn, "SELECT count(*) AS n, CAST(sum(amount) AS STRING) AS total, count(label) AS labels FROM ingested").ExecuteQuery(ctx)
		require.NoError(t, err)
		_, got := readAll(t, rdr)
		return strings.Join(got[0], " ")
	}
	require.Equal(t, int64(n), ingest(adbc.OptionValueIngestModeCreate))
	// sum(i + 0.25) over 0..299 = 44850 + 75
	require.Equal(t, "300 44925.00 294", count())
	require.Equal(t, int64(n), ingest(adbc.OptionValueIngestModeAppend))
	require.Equal(t, "600 89850.00 588", count())
	require.Equal(t, int64(n), ingest(adbc.OptionValueIngestModeCreateAppend))
	require.Equal(t, "900 134775.00 882", count())
	require.Equal(t, int64(n), ingest(adbc.OptionValueIngestModeReplace))
	require.Equal(t, "300 44925.00 294", count())

	rdr, _, err := statement(t, cnxn, "SELECT `at` FROM ingested LIMIT 1").ExecuteQuery(ctx)
	require.NoError(t, err)
	got, vals := readAll(t, rdr)
	require.Equal(t, arrow.TIMESTAMP, got.Field(0).Type.ID())
	require.Contains(t, vals[0][0], "03:04:05")

	// Creating again fails with the server's "already exists".
	stmt, err := cnxn.NewStatement()
	require.NoError(t, err)
	defer stmt.Close()
	require.NoError(t, stmt.SetOption(adbc.OptionKeyIngestTargetTable, "ingested"))
	require.NoError(t, stmt.Bind(ctx, rec))
	_, err = stmt.ExecuteUpdate(ctx)
	ae := adbcError(t, err, adbc.StatusAlreadyExists)
	require.Equal(t, "42P07", string(ae.SqlState[:]))
}
