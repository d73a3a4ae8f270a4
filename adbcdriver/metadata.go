package adbcdriver

import (
	"context"

	"github.com/apache/arrow-adbc/go/adbc"
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/sealane/sealane/kernel"
)

// GetObjects lists catalogs, schemas, tables and columns in
// adbc.GetObjectsSchema, from SHOW statements (kernel.Conn.Objects tells
// which and how many). Filters are ADBC patterns; nil does not filter, ""
// matches nothing (every Databricks object has a catalog and a schema).
// tableType is matched case-insensitively. Column facts come from SHOW
// COLUMNS: xdbc_type_name is the Databricks type text, xdbc_data_type and
// xdbc_sql_data_type its JDBC type code; constraints are not listed (null).
func (c *connection) GetObjects(ctx context.Context, depth adbc.ObjectDepth, catalog, dbSchema, tableName, columnName *string, tableType []string) (array.RecordReader, error) {
	if err := c.check(); err != nil {
		return nil, err
	}
	want := kernel.DepthColumns // how deep the result's lists go
	switch depth {
	case adbc.ObjectDepthCatalogs:
		want = kernel.DepthCatalogs
	case adbc.ObjectDepthDBSchemas:
		want = kernel.DepthSchemas
	case adbc.ObjectDepthTables:
		want = kernel.DepthTables
	}
	// An empty filter matches nothing: stop fetching at its level.
	fetch := want
	for _, f := range []struct {
		p     *string
		depth kernel.Depth
	}{{columnName, kernel.DepthTables}, {tableName, kernel.DepthSchemas}, {dbSchema, kernel.DepthCatalogs}, {catalog, 0}} {
		if f.p != nil && *f.p == "" {
			fetch = min(fetch, f.depth)
		}
	}
	var tree []kernel.CatalogObjects
	if fetch > 0 {
		var err error
		tree, err = c.kc.Objects(ctx, kernel.ObjectsFilter{Depth: fetch, Catalog: pattern(catalog), Schema: pattern(dbSchema),
			Table: pattern(tableName), Column: pattern(columnName), TableTypes: tableType})
		if err != nil {
			return nil, toADBC("GetObjects", err)
		}
	}
	rdr, err := objectsReader(c.alloc, tree, want)
	return rdr, toADBC("GetObjects", err)
}

// pattern turns an optional filter into a kernel pattern ("" matches all).
func pattern(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// GetTableSchema returns a table's Arrow schema from SHOW COLUMNS
// (kernel.Conn.TableSchema: the query-result mapping of the type text,
// TIMESTAMP as timestamp(us, "UTC")). A nil catalog or schema is the
// session's current one. A missing table is adbc.StatusNotFound.
func (c *connection) GetTableSchema(ctx context.Context, catalog, dbSchema *string, tableName string) (*arrow.Schema, error) {
	if err := c.check(); err != nil {
		return nil, err
	}
	if (catalog != nil && *catalog == "") || (dbSchema != nil && *dbSchema == "") || tableName == "" {
		return nil, errorf(adbc.StatusNotFound, "GetTableSchema: no table %q without a catalog or schema", tableName)
	}
	sc, err := c.kc.TableSchema(ctx, pattern(catalog), pattern(dbSchema), tableName)
	return sc, toADBC("GetTableSchema", err)
}

// objectsBuilder appends a kernel.Objects tree to the nested builders of
// adbc.GetObjectsSchema.
type objectsBuilder struct {
	rb                          *array.RecordBuilder
	catName                     *array.StringBuilder
	schemas, tables, cols, cons *array.ListBuilder
	schema, table, col          *array.StructBuilder
}

func newObjectsBuilder(alloc memory.Allocator) *objectsBuilder {
	rb := array.NewRecordBuilder(alloc, adbc.GetObjectsSchema)
	b := &objectsBuilder{rb: rb, catName: rb.Field(0).(*array.StringBuilder), schemas: rb.Field(1).(*array.ListBuilder)}
	b.schema = b.schemas.ValueBuilder().(*array.StructBuilder)
	b.tables = b.schema.FieldBuilder(1).(*array.ListBuilder)
	b.table = b.tables.ValueBuilder().(*array.StructBuilder)
	b.cols = b.table.FieldBuilder(2).(*array.ListBuilder)
	b.cons = b.table.FieldBuilder(3).(*array.ListBuilder)
	b.col = b.cols.ValueBuilder().(*array.StructBuilder)
	return b
}

// objectsReader renders tree; lists below depth are null, lists at or above
// it are present (possibly empty).
func objectsReader(alloc memory.Allocator, tree []kernel.CatalogObjects, depth kernel.Depth) (array.RecordReader, error) {
	b := newObjectsBuilder(alloc)
	defer b.rb.Release()
	for _, cat := range tree {
		b.catName.Append(cat.Name)
		if depth < kernel.DepthSchemas {
			b.schemas.AppendNull()
			continue
		}
		b.schemas.Append(true)
		for _, s := range cat.Schemas {
			b.appendSchema(s, depth)
		}
	}
	rec := b.rb.NewRecordBatch()
	defer rec.Release()
	return array.NewRecordReader(adbc.GetObjectsSchema, []arrow.RecordBatch{rec})
}

func (b *objectsBuilder) appendSchema(s kernel.SchemaObjects, depth kernel.Depth) {
	b.schema.Append(true)
	b.schema.FieldBuilder(0).(*array.StringBuilder).Append(s.Name)
	if depth < kernel.DepthTables {
		b.tables.AppendNull()
		return
	}
	b.tables.Append(true)
	for _, t := range s.Tables {
		b.table.Append(true)
		b.table.FieldBuilder(0).(*array.StringBuilder).Append(t.Table)
		b.table.FieldBuilder(1).(*array.StringBuilder).Append(t.TableType)
		b.cons.AppendNull()
		if depth < kernel.DepthColumns {
			b.cols.AppendNull()
			continue
		}
		b.cols.Append(true)
		for _, col := range t.Columns {
			b.appendColumn(col)
		}
	}
}

// appendColumn fills the 19 fields of adbc.ColumnSchema.
func (b *objectsBuilder) appendColumn(col kernel.ColumnInfo) {
	b.col.Append(true)
	f := b.col.FieldBuilder
	f(0).(*array.StringBuilder).Append(col.Column)
	appendInt32(f(1), col.OrdinalPosition)
	appendText(f(2), col.Remarks)
	code := jdbcType(col.TypeText)
	f(3).(*array.Int16Builder).Append(code)
	appendText(f(4), col.TypeText)
	appendInt32(f(5), col.ColumnSize)
	appendInt16(f(6), col.DecimalDigits)
	appendInt16(f(7), col.Radix)
	nullable, isNullable := int16(xdbcNullableUnknown), ""
	if col.Nullable != nil {
		nullable, isNullable = xdbcNoNulls, "NO"
		if *col.Nullable {
			nullable, isNullable = xdbcNullable, "YES"
		}
	}
	f(8).(*array.Int16Builder).Append(nullable)
	f(9).AppendNull() // xdbc_column_def
	f(10).(*array.Int16Builder).Append(code)
	f(11).AppendNull() // xdbc_datetime_sub
	f(12).AppendNull() // xdbc_char_octet_length
	f(13).(*array.StringBuilder).Append(isNullable)
	f(14).AppendNull() // scope catalog, schema, table
	f(15).AppendNull()
	f(16).AppendNull()
	appendBool(f(17), col.AutoIncrement)
	appendBool(f(18), col.Generated)
}

func appendText(b array.Builder, s string) {
	if s == "" {
		b.AppendNull()
		return
	}
	b.(*array.StringBuilder).Append(s)
}

func appendInt32(b array.Builder, v *int32) {
	if v == nil {
		b.AppendNull()
		return
	}
	b.(*array.Int32Builder).Append(*v)
}

func appendInt16(b array.Builder, v *int32) {
	if v == nil {
		b.AppendNull()
		return
	}
	b.(*array.Int16Builder).Append(int16(*v))
}

func appendBool(b array.Builder, v *bool) {
	if v == nil {
		b.AppendNull()
		return
	}
	b.(*array.BooleanBuilder).Append(*v)
}
