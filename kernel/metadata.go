package kernel

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/sealane/sealane/kernel/internal/results"
)

// Catalog metadata comes from SHOW statements run on the session
// (sea-protocol §5): the SEA API has no metadata endpoint. Every pattern
// argument is an ADBC/JDBC search pattern ('%' any sequence, '_' any one
// character, '\' escapes the next character; see EscapePattern), matched
// case-insensitively as the service does; "" and "%" match everything.

// metadataParallelism bounds the SHOW COLUMNS statements run at once, one
// per catalog.
const metadataParallelism = 8

// SchemaInfo is a schema (database) of a catalog.
type SchemaInfo struct {
	Catalog string
	Schema  string
}

// TableInfo is one table or view, as SHOW TABLES reports it.
type TableInfo struct {
	Catalog string
	Schema  string
	Table   string
	// TableType is TABLE, VIEW, SYSTEM TABLE, METRIC_VIEW, …; "" when the
	// service does not say (hive_metastore).
	TableType   string
	IsTemporary bool
	// Information is the service's free-form information ("" for NULL).
	Information string
	// Remarks is the table comment ("" for NULL).
	Remarks string
}

// ColumnInfo is one column, as SHOW COLUMNS reports it. Pointers are nil
// when the service gives no value.
type ColumnInfo struct {
	Catalog string
	Schema  string
	Table   string
	Column  string
	// TypeText is the Databricks type, e.g. BIGINT, DECIMAL(10,2), ARRAY<INT>.
	TypeText string
	// ColumnSize, DecimalDigits and Radix are the JDBC-style size facts.
	ColumnSize    *int32
	DecimalDigits *int32
	Radix         *int32
	// Nullable is isNullable (true/YES).
	Nullable *bool
	// Remarks is the column comment ("" for NULL).
	Remarks string
	// OrdinalPosition is the 1-based position in the table.
	OrdinalPosition *int32
	AutoIncrement   *bool
	Generated       *bool
}

// ArrowTypeFromTypeText maps Databricks type text (a SHOW COLUMNS
// columnType) to the Arrow type query results use for it: DECIMAL(p,s)
// decimal128(p,s), TIMESTAMP timestamp(us, "UTC"), TIMESTAMP_NTZ
// timestamp(us), ARRAY/MAP/STRUCT nested types, unknown types utf8.
func ArrowTypeFromTypeText(text string) (arrow.DataType, error) {
	dt, err := results.ParseTypeText(text, "UTC")
	if err != nil {
		return nil, fmt.Errorf("sealane: %w", err)
	}
	return dt, nil
}

// Catalogs lists the catalogs matching pattern, sorted: one statement,
// SHOW CATALOGS [LIKE 'p'].
func (c *Conn) Catalogs(ctx context.Context, pattern string) ([]string, error) {
	m := newMatcher(pattern)
	var out []string
	err := c.show(ctx, "SHOW CATALOGS"+likeClause("", pattern), []string{"catalog"}, func(r showRow) {
		if name := r.str("catalog"); m.match(name) {
			out = append(out, name)
		}
	})
	if err != nil {
		return nil, err
	}
	slices.Sort(out)
	return out, nil
}

// Schemas lists the schemas matching schemaPattern in the catalogs matching
// catalogPattern, sorted: one statement, SHOW SCHEMAS IN `c` when
// catalogPattern names one catalog, else SHOW SCHEMAS IN ALL CATALOGS.
func (c *Conn) Schemas(ctx context.Context, catalogPattern, schemaPattern string) ([]SchemaInfo, error) {
	return c.showSchemas(ctx, patternScope(catalogPattern), schemaPattern)
}

// Tables lists the tables and views matching the patterns whose type is one
// of types (case-insensitively; none means any), sorted: one statement,
// SHOW TABLES IN {CATALOG `c` | ALL CATALOGS} [SCHEMA LIKE 'p'] [LIKE 'p'].
func (c *Conn) Tables(ctx context.Context, catalogPattern, schemaPattern, tablePattern string, types []string) ([]TableInfo, error) {
	tables, err := c.showTables(ctx, patternScope(catalogPattern), schemaPattern, tablePattern)
	if err != nil {
		return nil, err
	}
	return filterTypes(tables, types), nil
}

// Columns lists the columns matching the patterns, sorted by catalog,
// schema, table and position, in one statement: SHOW COLUMNS IN CATALOG `c`
// when catalogPattern has no wildcard, else SHOW COLUMNS IN ALL CATALOGS
// filtered client-side. A service that rejects ALL CATALOGS
// (rejectedAsSyntax) costs SHOW CATALOGS and one SHOW COLUMNS per catalog,
// run in parallel, instead.
func (c *Conn) Columns(ctx context.Context, catalogPattern, schemaPattern, tablePattern, columnPattern string) ([]ColumnInfo, error) {
	if name, ok := literalName(catalogPattern); ok && !matchesAll(catalogPattern) {
		return c.showColumns(ctx, scope{one: name}, schemaPattern, tablePattern, columnPattern)
	}
	cols, ok, err := c.allCatalogsColumns(ctx, newMatcher(catalogPattern).match, schemaPattern, tablePattern, columnPattern)
	if err != nil || ok {
		return cols, err
	}
	cats, err := c.Catalogs(ctx, catalogPattern)
	if err != nil {
		return nil, err
	}
	return c.columnsIn(ctx, cats, schemaPattern, tablePattern, columnPattern)
}

// TableSchema returns the Arrow schema of a table from SHOW COLUMNS, in
// column order, with ArrowTypeFromTypeText's mapping; a field is nullable
// unless the service says otherwise. An empty catalog or schema is the
// session's current one (one more statement). A table without columns is
// an error matching ErrNotFound.
func (c *Conn) TableSchema(ctx context.Context, catalog, schema, table string) (*arrow.Schema, error) {
	if catalog == "" || schema == "" {
		cur, err := c.currentNamespace(ctx)
		if err != nil {
			return nil, err
		}
		catalog = cmp.Or(catalog, cur.Catalog)
		schema = cmp.Or(schema, cur.Schema)
	}
	cols, err := c.showColumns(ctx, scope{one: catalog}, EscapePattern(schema), EscapePattern(table), "")
	if err != nil {
		return nil, err
	}
	fields := make([]arrow.Field, 0, len(cols))
	for _, col := range cols {
		if !strings.EqualFold(col.Schema, schema) || !strings.EqualFold(col.Table, table) {
			continue
		}
		dt, err := ArrowTypeFromTypeText(col.TypeText)
		if err != nil {
			return nil, fmt.Errorf("sealane: column %q of %s.%s.%s: %w", col.Column, catalog, schema, table, err)
		}
		fields = append(fields, arrow.Field{Name: col.Column, Type: dt, Nullable: col.Nullable == nil || *col.Nullable})
	}
	if len(fields) == 0 {
		return nil, fmt.Errorf("%w: table %s.%s.%s", ErrNotFound, quoteIdent(catalog), quoteIdent(schema), quoteIdent(table))
	}
	return arrow.NewSchema(fields, nil), nil
}

// currentNamespace asks the session for its current catalog and schema.
func (c *Conn) currentNamespace(ctx context.Context) (SchemaInfo, error) {
	var out SchemaInfo
	err := c.show(ctx, "SELECT current_catalog() AS c, current_schema() AS s", []string{"c", "s"}, func(r showRow) {
		out = SchemaInfo{Catalog: r.str("c"), Schema: r.str("s")}
	})
	return out, err
}

// scope is the catalogs a SHOW SCHEMAS or SHOW TABLES covers: exactly one
// (IN `one`), or all, filtered client-side with keep.
type scope struct {
	one  string
	keep func(string) bool
}

// patternScope is the scope of a catalog pattern.
func patternScope(p string) scope {
	if name, ok := literalName(p); ok && !matchesAll(p) {
		return scope{one: name}
	}
	return scope{keep: newMatcher(p).match}
}

// namesScope is the scope of a list of catalogs (at least one).
func namesScope(names []string) scope {
	if len(names) == 1 {
		return scope{one: names[0]}
	}
	set := make(map[string]bool, len(names))
	for _, n := range names {
		set[strings.ToLower(n)] = true
	}
	return scope{keep: func(n string) bool { return set[strings.ToLower(n)] }}
}

// in renders the IN clause; kw is "CATALOG " for SHOW TABLES.
func (s scope) in(kw string) string {
	if s.one != "" {
		return " IN " + kw + quoteIdent(s.one)
	}
	return " IN ALL CATALOGS"
}

// catalog returns the catalog of a row, or "" when it is out of scope.
func (s scope) catalog(reported string) (string, bool) {
	if s.one != "" {
		return cmp.Or(reported, s.one), true
	}
	return reported, s.keep(reported)
}

func (c *Conn) showSchemas(ctx context.Context, sc scope, schemaPattern string) ([]SchemaInfo, error) {
	m := newMatcher(schemaPattern)
	required := []string{"databaseName"}
	if sc.one == "" {
		required = append(required, "catalog")
	}
	var out []SchemaInfo
	err := c.show(ctx, "SHOW SCHEMAS"+sc.in("")+likeClause("", schemaPattern), required, func(r showRow) {
		cat, ok := sc.catalog(r.str("catalog"))
		if name := r.str("databaseName"); ok && m.match(name) {
			out = append(out, SchemaInfo{Catalog: cat, Schema: name})
		}
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b SchemaInfo) int {
		return cmp.Or(cmp.Compare(a.Catalog, b.Catalog), cmp.Compare(a.Schema, b.Schema))
	})
	return out, nil
}

func (c *Conn) showTables(ctx context.Context, sc scope, schemaPattern, tablePattern string) ([]TableInfo, error) {
	sm, tm := newMatcher(schemaPattern), newMatcher(tablePattern)
	sql := "SHOW TABLES" + sc.in("CATALOG ") + likeClause("SCHEMA ", schemaPattern) + likeClause("", tablePattern)
	var out []TableInfo
	err := c.show(ctx, sql, []string{"namespace", "tableName"}, func(r showRow) {
		cat, ok := sc.catalog(r.str("catalogName"))
		t := TableInfo{Catalog: cat, Schema: r.str("namespace"), Table: r.str("tableName"), TableType: r.str("tableType"),
			Information: r.str("information"), Remarks: r.str("remarks")}
		if tmp := r.flag("isTemporary"); tmp != nil {
			t.IsTemporary = *tmp
		}
		if ok && sm.match(t.Schema) && tm.match(t.Table) {
			out = append(out, t)
		}
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, compareTables)
	return out, nil
}

func compareTables(a, b TableInfo) int {
	return cmp.Or(cmp.Compare(a.Catalog, b.Catalog), cmp.Compare(a.Schema, b.Schema), cmp.Compare(a.Table, b.Table))
}

// filterTypes keeps the tables whose type is in types (case-insensitively);
// no types keeps all.
func filterTypes(tables []TableInfo, types []string) []TableInfo {
	if len(types) == 0 {
		return tables
	}
	return slices.DeleteFunc(tables, func(t TableInfo) bool {
		return !slices.ContainsFunc(types, func(typ string) bool { return strings.EqualFold(typ, t.TableType) })
	})
}
