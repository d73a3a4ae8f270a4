package kernel_test

import (
	"context"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/kernel"
	"github.com/sealane/sealane/warehouse"
)

// metaFixture is the catalog layout of the metadata tests: two catalogs
// whose names differ where a '_' wildcard matches, a schema and a table
// with a '.' in the name, a view, and a schema without tables.
var metaFixture = []string{
	"CREATE CATALOG meta_1",
	"CREATE CATALOG metax1",
	"CREATE SCHEMA meta_1.sales",
	"CREATE SCHEMA meta_1.`a.b`",
	"CREATE SCHEMA meta_1.axb",
	"CREATE SCHEMA meta_1.empty",
	"CREATE SCHEMA metax1.sales",
	"CREATE TABLE meta_1.sales.orders (id BIGINT NOT NULL, name STRING, amount DECIMAL(10,2), ts TIMESTAMPTZ, tags INT[], ntz TIMESTAMP_NTZ)",
	"CREATE VIEW meta_1.sales.order_view AS SELECT id FROM meta_1.sales.orders",
	"CREATE TABLE meta_1.`a.b`.`x.y` (x INT)",
	"CREATE TABLE meta_1.axb.xzy (x INT)",
	"CREATE TABLE metax1.sales.items (id BIGINT)",
}

// metaEnv starts a warehouse with metaFixture and forgets the requests
// made so far.
func metaEnv(t *testing.T) (*env, *kernel.Conn) {
	t.Helper()
	e := newEnv(t, warehouse.Config{})
	c := connect(t, e)
	for _, q := range metaFixture {
		rdr, err := c.Query(context.Background(), q)
		require.NoError(t, err, q)
		rdr.Release()
	}
	e.calls()
	e.statementsSQL()
	return e, c
}

// statements counts the executes among the recorded requests and forgets them.
func (e *env) statements() int {
	n := 0
	for _, call := range e.calls() {
		if call == "POST /api/2.0/sql/statements" {
			n++
		}
	}
	return n
}

func TestMetadataCatalogs(t *testing.T) {
	e, c := metaEnv(t)
	ctx := context.Background()
	for _, tt := range []struct {
		pattern string
		want    []string
	}{
		{"meta%", []string{"meta_1", "metax1"}},
		{"meta_1", []string{"meta_1", "metax1"}}, // '_' is a wildcard
		{`meta\_1`, []string{"meta_1"}},          // an escaped '_' is not
		{"META\\_1", []string{"meta_1"}},         // case-insensitive, as the service
		{"met%1", []string{"meta_1", "metax1"}},
		{"nothing%", nil},
	} {
		got, err := c.Catalogs(ctx, tt.pattern)
		require.NoError(t, err, tt.pattern)
		require.Equal(t, tt.want, got, tt.pattern)
		require.Equal(t, 1, e.statements(), tt.pattern)
	}
	all, err := c.Catalogs(ctx, "")
	require.NoError(t, err)
	require.Subset(t, all, []string{"meta_1", "metax1"})
}

func TestMetadataSchemas(t *testing.T) {
	e, c := metaEnv(t)
	ctx := context.Background()
	got, err := c.Schemas(ctx, `meta\_1`, "a.b")
	require.NoError(t, err)
	require.Equal(t, []kernel.SchemaInfo{{Catalog: "meta_1", Schema: "a.b"}}, got, "'.' is literal")
	require.Equal(t, 1, e.statements())

	got, err = c.Schemas(ctx, "meta%", "sales")
	require.NoError(t, err)
	require.Equal(t, []kernel.SchemaInfo{{Catalog: "meta_1", Schema: "sales"}, {Catalog: "metax1", Schema: "sales"}}, got)
	require.Equal(t, 1, e.statements())

	got, err = c.Schemas(ctx, `meta\_1`, "a_b")
	require.NoError(t, err)
	require.Equal(t, []kernel.SchemaInfo{{Catalog: "meta_1", Schema: "a.b"}, {Catalog: "meta_1", Schema: "axb"}}, got)
}

func TestMetadataTables(t *testing.T) {
	e, c := metaEnv(t)
	ctx := context.Background()
	got, err := c.Tables(ctx, "meta%", "%", "%", nil)
	require.NoError(t, err)
	require.Equal(t, 1, e.statements())
	var names []string
	for _, tb := range got {
		names = append(names, tb.Catalog+"."+tb.Schema+"."+tb.Table+":"+tb.TableType)
	}
	require.Equal(t, []string{"meta_1.a.b.x.y:TABLE", "meta_1.axb.xzy:TABLE", "meta_1.sales.order_view:VIEW",
		"meta_1.sales.orders:TABLE", "metax1.sales.items:TABLE"}, names)

	got, err = c.Tables(ctx, `meta\_1`, "%", "%", []string{"view"})
	require.NoError(t, err)
	require.Len(t, got, 1)
	require.Equal(t, "order_view", got[0].Table)

	got, err = c.Tables(ctx, "", "a.b", "x.y", nil)
	require.NoError(t, err)
	require.Len(t, got, 1)
	require.Equal(t, "x.y", got[0].Table)

	got, err = c.Tables(ctx, "", "%", "order\\_%", nil)
	require.NoError(t, err)
	require.Len(t, got, 1)
	require.Equal(t, "order_view", got[0].Table)
}

func TestMetadataColumns(t *testing.T) {
	e, c := metaEnv(t)
	ctx := context.Background()
	got, err := c.Columns(ctx, `meta\_1`, "sales", "orders", "")
	require.NoError(t, err)
	require.Equal(t, 1, e.statements(), "a literal catalog needs no SHOW CATALOGS")
	require.Len(t, got, 6)
	var desc []string
	for _, col := range got {
		desc = append(desc, col.Column+" "+col.TypeText)
		require.Equal(t, "meta_1", col.Catalog)
	}
	require.Equal(t, []string{"id BIGINT", "name STRING", "amount DECIMAL(10,2)", "ts TIMESTAMP", "tags ARRAY<INT>", "ntz TIMESTAMP_NTZ"}, desc)
	require.Equal(t, int32(1), *got[0].OrdinalPosition)
	require.Equal(t, int32(6), *got[5].OrdinalPosition)
	require.False(t, *got[0].Nullable)
	require.True(t, *got[1].Nullable)
	require.Equal(t, int32(10), *got[2].ColumnSize)
	require.Equal(t, int32(2), *got[2].DecimalDigits)

	got, err = c.Columns(ctx, "meta%", "%", "%", "i_")
	require.NoError(t, err)
	require.Equal(t, 1, e.statements(), "one SHOW COLUMNS IN ALL CATALOGS")
	var where []string
	for _, col := range got {
		where = append(where, col.Catalog+"."+col.Table+"."+col.Column)
	}
	require.Equal(t, []string{"meta_1.order_view.id", "meta_1.orders.id", "metax1.items.id"}, where)
}

func TestMetadataTableSchema(t *testing.T) {
	e, c := metaEnv(t)
	ctx := context.Background()
	sc, err := c.TableSchema(ctx, "meta_1", "sales", "orders")
	require.NoError(t, err)
	require.Equal(t, 1, e.statements())
	want := arrow.NewSchema([]arrow.Field{
		{Name: "id", Type: arrow.PrimitiveTypes.Int64},
		{Name: "name", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "amount", Type: &arrow.Decimal128Type{Precision: 10, Scale: 2}, Nullable: true},
		{Name: "ts", Type: &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}, Nullable: true},
		{Name: "tags", Type: arrow.ListOf(arrow.PrimitiveTypes.Int32), Nullable: true},
		{Name: "ntz", Type: &arrow.TimestampType{Unit: arrow.Microsecond}, Nullable: true},
	}, nil)
	require.True(t, want.Equal(sc), "got %s", sc)

	sc, err = c.TableSchema(ctx, "meta_1", "a.b", "x.y")
	require.NoError(t, err)
	require.Equal(t, "x", sc.Field(0).Name)

	_, err = c.TableSchema(ctx, "meta_1", "sales", "nope")
	require.ErrorIs(t, err, kernel.ErrNotFound)
	_, err = c.TableSchema(ctx, "meta_1", "sales", "order%") // names, not patterns
	require.ErrorIs(t, err, kernel.ErrNotFound)
	e.calls()

	rdr, err := c.Query(ctx, "CREATE TABLE current_t (a INT)")
	require.NoError(t, err)
	rdr.Release()
	e.calls()
	sc, err = c.TableSchema(ctx, "", "", "current_t")
	require.NoError(t, err)
	require.Equal(t, 2, e.statements(), "current namespace + SHOW COLUMNS")
	require.Equal(t, "a", sc.Field(0).Name)
}

func TestMetadataObjectsStatementCounts(t *testing.T) {
	e, c := metaEnv(t)
	ctx := context.Background()
	for _, tt := range []struct {
		f    kernel.ObjectsFilter
		want int
	}{
		{kernel.ObjectsFilter{Depth: kernel.DepthCatalogs}, 1},
		{kernel.ObjectsFilter{Depth: kernel.DepthSchemas, Catalog: "meta%"}, 2},
		{kernel.ObjectsFilter{Depth: kernel.DepthTables, Catalog: "meta%"}, 3},
		{kernel.ObjectsFilter{Depth: kernel.DepthColumns, Catalog: "meta%"}, 4},
		{kernel.ObjectsFilter{Depth: kernel.DepthColumns, Catalog: `meta\_1`}, 4},
		{kernel.ObjectsFilter{Depth: kernel.DepthColumns, Catalog: "meta%", TableTypes: []string{"VIEW"}}, 4},
		{kernel.ObjectsFilter{Depth: kernel.DepthColumns, Catalog: "none%"}, 1},
		{kernel.ObjectsFilter{Depth: kernel.DepthColumns, Catalog: "meta%", Table: "none"}, 4},
	} {
		_, err := c.Objects(ctx, tt.f)
		require.NoError(t, err)
		require.Equal(t, tt.want, e.statements(), "%+v", tt.f)
	}
}

func TestMetadataObjectsTree(t *testing.T) {
	_, c := metaEnv(t)
	tree, err := c.Objects(context.Background(), kernel.ObjectsFilter{Depth: kernel.DepthColumns, Catalog: "meta%", Column: "%d"})
	require.NoError(t, err)
	require.Equal(t, wantObjectsTree, treeLines(tree))
}

// wantObjectsTree is treeLines of Objects at DepthColumns over "meta%" with
// column pattern "%d". DuckDB's own "main" schema is not listed: the
// warehouse hides it, as Databricks has no such schema.
var wantObjectsTree = []string{
	"meta_1", "  a.b", "    x.y TABLE []", "  axb", "    xzy TABLE []", "  default", "  empty",
	"  sales", "    order_view VIEW [id]", "    orders TABLE [id]",
	"metax1", "  default", "  sales", "    items TABLE [id]",
}

// treeLines renders an Objects tree as indented lines, a table with its
// type and columns.
func treeLines(tree []kernel.CatalogObjects) []string {
	var lines []string
	for _, cat := range tree {
		lines = append(lines, cat.Name)
		for _, s := range cat.Schemas {
			lines = append(lines, "  "+s.Name)
			for _, tb := range s.Tables {
				var cols []string
				for _, col := range tb.Columns {
					cols = append(cols, col.Column)
				}
				lines = append(lines, "    "+tb.Table+" "+tb.TableType+" ["+strings.Join(cols, ",")+"]")
			}
		}
	}
	return lines
}
