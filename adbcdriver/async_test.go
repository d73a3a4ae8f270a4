package adbcdriver_test

import (
	"context"
	"testing"
	"time"

	"github.com/apache/arrow-adbc/go/adbc"
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/adbcdriver"
	"github.com/sealane/sealane/warehouse"
)

// detailsOf returns the text details of an adbc.Error by key.
func detailsOf(t *testing.T, ae adbc.Error) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, d := range ae.Details {
		b, err := d.Serialize()
		require.NoError(t, err)
		out[d.Key()] = string(b)
	}
	return out
}

func TestSubmitReturnsIDAtOnceThenWaits(t *testing.T) {
	e := newEnv(t, warehouse.Config{})
	_, cnxn := e.open(t, e.options())
	stmt := statement(t, cnxn, "SELECT sum(a.id) AS s FROM range(3000) a, range(3000) b")
	ctx := context.Background()

	a, err := adbcdriver.Submit(ctx, stmt)
	require.NoError(t, err)
	require.NotEmpty(t, a.StatementID())
	state, err := a.Status(ctx)
	require.NoError(t, err)
	require.Contains(t, []string{"PENDING", "RUNNING", "SUCCEEDED"}, state)

	rows, sum := drainInt64Decimal(t, a, ctx)
	require.Equal(t, int64(1), rows)
	require.Equal(t, int64(3000)*(2999*3000/2), sum)
}

// drainInt64Decimal waits for a and reads its one-column result as int64
// (DuckDB's sum over BIGINT is HUGEINT, sent as DECIMAL(38,0)).
func drainInt64Decimal(t *testing.T, a *adbcdriver.Async, ctx context.Context) (rows, sum int64) {
	t.Helper()
	rdr, err := a.Wait(ctx)
	require.NoError(t, err)
	defer rdr.Release()
	for rdr.Next() {
		rec := rdr.RecordBatch()
		rows += rec.NumRows()
		switch col := rec.Column(0).(type) {
		case *array.Int64:
			sum += col.Value(0)
		case *array.Decimal128:
			sum += int64(col.Value(0).LowBits())
		default:
			t.Fatalf("unexpected column type %s", col.DataType())
		}
	}
	require.NoError(t, rdr.Err())
	return rows, sum
}

func TestSubmitBindsOneRowOfParameters(t *testing.T) {
	e := newEnv(t, warehouse.Config{})
	_, cnxn := e.open(t, e.options())
	ctx := context.Background()
	stmt := statement(t, cnxn, "SELECT CAST(:n AS BIGINT) * 2 AS twice")

	b := array.NewRecordBuilder(memory.DefaultAllocator, arrow.NewSchema([]arrow.Field{{Name: "n", Type: arrow.PrimitiveTypes.Int64}}, nil))
	defer b.Release()
	b.Field(0).(*array.Int64Builder).Append(21)
	rec := b.NewRecordBatch()
	defer rec.Release()
	require.NoError(t, stmt.Bind(ctx, rec))

	a, err := adbcdriver.Submit(ctx, stmt)
	require.NoError(t, err)
	rows, sum := drainInt64Decimal(t, a, ctx)
	require.Equal(t, int64(1), rows)
	require.Equal(t, int64(42), sum)

	b.Field(0).(*array.Int64Builder).AppendValues([]int64{1, 2}, nil)
	two := b.NewRecordBatch()
	defer two.Release()
	require.NoError(t, stmt.Bind(ctx, two))
	_, err = adbcdriver.Submit(ctx, stmt)
	adbcError(t, err, adbc.StatusInvalidArgument)
}

func TestSubmitCancelEndsCanceledOnServer(t *testing.T) {
	e := newEnv(t, warehouse.Config{})
	_, cnxn := e.open(t, e.options())
	ctx := context.Background()
	a, err := adbcdriver.Submit(ctx, statement(t, cnxn, "SELECT count(*) FROM range(1000000000000)"))
	require.NoError(t, err)
	defer a.Close()
	require.NoError(t, a.Cancel(ctx))
	var state string
	require.Eventually(t, func() bool {
		state, err = a.Status(ctx)
		return err == nil && state == "CANCELED"
	}, 5*time.Second, 20*time.Millisecond, "state %s, err %v", state, err)

	_, err = a.Wait(ctx)
	ae := adbcError(t, err, adbc.StatusCancelled)
	require.Equal(t, adbcdriver.SQLStateCanceled, string(ae.SqlState[:]))
	require.Equal(t, a.StatementID(), detailsOf(t, ae)[adbcdriver.DetailStatementID])
}

func TestSubmitFailureCarriesSQLStateAndStatementID(t *testing.T) {
	e := newEnv(t, warehouse.Config{})
	_, cnxn := e.open(t, e.options())
	ctx := context.Background()
	a, err := adbcdriver.Submit(ctx, statement(t, cnxn, "SELECT * FROM no_such_table"))
	require.NoError(t, err)
	defer a.Close()
	_, err = a.Wait(ctx)
	ae := adbcError(t, err, adbc.StatusNotFound)
	require.Equal(t, "42P01", string(ae.SqlState[:]))
	require.Equal(t, a.StatementID(), detailsOf(t, ae)[adbcdriver.DetailStatementID])
}

func TestStreamErrorCarriesSQLStateAndStatementID(t *testing.T) {
	e := newEnv(t, warehouse.Config{ChunkBytes: 64 << 10})
	_, cnxn := e.open(t, e.options("databricks.batch_rows", "-1"))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	rdr, _, err := statement(t, cnxn, "SELECT id FROM range(2000000)").ExecuteQuery(ctx)
	require.NoError(t, err)
	defer rdr.Release()
	require.True(t, rdr.Next())
	cancel()
	for rdr.Next() {
	}
	ae := adbcError(t, rdr.Err(), adbc.StatusCancelled)
	require.Equal(t, adbcdriver.SQLStateCanceled, string(ae.SqlState[:]))
	require.NotEmpty(t, detailsOf(t, ae)[adbcdriver.DetailStatementID])
}
