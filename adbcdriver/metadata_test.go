package adbcdriver_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/apache/arrow-adbc/go/adbc"
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/adbcdriver"
	"github.com/sealane/sealane/warehouse"
	"github.com/sealane/sealane/warehouse/duckengine"
)

// createTableFrom creates name with rec's columns (BIGINT, STRING, DOUBLE,
// BOOLEAN) and inserts its rows as SQL literals.
func createTableFrom(drv adbc.Driver, opts map[string]string, name string, rec arrow.RecordBatch) error {
	db, err := drv.NewDatabase(opts)
	if err != nil {
		return err
	}
	defer func() { _ = db.Close() }()
	cnxn, err := db.Open(context.Background())
	if err != nil {
		return err
	}
	defer func() { _ = cnxn.Close() }()
	types := map[arrow.Type]string{arrow.INT64: "BIGINT", arrow.STRING: "STRING", arrow.FLOAT64: "DOUBLE", arrow.BOOL: "BOOLEAN"}
	var cols []string
	for _, f := range rec.Schema().Fields() {
		typ, ok := types[f.Type.ID()]
		if !ok {
			return fmt.Errorf("createTableFrom: no SQL type for %s", f.Type)
		}
		cols = append(cols, "`"+f.Name+"` "+typ)
	}
	var rows []string
	for r := 0; r < int(rec.NumRows()); r++ {
		var vals []string
		for _, col := range rec.Columns() {
			switch {
			case col.IsNull(r):
				vals = append(vals, "NULL")
			case col.DataType().ID() == arrow.STRING:
				vals = append(vals, "'"+strings.ReplaceAll(col.ValueStr(r), "'", `\'`)+"'")
			default:
				vals = append(vals, col.ValueStr(r))
			}
		}
		rows = append(rows, "("+strings.Join(vals, ", ")+")")
	}
	sqls := []string{"DROP TABLE IF EXISTS `" + name + "`", "CREATE TABLE `" + name + "` (" + strings.Join(cols, ", ") + ")"}
	if len(rows) > 0 {
		sqls = append(sqls, "INSERT INTO `"+name+"` VALUES "+strings.Join(rows, ", "))
	}
	return execAll(cnxn, sqls...)
}

// execAll runs statements for their effect.
func execAll(cnxn adbc.Connection, sqls ...string) error {
	for _, q := range sqls {
		stmt, err := cnxn.NewStatement()
		if err != nil {
			return err
		}
		if err = stmt.SetSqlQuery(q); err == nil {
			_, err = stmt.ExecuteUpdate(context.Background())
		}
		_ = stmt.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", q, err)
		}
	}
	return nil
}

// countingEnv is a local warehouse that counts statement executions.
type countingEnv struct {
	*env
	statements atomic.Int64
}

// newCountingEnv starts a warehouse behind a counting middleware; the
// driver's allocator must be empty at cleanup.
func newCountingEnv(tb testing.TB) *countingEnv {
	tb.Helper()
	eng, err := duckengine.Open(context.Background(), duckengine.Config{})
	require.NoError(tb, err)
	srv := warehouse.New(eng, warehouse.Config{Tokens: []string{testToken}})
	ce := &countingEnv{}
	h := srv.Handler()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/statements") {
			ce.statements.Add(1)
		}
		h.ServeHTTP(w, r)
	}))
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	ce.env = &env{url: ts.URL, httpPath: srv.Config().HTTPPath(), mem: mem, drv: adbcdriver.NewDriver(mem)}
	tb.Cleanup(func() {
		ts.Close()
		require.NoError(tb, srv.Close())
		require.NoError(tb, eng.Close())
		mem.AssertSize(tb, 0)
	})
	return ce
}

// since returns the statements counted since the last call.
func (ce *countingEnv) since() int64 { return ce.statements.Swap(0) }

// metaFixture: two catalogs a '_' wildcard confuses, a schema and a table
// with '.', a view, a schema without tables.
var metaFixture = []string{
	"CREATE CATALOG meta_1",
	"CREATE CATALOG metax1",
	"CREATE SCHEMA meta_1.sales",
	"CREATE SCHEMA meta_1.`a.b`",
	"CREATE SCHEMA meta_1.axb",
	"CREATE SCHEMA meta_1.empty",
	"CREATE SCHEMA metax1.sales",
	"CREATE TABLE meta_1.sales.orders (id BIGINT NOT NULL, name STRING, amount DECIMAL(10,2), ts TIMESTAMP, tags INT[], ntz TIMESTAMP_NTZ)",
	"CREATE VIEW meta_1.sales.order_view AS SELECT id FROM meta_1.sales.orders",
	"CREATE TABLE meta_1.`a.b`.`x.y` (x INT)",
	"CREATE TABLE meta_1.axb.xzy (x INT)",
	"CREATE TABLE metax1.sales.items (id BIGINT)",
}

func metaConn(t *testing.T) (*countingEnv, adbc.Connection) {
	t.Helper()
	ce := newCountingEnv(t)
	_, cnxn := ce.open(t, ce.options())
	require.NoError(t, execAll(cnxn, metaFixture...))
	ce.since()
	return ce, cnxn
}

// flatten renders a GetObjects result as lines: "cat", "cat/schema",
// "cat/schema/table TYPE", "cat/schema/table.col #pos TYPE_TEXT code
// nullable"; a null child list is "<cat> -" and so on.
func flatten(t *testing.T, rdr array.RecordReader) []string {
	t.Helper()
	defer rdr.Release()
	require.True(t, adbc.GetObjectsSchema.Equal(rdr.Schema()))
	var out []string
	for rdr.Next() {
		rec := rdr.RecordBatch()
		cats := rec.Column(0).(*array.String)
		schemasL := rec.Column(1).(*array.List)
		schemas := schemasL.ListValues().(*array.Struct)
		tablesL := schemas.Field(1).(*array.List)
		tables := tablesL.ListValues().(*array.Struct)
		colsL := tables.Field(2).(*array.List)
		cols := colsL.ListValues().(*array.Struct)
		for i := 0; i < int(rec.NumRows()); i++ {
			cat := cats.Value(i)
			if schemasL.IsNull(i) {
				out = append(out, cat+" -")
				continue
			}
			out = append(out, cat)
			s0, s1 := schemasL.ValueOffsets(i)
			for s := int(s0); s < int(s1); s++ {
				sname := cat + "/" + schemas.Field(0).(*array.String).Value(s)
				if tablesL.IsNull(s) {
					out = append(out, sname+" -")
					continue
				}
				out = append(out, sname)
				t0, t1 := tablesL.ValueOffsets(s)
				for tb := int(t0); tb < int(t1); tb++ {
					tname := sname + "/" + tables.Field(0).(*array.String).Value(tb)
					out = append(out, tname+" "+tables.Field(1).(*array.String).Value(tb)+map[bool]string{true: " -"}[colsL.IsNull(tb)])
					c0, c1 := colsL.ValueOffsets(tb)
					for c := int(c0); c < int(c1); c++ {
						out = append(out, fmt.Sprintf("%s.%s #%d %s %d %s", tname, cols.Field(0).(*array.String).Value(c),
							cols.Field(1).(*array.Int32).Value(c), cols.Field(4).(*array.String).Value(c),
							cols.Field(3).(*array.Int16).Value(c), cols.Field(13).(*array.String).Value(c)))
					}
				}
			}
		}
	}
	require.NoError(t, rdr.Err())
	return out
}

func ptr(s string) *string { return &s }

func TestGetObjectsDepths(t *testing.T) {
	ce, cnxn := metaConn(t)
	ctx := context.Background()
	get := func(depth adbc.ObjectDepth, cat, schema, table, col *string, types ...string) []string {
		t.Helper()
		rdr, err := cnxn.GetObjects(ctx, depth, cat, schema, table, col, types)
		require.NoError(t, err)
		return flatten(t, rdr)
	}
	require.Equal(t, []string{"meta_1 -", "metax1 -"}, get(adbc.ObjectDepthCatalogs, ptr("meta_1"), nil, nil, nil))
	require.EqualValues(t, 1, ce.since(), "depth catalogs: SHOW CATALOGS only")
	require.Equal(t, []string{"meta_1 -"}, get(adbc.ObjectDepthCatalogs, ptr(`meta\_1`), nil, nil, nil))
	require.EqualValues(t, 1, ce.since())

	require.Equal(t, []string{"meta_1", "meta_1/a.b -", "metax1"},
		get(adbc.ObjectDepthDBSchemas, ptr("meta%"), ptr("a.b"), nil, nil), "'.' is literal")
	require.EqualValues(t, 2, ce.since())
	require.Equal(t, []string{"meta_1", "meta_1/a.b -", "meta_1/axb -"},
		get(adbc.ObjectDepthDBSchemas, ptr(`meta\_1`), ptr("a_b"), nil, nil), "'_' is any character")
	require.EqualValues(t, 2, ce.since(), "one catalog: SHOW SCHEMAS IN `meta_1`")

	require.Equal(t, []string{"meta_1", "meta_1/sales", "meta_1/sales/order_view VIEW -", "meta_1/sales/orders TABLE -", "metax1", "metax1/sales", "metax1/sales/items TABLE -"},
		get(adbc.ObjectDepthTables, ptr("meta%"), ptr("sales"), nil, nil))
	require.EqualValues(t, 3, ce.since())
	require.Equal(t, []string{"meta_1", "meta_1/sales", "meta_1/sales/order_view VIEW -", "metax1", "metax1/sales"},
		get(adbc.ObjectDepthTables, ptr("meta%"), ptr("sales"), nil, nil, "VIEW"))
	require.Equal(t, []string{"meta_1", "meta_1/a.b", "meta_1/a.b/x.y TABLE -"},
		get(adbc.ObjectDepthTables, ptr(`meta\_1`), ptr(`a.b`), ptr("x.y"), nil))
	require.Equal(t, []string{"meta_1", "meta_1/sales", "meta_1/sales/order_view VIEW -"},
		get(adbc.ObjectDepthTables, ptr(`meta\_1`), ptr("sales"), ptr(`order\_%`), nil))
	ce.since()

	require.Equal(t, []string{
		"meta_1", "meta_1/sales", "meta_1/sales/orders TABLE",
		"meta_1/sales/orders.id #1 BIGINT -5 NO", "meta_1/sales/orders.name #2 STRING 12 YES",
		"meta_1/sales/orders.amount #3 DECIMAL(10,2) 3 YES", "meta_1/sales/orders.ts #4 TIMESTAMP 93 YES",
		"meta_1/sales/orders.tags #5 ARRAY<INT> 2003 YES", "meta_1/sales/orders.ntz #6 TIMESTAMP_NTZ 93 YES",
	}, get(adbc.ObjectDepthAll, ptr(`meta\_1`), ptr("sales"), ptr("orders"), nil))
	require.EqualValues(t, 4, ce.since(), "CATALOGS, SCHEMAS, TABLES, one COLUMNS")

	require.Equal(t, []string{
		"meta_1", "meta_1/sales", "meta_1/sales/order_view VIEW", "meta_1/sales/orders TABLE", "meta_1/sales/orders.ntz #6 TIMESTAMP_NTZ 93 YES",
		"metax1", "metax1/sales", "metax1/sales/items TABLE",
	}, get(adbc.ObjectDepthAll, ptr("meta%"), ptr("sales"), nil, ptr("n_z")), "tables without matching columns stay")
	require.EqualValues(t, 4, ce.since(), "CATALOGS, SCHEMAS, TABLES, COLUMNS IN ALL CATALOGS")
}

func TestGetObjectsEmptyFilters(t *testing.T) {
	ce, cnxn := metaConn(t)
	ctx := context.Background()
	rdr, err := cnxn.GetObjects(ctx, adbc.ObjectDepthAll, ptr(""), nil, nil, nil, nil)
	require.NoError(t, err)
	require.Empty(t, flatten(t, rdr))
	require.EqualValues(t, 0, ce.since())

	rdr, err = cnxn.GetObjects(ctx, adbc.ObjectDepthAll, ptr(`meta\_1`), ptr(""), nil, nil, nil)
	require.NoError(t, err)
	require.Equal(t, []string{"meta_1"}, flatten(t, rdr), "an empty schema list, not null")
	require.EqualValues(t, 1, ce.since())

	rdr, err = cnxn.GetObjects(ctx, adbc.ObjectDepthAll, ptr(`meta\_1`), ptr("empty"), nil, ptr(""), nil)
	require.NoError(t, err)
	require.Equal(t, []string{"meta_1", "meta_1/empty"}, flatten(t, rdr))

	rdr, err = cnxn.GetObjects(ctx, adbc.ObjectDepthAll, ptr("nothing%"), nil, nil, nil, nil)
	require.NoError(t, err)
	require.Empty(t, flatten(t, rdr))
	ce.since()
}

func TestGetObjectsColumnFields(t *testing.T) {
	_, cnxn := metaConn(t)
	rdr, err := cnxn.GetObjects(context.Background(), adbc.ObjectDepthAll, ptr(`meta\_1`), ptr("sales"), ptr("orders"), ptr("amount"), nil)
	require.NoError(t, err)
	defer rdr.Release()
	require.True(t, rdr.Next())
	cols := rdr.RecordBatch().Column(1).(*array.List).ListValues().(*array.Struct).Field(1).(*array.List).ListValues().(*array.Struct).
		Field(2).(*array.List).ListValues().(*array.Struct)
	require.Equal(t, 1, cols.Len())
	got := map[string]string{}
	for i, f := range adbc.ColumnSchema.Fields() {
		got[f.Name] = cols.Field(i).ValueStr(0)
	}
	require.Equal(t, map[string]string{
		"column_name": "amount", "ordinal_position": "3", "remarks": "(null)", "xdbc_data_type": "3",
		"xdbc_type_name": "DECIMAL(10,2)", "xdbc_column_size": "10", "xdbc_decimal_digits": "2", "xdbc_num_prec_radix": "10",
		"xdbc_nullable": "1", "xdbc_column_def": "(null)", "xdbc_sql_data_type": "3", "xdbc_datetime_sub": "(null)",
		"xdbc_char_octet_length": "(null)", "xdbc_is_nullable": "YES", "xdbc_scope_catalog": "(null)",
		"xdbc_scope_schema": "(null)", "xdbc_scope_table": "(null)", "xdbc_is_autoincrement": "false",
		"xdbc_is_generatedcolumn": "false",
	}, got)
	require.False(t, rdr.Next())
}

func TestGetTableSchemaTypes(t *testing.T) {
	ce, cnxn := metaConn(t)
	ctx := context.Background()
	sc, err := cnxn.GetTableSchema(ctx, ptr("meta_1"), ptr("sales"), "orders")
	require.NoError(t, err)
	require.EqualValues(t, 1, ce.since())
	want := arrow.NewSchema([]arrow.Field{
		{Name: "id", Type: arrow.PrimitiveTypes.Int64},
		{Name: "name", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "amount", Type: &arrow.Decimal128Type{Precision: 10, Scale: 2}, Nullable: true},
		{Name: "ts", Type: &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}, Nullable: true},
		{Name: "tags", Type: arrow.ListOf(arrow.PrimitiveTypes.Int32), Nullable: true},
		{Name: "ntz", Type: &arrow.TimestampType{Unit: arrow.Microsecond}, Nullable: true},
	}, nil)
	require.True(t, want.Equal(sc), "got %s", sc)

	sc, err = cnxn.GetTableSchema(ctx, ptr("meta_1"), ptr("a.b"), "x.y")
	require.NoError(t, err)
	require.Equal(t, "x", sc.Field(0).Name)

	_, err = cnxn.GetTableSchema(ctx, ptr("meta_1"), ptr("sales"), "missing")
	adbcError(t, err, adbc.StatusNotFound)
	_, err = cnxn.GetTableSchema(ctx, ptr("meta_1"), ptr("sales"), "order%")
	adbcError(t, err, adbc.StatusNotFound)
	_, err = cnxn.GetTableSchema(ctx, nil, ptr(""), "orders")
	adbcError(t, err, adbc.StatusNotFound)
}

// BenchmarkGetObjectsAll lists 10 catalogs × 10 schemas × 50 tables × 3
// columns at depth all and reports the statements one call issues.
func BenchmarkGetObjectsAll(b *testing.B) {
	ce := newCountingEnv(b)
	db, err := ce.drv.NewDatabase(ce.options())
	require.NoError(b, err)
	defer func() { require.NoError(b, db.Close()) }()
	cnxn, err := db.Open(context.Background())
	require.NoError(b, err)
	defer func() { require.NoError(b, cnxn.Close()) }()
	var ddl []string
	for c := range 10 {
		ddl = append(ddl, fmt.Sprintf("CREATE CATALOG bench%d", c))
		for s := range 10 {
			ddl = append(ddl, fmt.Sprintf("CREATE SCHEMA bench%d.s%d", c, s))
			for tb := range 50 {
				ddl = append(ddl, fmt.Sprintf("CREATE TABLE bench%d.s%d.t%d (id BIGINT, name STRING, amount DECIMAL(10,2))", c, s, tb))
			}
		}
	}
	require.NoError(b, execAll(cnxn, ddl...))
	ce.since()
	var columns int
	for b.Loop() {
		rdr, err := cnxn.GetObjects(context.Background(), adbc.ObjectDepthAll, ptr("bench%"), nil, nil, nil, nil)
		require.NoError(b, err)
		columns = 0
		for rdr.Next() {
			cols := rdr.RecordBatch().Column(1).(*array.List).ListValues().(*array.Struct).Field(1).(*array.List).
				ListValues().(*array.Struct).Field(2).(*array.List).ListValues()
			columns += cols.Len()
		}
		rdr.Release()
	}
	require.Equal(b, 10*10*50*3, columns)
	b.ReportMetric(float64(ce.since())/float64(b.N), "statements/op")
}
