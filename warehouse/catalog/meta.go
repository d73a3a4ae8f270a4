package catalog

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/sealane/sealane/warehouse/rowtable"
	"github.com/sealane/sealane/warehouse/sqlfront"
	"github.com/sealane/sealane/warehouse/typemap"
)

// catalogObject is one table or view as the engine's catalog lists it.
type catalogObject struct {
	catalog, schema, name, kind string
	temporary                   bool
	comment                     *string
}

// show answers SHOW CATALOGS / SCHEMAS / TABLES / COLUMNS with the column
// layouts the official clients read (by name and by position).
func (s *Catalog) show(ctx context.Context, ss Conn, cmd sqlfront.Command) (array.RecordReader, error) {
	pattern, err := sqlfront.PatternRegexp(cmd.Pattern)
	if err != nil {
		return nil, userErr("INVALID_FORMAT", "42601", err.Error())
	}
	switch cmd.Kind {
	case sqlfront.KindShowCatalogs:
		cats, err := s.catalogs(ctx, ss)
		if err != nil {
			return nil, err
		}
		t := rowtable.New(rowtable.Str("catalog"))
		for _, c := range cats {
			if pattern.MatchString(c) {
				t.Add(c)
			}
		}
		return t.Reader(), nil
	case sqlfront.KindShowSchemas:
		return s.showSchemas(ctx, ss, cmd, pattern)
	case sqlfront.KindShowTables:
		return s.showTables(ctx, ss, cmd, pattern)
	}
	return s.showColumns(ctx, ss, cmd)
}

// catalogs lists the Databricks catalog names, sorted.
func (s *Catalog) catalogs(ctx context.Context, ss Conn) ([]string, error) {
	rows, err := s.engineRows(ctx, ss, "SELECT database_name FROM duckdb_databases() WHERE NOT internal")
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(rows))
	for _, r := range rows {
		out = append(out, s.databricksCatalog(r[0]))
	}
	sort.Strings(out)
	return out, nil
}

// databricksCatalog maps an engine database name back to its catalog name.
func (s *Catalog) databricksCatalog(db string) string {
	for cat, name := range s.eng.CatalogMap() {
		if name == db {
			return cat
		}
	}
	return db
}

func (s *Catalog) showSchemas(ctx context.Context, ss Conn, cmd sqlfront.Command, pattern *regexp.Regexp) (array.RecordReader, error) {
	// DuckDB's own schemas do not show (main, pg_catalog), as on
	// Databricks, where a catalog holds its schemas and information_schema.
	rows, err := s.engineRows(ctx, ss, `SELECT database_name, schema_name FROM duckdb_schemas()
		WHERE (NOT internal AND schema_name <> 'main' OR schema_name = 'information_schema')
		AND database_name IN (SELECT database_name FROM duckdb_databases() WHERE NOT internal) ORDER BY 1, 2`)
	if err != nil {
		return nil, err
	}
	catalog, _ := ss.Namespace()
	if cmd.Catalog != "" {
		catalog = cmd.Catalog
	}
	var t *rowtable.Table
	if cmd.AllCatalogs {
		t = rowtable.New(rowtable.Str("databaseName"), rowtable.Str("catalog"))
	} else {
		t = rowtable.New(rowtable.Str("databaseName"))
	}
	if !cmd.AllCatalogs && strings.EqualFold(catalog, systemCatalog) && pattern.MatchString(infoSchema) {
		t.Add(infoSchema)
	}
	for _, r := range rows {
		cat := s.databricksCatalog(r[0])
		if !pattern.MatchString(r[1]) || !cmd.AllCatalogs && !strings.EqualFold(cat, catalog) {
			continue
		}
		if cmd.AllCatalogs {
			t.Add(r[1], cat)
		} else {
			t.Add(r[1])
		}
	}
	return t.Reader(), nil
}

// objects lists tables and views in the engine's catalog.
func (s *Catalog) objects(ctx context.Context, ss Conn) ([]catalogObject, error) {
	rows, err := s.engineRows(ctx, ss, `
		SELECT database_name, schema_name, table_name, 'TABLE', temporary::VARCHAR, comment FROM duckdb_tables() WHERE NOT internal
		UNION ALL
		SELECT database_name, schema_name, view_name, 'VIEW', temporary::VARCHAR, comment FROM duckdb_views() WHERE NOT internal
		ORDER BY 1, 2, 3`)
	if err != nil {
		return nil, err
	}
	out := make([]catalogObject, len(rows))
	for i, r := range rows {
		o := catalogObject{catalog: s.databricksCatalog(r[0]), schema: r[1], name: r[2], kind: r[3], temporary: r[4] == "true"}
		if r[5] != "" {
			c := r[5]
			o.comment = &c
		}
		out[i] = o
	}
	return out, nil
}

func (s *Catalog) showTables(ctx context.Context, ss Conn, cmd sqlfront.Command, pattern *regexp.Regexp) (array.RecordReader, error) {
	schemaPattern, err := sqlfront.PatternRegexp(cmd.SchemaPattern)
	if err != nil {
		return nil, userErr("INVALID_FORMAT", "42601", err.Error())
	}
	objs, err := s.objects(ctx, ss)
	if err != nil {
		return nil, err
	}
	catalog, schema := cmd.Catalog, cmd.Schema
	curCatalog, curSchema := ss.Namespace()
	if !cmd.AllCatalogs && catalog == "" {
		catalog = curCatalog
	}
	if !cmd.AllCatalogs && cmd.Catalog == "" && schema == "" {
		schema = curSchema
	}
	t := rowtable.New(rowtable.Str("namespace"), rowtable.Str("tableName"), rowtable.Boolean("isTemporary"), rowtable.Str("information"),
		rowtable.Str("catalogName"), rowtable.Str("tableType"), rowtable.Str("remarks"))
	for _, o := range objs {
		switch {
		case !cmd.AllCatalogs && !strings.EqualFold(o.catalog, catalog),
			schema != "" && !strings.EqualFold(o.schema, schema),
			!schemaPattern.MatchString(o.schema),
			!pattern.MatchString(o.name):
			continue
		}
		var remarks any
		if o.comment != nil {
			remarks = *o.comment
		}
		t.Add(o.schema, o.name, o.temporary, nil, o.catalog, o.kind, remarks)
	}
	if !cmd.AllCatalogs && infoSchemaListed(catalog, schema, schemaPattern) {
		addInfoSchemaTables(t, catalog, pattern)
	}
	return t.Reader(), nil
}

func (s *Catalog) showColumns(ctx context.Context, ss Conn, cmd sqlfront.Command) (array.RecordReader, error) {
	schemaPattern, err := sqlfront.PatternRegexp(cmd.SchemaPattern)
	if err != nil {
		return nil, userErr("INVALID_FORMAT", "42601", err.Error())
	}
	tablePattern, err := sqlfront.PatternRegexp(cmd.TablePattern)
	if err != nil {
		return nil, userErr("INVALID_FORMAT", "42601", err.Error())
	}
	colPattern, err := sqlfront.PatternRegexp(cmd.ColumnPattern)
	if err != nil {
		return nil, userErr("INVALID_FORMAT", "42601", err.Error())
	}
	rows, err := s.engineRows(ctx, ss, `
		SELECT database_name, schema_name, table_name, column_name, data_type, column_index::VARCHAR, is_nullable::VARCHAR, comment
		FROM duckdb_columns() WHERE NOT internal ORDER BY 1, 2, 3, column_index`)
	if err != nil {
		return nil, err
	}
	if cmd.Table != "" {
		// Spark's SHOW COLUMNS IN t [IN s]: one column of names.
		catalog, schema := ss.Namespace()
		if cmd.Catalog != "" {
			catalog = cmd.Catalog
		}
		if cmd.Schema != "" {
			schema = cmd.Schema
		}
		t := rowtable.New(rowtable.Str("col_name"))
		found := false
		for _, r := range rows {
			if strings.EqualFold(s.databricksCatalog(r[0]), catalog) && strings.EqualFold(r[1], schema) && strings.EqualFold(r[2], cmd.Table) {
				t.Add(r[3])
				found = true
			}
		}
		if !found {
			t.Discard()
			return nil, userErr("TABLE_OR_VIEW_NOT_FOUND", "42P01", fmt.Sprintf("The table or view `%s`.`%s`.`%s` cannot be found.", catalog, schema, cmd.Table))
		}
		return t.Reader(), nil
	}
	t := rowtable.New(rowtable.Str("col_name"), rowtable.Str("catalogName"), rowtable.Str("namespace"), rowtable.Str("tableName"), rowtable.Str("columnType"),
		rowtable.I32("columnSize"), rowtable.I32("decimalDigits"), rowtable.I32("radix"), rowtable.Str("isNullable"), rowtable.Str("remarks"),
		rowtable.I32("ordinalPosition"), rowtable.Str("isAutoIncrement"), rowtable.Str("isGenerated"))
	for _, r := range rows {
		cat := s.databricksCatalog(r[0])
		if !cmd.AllCatalogs && !strings.EqualFold(cat, cmd.Catalog) || !schemaPattern.MatchString(r[1]) ||
			!tablePattern.MatchString(r[2]) || !colPattern.MatchString(r[3]) {
			continue
		}
		col := typemap.FromEngineTypeName(r[4])
		size, digits, radix := columnSize(col)
		var ordinal int32
		_, _ = fmt.Sscan(r[5], &ordinal)
		nullable := "true"
		if r[6] == "false" {
			nullable = "false"
		}
		var remarks any
		if r[7] != "" {
			remarks = r[7]
		}
		t.Add(r[3], cat, r[1], r[2], col.TypeText, size, digits, radix, nullable, remarks, &ordinal, "NO", "NO")
	}
	if !cmd.AllCatalogs && infoSchemaListed(cmd.Catalog, "", schemaPattern) {
		if err := s.addInfoSchemaColumns(ctx, ss, t, cmd.Catalog, tablePattern, colPattern); err != nil {
			t.Discard()
			return nil, err
		}
	}
	return t.Reader(), nil
}

// columnSize returns JDBC-style columnSize, decimalDigits and radix.
func columnSize(c typemap.Column) (size, digits, radix *int32) {
	p := func(v int32) *int32 { return &v }
	switch c.TypeName {
	case "BYTE":
		return p(3), p(0), p(10)
	case "SHORT":
		return p(5), p(0), p(10)
	case "INT":
		return p(10), p(0), p(10)
	case "LONG":
		return p(19), p(0), p(10)
	case "FLOAT":
		return p(7), p(7), p(10)
	case "DOUBLE":
		return p(15), p(15), p(10)
	case "DECIMAL":
		return p(int32(c.Precision)), p(int32(c.Scale)), p(10)
	case "DATE":
		return p(10), nil, nil
	case "TIMESTAMP", "TIMESTAMP_NTZ":
		return p(29), p(6), nil
	}
	return nil, nil, nil
}
