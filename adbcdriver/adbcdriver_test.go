package adbcdriver_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/apache/arrow-adbc/go/adbc"
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/adbcdriver"
	"github.com/sealane/sealane/warehouse"
	"github.com/sealane/sealane/warehouse/faults"
)

func TestOpenByURIOrServerHostname(t *testing.T) {
	e := newEnv(t, warehouse.Config{})
	byHost := e.options()
	delete(byHost, "uri")
	byHost["adbc.databricks.server_hostname"] = e.url
	for name, opts := range map[string]map[string]string{"uri": e.options(), "server_hostname": byHost} {
		t.Run(name, func(t *testing.T) {
			_, cnxn := e.open(t, opts)
			rows, sum := drainInt64(t, query(t, cnxn, "SELECT CAST(41 AS BIGINT) + 1 AS x"))
			require.Equal(t, int64(1), rows)
			require.Equal(t, int64(42), sum)
		})
	}
}

func query(t *testing.T, cnxn adbc.Connection, sql string) array.RecordReader {
	t.Helper()
	rdr, affected, err := statement(t, cnxn, sql).ExecuteQuery(context.Background())
	require.NoError(t, err)
	require.Equal(t, int64(-1), affected)
	return rdr
}

func TestExecuteQueryStreamsLargeResult(t *testing.T) {
	e := newEnv(t, warehouse.Config{ChunkBytes: 256 << 10})
	_, cnxn := e.open(t, e.options())
	const n = 300_000
	rdr := query(t, cnxn, "SELECT id FROM range(300000)")
	require.Equal(t, "id", rdr.Schema().Field(0).Name)
	rows, sum := drainInt64(t, rdr)
	require.Equal(t, int64(n), rows)
	require.Equal(t, int64(n*(n-1)/2), sum)
}

func TestExecuteUpdateReportsAffectedRows(t *testing.T) {
	e := newEnv(t, warehouse.Config{})
	_, cnxn := e.open(t, e.options())
	ctx := context.Background()
	n, err := statement(t, cnxn, "CREATE TABLE t (id BIGINT, s STRING)").ExecuteUpdate(ctx)
	require.NoError(t, err)
	require.Equal(t, int64(-1), n, "DDL reports no count")
	n, err = statement(t, cnxn, "INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd'), (5, 'e')").ExecuteUpdate(ctx)
	require.NoError(t, err)
	require.Equal(t, int64(5), n)
	rows, sum := drainInt64(t, query(t, cnxn, "SELECT id FROM t"))
	require.Equal(t, int64(5), rows)
	require.Equal(t, int64(15), sum)
}

func TestGetInfo(t *testing.T) {
	e := newEnv(t, warehouse.Config{})
	_, cnxn := e.open(t, e.options())
	rdr, err := cnxn.GetInfo(context.Background(), nil)
	require.NoError(t, err)
	defer rdr.Release()
	require.True(t, adbc.GetInfoSchema.Equal(rdr.Schema()))
	got := map[adbc.InfoCode]any{}
	for rdr.Next() {
		rec := rdr.RecordBatch()
		codes := rec.Column(0).(*array.Uint32)
		values := rec.Column(1).(*array.DenseUnion)
		for i := 0; i < int(rec.NumRows()); i++ {
			child, off := values.Field(values.ChildID(i)), int(values.ValueOffset(i))
			if child.IsNull(off) {
				got[adbc.InfoCode(codes.Value(i))] = nil
				continue
			}
			got[adbc.InfoCode(codes.Value(i))] = child.GetOneForMarshal(off)
		}
	}
	require.NoError(t, rdr.Err())
	require.Equal(t, "ADBC sealane Databricks Driver", got[adbc.InfoDriverName])
	require.Equal(t, "Databricks", got[adbc.InfoVendorName])
	require.Equal(t, adbcdriver.DriverVersion, got[adbc.InfoDriverVersion])
	require.Equal(t, adbc.AdbcVersion1_1_0, got[adbc.InfoDriverADBCVersion])
	require.Equal(t, true, got[adbc.InfoVendorSql])
	require.Equal(t, false, got[adbc.InfoVendorSubstrait])
	require.True(t, strings.HasPrefix(got[adbc.InfoDriverArrowVersion].(string), "v18"), got[adbc.InfoDriverArrowVersion])
	require.Contains(t, got, adbc.InfoVendorVersion)
	require.Nil(t, got[adbc.InfoVendorVersion], "the SEA API does not tell the server version")

	rdr2, err := cnxn.GetInfo(context.Background(), []adbc.InfoCode{adbc.InfoDriverName, adbc.InfoCode(9999)})
	require.NoError(t, err)
	defer rdr2.Release()
	require.True(t, rdr2.Next())
	require.Equal(t, int64(1), rdr2.RecordBatch().NumRows(), "unknown codes are skipped")
}

func TestGetTableTypes(t *testing.T) {
	e := newEnv(t, warehouse.Config{})
	_, cnxn := e.open(t, e.options())
	rdr, err := cnxn.GetTableTypes(context.Background())
	require.NoError(t, err)
	defer rdr.Release()
	require.True(t, adbc.TableTypesSchema.Equal(rdr.Schema()))
	require.True(t, rdr.Next())
	col := rdr.RecordBatch().Column(0).(*array.String)
	var types []string
	for i := 0; i < col.Len(); i++ {
		types = append(types, col.Value(i))
	}
	require.Equal(t, []string{"SYSTEM TABLE", "TABLE", "VIEW", "METRIC_VIEW"}, types)
}

func TestFailedQueryCarriesSQLStateAndStatementID(t *testing.T) {
	e := newEnv(t, warehouse.Config{})
	_, cnxn := e.open(t, e.options())
	_, _, err := statement(t, cnxn, "SELECT * FROM no_such_table").ExecuteQuery(context.Background())
	ae := adbcError(t, err, adbc.StatusNotFound)
	require.Equal(t, "42P01", string(ae.SqlState[:]))
	require.Contains(t, ae.Msg, "no_such_table")
	details := map[string]string{}
	for _, d := range ae.Details {
		b, err := d.Serialize()
		require.NoError(t, err)
		details[d.Key()] = string(b)
	}
	require.NotEmpty(t, details[adbcdriver.DetailStatementID])
	require.Contains(t, ae.Msg, details[adbcdriver.DetailStatementID])

	_, _, err = statement(t, cnxn, "SELEC 1").ExecuteQuery(context.Background())
	ae = adbcError(t, err, adbc.StatusInvalidArgument)
	require.Equal(t, "42601", string(ae.SqlState[:]))
}

func TestBadTokenIsUnauthenticated(t *testing.T) {
	e := newEnv(t, warehouse.Config{})
	db, err := e.drv.NewDatabase(e.options("databricks.access_token", "dapi-wrong-secret"))
	require.NoError(t, err)
	defer func() { require.NoError(t, db.Close()) }()
	_, err = db.Open(context.Background())
	ae := adbcError(t, err, adbc.StatusUnauthenticated)
	require.NotContains(t, err.Error(), "dapi-wrong-secret")
	require.Contains(t, ae.Msg, "401")
}

func TestOptionErrorsNameTheKey(t *testing.T) {
	e := newEnv(t, warehouse.Config{})
	_, err := e.drv.NewDatabase(e.options("databricks.no_such_option", "1"))
	adbcError(t, err, adbc.StatusNotImplemented)
	require.ErrorContains(t, err, "databricks.no_such_option")

	_, err = e.drv.NewDatabase(e.options("databricks.retry.min_wait", "soon"))
	adbcError(t, err, adbc.StatusInvalidArgument)
	require.ErrorContains(t, err, "databricks.retry.min_wait")

	_, err = e.drv.NewDatabase(e.options("databricks.auth.type", "kerberos"))
	adbcError(t, err, adbc.StatusInvalidArgument)
	require.ErrorContains(t, err, "not supported yet")

	db, cnxn := e.open(t, e.options())
	err = db.SetOptions(map[string]string{"databricks.batch_rows": "x", "databricks.access_token": "dapi-new-secret"})
	adbcError(t, err, adbc.StatusInvalidArgument)
	require.NotContains(t, err.Error(), "dapi-new-secret")

	err = cnxn.(adbc.PostInitOptions).SetOption("bogus.connection.key", "1")
	adbcError(t, err, adbc.StatusNotImplemented)
	require.ErrorContains(t, err, "bogus.connection.key")
	err = cnxn.(adbc.PostInitOptions).SetOption("databricks.http_path", "/x")
	adbcError(t, err, adbc.StatusInvalidState)

	stmt := statement(t, cnxn, "SELECT 1")
	err = stmt.SetOption("bogus.statement.key", "1")
	adbcError(t, err, adbc.StatusNotImplemented)
	require.ErrorContains(t, err, "bogus.statement.key")
}

func TestDatabaseOptionsNeverReturnSecrets(t *testing.T) {
	e := newEnv(t, warehouse.Config{})
	db, err := e.drv.NewDatabase(map[string]string{
		"uri":                     "token:dapi-in-uri@127.0.0.1:1/sql/1.0/warehouses/w",
		"databricks.access_token": "dapi-direct",
		"adbc.connection.catalog": "main",
		"databricks.batch_rows":   "1000",
	})
	require.NoError(t, err)
	defer func() { require.NoError(t, db.Close()) }()
	gs := db.(adbc.GetSetOptions)
	_, err = gs.GetOption("databricks.access_token")
	adbcError(t, err, adbc.StatusNotFound)
	uri, err := gs.GetOption("uri")
	require.NoError(t, err)
	require.Equal(t, "token:REDACTED@127.0.0.1:1/sql/1.0/warehouses/w", uri)
	v, err := gs.GetOption("databricks.catalog")
	require.NoError(t, err)
	require.Equal(t, "main", v)
	n, err := gs.GetOptionInt("adbc.databricks.batch_rows")
	require.NoError(t, err)
	require.Equal(t, int64(1000), n)
	require.NoError(t, gs.SetOptionInt("databricks.cloudfetch.parallel", 4))
	_, err = gs.GetOption("databricks.schema")
	adbcError(t, err, adbc.StatusNotFound)
}

func TestContextCancelsLongQuery(t *testing.T) {
	e := newEnv(t, warehouse.Config{DirectResultsWait: 100 * time.Millisecond})
	_, cnxn := e.open(t, e.options())
	stmt := statement(t, cnxn, "SELECT count(*) FROM range(1000000000000)")
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, _, err := stmt.ExecuteQuery(ctx)
	require.Less(t, time.Since(start), 5*time.Second, "the caller gets control back promptly")
	adbcError(t, err, adbc.StatusTimeout)

	ctx2, cancel2 := context.WithCancel(context.Background())
	time.AfterFunc(200*time.Millisecond, cancel2)
	_, err = stmt.ExecuteUpdate(ctx2)
	adbcError(t, err, adbc.StatusCancelled)
}

func TestCurrentCatalogAndSchema(t *testing.T) {
	e := newEnv(t, warehouse.Config{})
	_, cnxn := e.open(t, e.options())
	gs := cnxn.(adbc.GetSetOptions)
	cat, err := gs.GetOption(adbc.OptionKeyCurrentCatalog)
	require.NoError(t, err)
	require.NotEmpty(t, cat)
	n, err := statement(t, cnxn, "CREATE SCHEMA other").ExecuteUpdate(context.Background())
	require.NoError(t, err)
	require.Equal(t, int64(-1), n)

	require.NoError(t, gs.SetOption(adbc.OptionKeyCurrentDbSchema, "other"))
	schema, err := gs.GetOption(adbc.OptionKeyCurrentDbSchema)
	require.NoError(t, err)
	require.Equal(t, "other", schema)
	require.NoError(t, gs.SetOption(adbc.OptionKeyCurrentCatalog, cat))
	schema, err = gs.GetOption(adbc.OptionKeyCurrentDbSchema)
	require.NoError(t, err)
	require.Equal(t, "default", schema, "USE CATALOG resets the schema")

	err = gs.SetOption(adbc.OptionKeyCurrentDbSchema, "no_such_schema")
	adbcError(t, err, adbc.StatusNotFound)
}

func TestStatementOptions(t *testing.T) {
	e := newEnv(t, warehouse.Config{})
	_, cnxn := e.open(t, e.options())
	stmt := statement(t, cnxn, "SELECT id FROM range(100)")
	gs := stmt.(adbc.GetSetOptions)
	require.NoError(t, gs.SetOptionInt(adbcdriver.OptionStatementRowLimit, 10))
	require.NoError(t, gs.SetOption("adbc."+adbcdriver.OptionStatementQueryTags, `team:data\,eng,adhoc`))
	tags, err := gs.GetOption(adbcdriver.OptionStatementQueryTags)
	require.NoError(t, err)
	require.Equal(t, `team:data\,eng,adhoc`, tags)
	rdr, _, err := stmt.ExecuteQuery(context.Background())
	require.NoError(t, err)
	rows, _ := drainInt64(t, rdr)
	require.Equal(t, int64(10), rows)
	limit, err := gs.GetOptionInt(adbcdriver.OptionStatementRowLimit)
	require.NoError(t, err)
	require.Equal(t, int64(10), limit)

	adbcError(t, gs.SetOption(adbcdriver.OptionStatementRowLimit, "-1"), adbc.StatusInvalidArgument)
	require.NoError(t, gs.SetOption(adbcdriver.OptionStatementQueryTags, ""))
	adbcError(t, gs.SetOption(adbcdriver.OptionStatementQueryTags, ":v"), adbc.StatusInvalidArgument)
	adbcError(t, gs.SetOption(adbcdriver.OptionStatementQueryTags, `k\`), adbc.StatusInvalidArgument)
	require.NoError(t, gs.SetOption(adbc.OptionKeyIncremental, adbc.OptionValueDisabled))
	adbcError(t, gs.SetOption(adbc.OptionKeyIncremental, adbc.OptionValueEnabled), adbc.StatusNotImplemented)
	p, err := gs.GetOptionDouble(adbc.OptionKeyProgress)
	require.NoError(t, err)
	require.Zero(t, p)
}

// TestStatementRowLimitZero: a row limit of 0 means no rows (as the
// kernel's WithRowLimit(0)), with the result's schema; unset, or set to "",
// means no limit.
func TestStatementRowLimitZero(t *testing.T) {
	e := newEnv(t, warehouse.Config{})
	_, cnxn := e.open(t, e.options())
	stmt := statement(t, cnxn, "SELECT id FROM range(100)")
	gs := stmt.(adbc.GetSetOptions)
	_, err := gs.GetOption(adbcdriver.OptionStatementRowLimit)
	adbcError(t, err, adbc.StatusNotFound)

	require.NoError(t, gs.SetOptionInt(adbcdriver.OptionStatementRowLimit, 0))
	limit, err := gs.GetOptionInt(adbcdriver.OptionStatementRowLimit)
	require.NoError(t, err)
	require.Zero(t, limit)
	rdr, _, err := stmt.ExecuteQuery(context.Background())
	require.NoError(t, err)
	require.Equal(t, []string{"id"}, fieldNames(rdr.Schema()))
	rows, _ := drainInt64(t, rdr)
	require.Zero(t, rows, "row limit 0 returns no rows")

	require.NoError(t, gs.SetOption(adbcdriver.OptionStatementRowLimit, ""))
	_, err = gs.GetOption(adbcdriver.OptionStatementRowLimit)
	adbcError(t, err, adbc.StatusNotFound)
	rdr, _, err = stmt.ExecuteQuery(context.Background())
	require.NoError(t, err)
	rows, _ = drainInt64(t, rdr)
	require.Equal(t, int64(100), rows, "no limit once unset")
}

func fieldNames(s *arrow.Schema) []string {
	names := make([]string, s.NumFields())
	for i, f := range s.Fields() {
		names[i] = f.Name
	}
	return names
}

func TestExecuteSchema(t *testing.T) {
	e := newEnv(t, warehouse.Config{})
	_, cnxn := e.open(t, e.options())
	stmt := statement(t, cnxn, "SELECT CAST(1 AS BIGINT) AS n, 'x' AS s;")
	sc, err := stmt.(adbc.StatementExecuteSchema).ExecuteSchema(context.Background())
	require.NoError(t, err)
	require.Equal(t, []string{"n", "s"}, []string{sc.Field(0).Name, sc.Field(1).Name})
	require.Equal(t, arrow.INT64, sc.Field(0).Type.ID())
	require.Equal(t, arrow.STRING, sc.Field(1).Type.ID())
}

func TestUnimplementedAreHonest(t *testing.T) {
	e := newEnv(t, warehouse.Config{})
	_, cnxn := e.open(t, e.options())
	ctx := context.Background()
	_, err := cnxn.ReadPartition(ctx, nil)
	adbcError(t, err, adbc.StatusNotImplemented)
	adbcError(t, cnxn.Commit(ctx), adbc.StatusInvalidState)
	adbcError(t, cnxn.Rollback(ctx), adbc.StatusInvalidState)
	gs := cnxn.(adbc.GetSetOptions)
	v, err := gs.GetOption(adbc.OptionKeyAutoCommit)
	require.NoError(t, err)
	require.Equal(t, "true", v)
	require.NoError(t, gs.SetOption(adbc.OptionKeyAutoCommit, "true"))
	adbcError(t, gs.SetOption(adbc.OptionKeyAutoCommit, "false"), adbc.StatusNotImplemented)
	adbcError(t, gs.SetOption(adbc.OptionKeyAutoCommit, "maybe"), adbc.StatusInvalidArgument)

	stmt := statement(t, cnxn, "SELECT ?")
	require.NoError(t, stmt.Prepare(ctx))
	_, _, _, err = stmt.ExecutePartitions(ctx)
	adbcError(t, err, adbc.StatusNotImplemented)
	adbcError(t, stmt.SetSubstraitPlan([]byte{1}), adbc.StatusNotImplemented)
	adbcError(t, stmt.SetOption(adbc.OptionValueIngestTemporary, adbc.OptionValueEnabled), adbc.StatusNotImplemented)
}

func TestLifecycleStates(t *testing.T) {
	e := newEnv(t, warehouse.Config{})
	db, err := e.drv.NewDatabase(e.options())
	require.NoError(t, err)
	cnxn, err := db.Open(context.Background())
	require.NoError(t, err)
	stmt, err := cnxn.NewStatement()
	require.NoError(t, err)
	_, _, err = stmt.ExecuteQuery(context.Background())
	adbcError(t, err, adbc.StatusInvalidState)
	adbcError(t, stmt.Prepare(context.Background()), adbc.StatusInvalidState)
	require.NoError(t, stmt.SetSqlQuery("SELECT 1"))
	// A reader outlives its statement and connection.
	rdr, _, err := stmt.ExecuteQuery(context.Background())
	require.NoError(t, err)
	require.NoError(t, stmt.Close())
	adbcError(t, stmt.Close(), adbc.StatusInvalidState)
	require.NoError(t, cnxn.Close())
	adbcError(t, cnxn.Close(), adbc.StatusInvalidState)
	require.True(t, rdr.Next())
	rdr.Release()
	_, err = cnxn.NewStatement()
	adbcError(t, err, adbc.StatusInvalidState)
	require.NoError(t, db.Close())
	_, err = db.Open(context.Background())
	adbcError(t, err, adbc.StatusInvalidState)
	require.False(t, errors.Is(err, context.Canceled))
}

func TestLoggerReachesKernelWithoutSecrets(t *testing.T) {
	e := newEnv(t, warehouse.Config{})
	db, err := e.drv.NewDatabase(e.options())
	require.NoError(t, err)
	var buf strings.Builder
	var mu sync.Mutex
	db.(adbc.DatabaseLogging).SetLogger(slog.New(slog.NewTextHandler(lockedWriter{&mu, &buf}, &slog.HandlerOptions{Level: slog.LevelDebug})))
	cnxn, err := db.Open(context.Background())
	require.NoError(t, err)
	rows, _ := drainInt64(t, query(t, cnxn, "SELECT CAST(1 AS BIGINT)"))
	require.Equal(t, int64(1), rows)
	require.NoError(t, cnxn.Close())
	require.NoError(t, db.Close())
	mu.Lock()
	defer mu.Unlock()
	require.Contains(t, buf.String(), "session opened")
	require.Contains(t, buf.String(), "/statements", "the kernel's records of API calls")
	require.NotContains(t, buf.String(), testToken)
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// TestExecuteQueryDownloadFailureNamesStatement: a result download that
// fails inside ExecuteQuery (the first chunks are fetched before it
// returns) is an I/O error with SQLSTATE 08006 and the statement id as a
// detail, not only in the message.
func TestExecuteQueryDownloadFailureNamesStatement(t *testing.T) {
	e := newEnv(t, warehouse.Config{InlineLimit: 1024, ChunkBytes: 64 << 10,
		Faults: faults.Config{Errors: []faults.Rule{{Call: faults.CallDownload, Status: 503}}}})
	_, cnxn := e.open(t, e.options("databricks.cloudfetch.max_retries", "1"))
	st := statement(t, cnxn, "SELECT id FROM range(300000)")
	_, _, err := st.ExecuteQuery(context.Background())
	ae := adbcError(t, err, adbc.StatusIO)
	require.Equal(t, "08006", string(ae.SqlState[:]))
	var id string
	for _, d := range ae.Details {
		if d.Key() == adbcdriver.DetailStatementID {
			id = d.(*adbc.TextErrorDetail).Detail
		}
	}
	require.NotEmpty(t, id, "details: %v, message %q", ae.Details, ae.Msg)
	require.Contains(t, ae.Msg, "statement "+id)
}
