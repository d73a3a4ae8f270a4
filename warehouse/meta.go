package warehouse

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse/sqlfront"
	"github.com/sealane/sealane/warehouse/typemap"
)

// table builds a small Arrow result row by row, for the statements the
// warehouse answers itself.
type table struct {
	schema *arrow.Schema
	b      *array.RecordBuilder
}

func newTable(fields ...arrow.Field) *table {
	for i := range fields {
		fields[i].Nullable = true
	}
	schema := arrow.NewSchema(fields, nil)
	return &table{schema: schema, b: array.NewRecordBuilder(memory.DefaultAllocator, schema)}
}

func str(name string) arrow.Field { return arrow.Field{Name: name, Type: arrow.BinaryTypes.String} }
func i32(name string) arrow.Field { return arrow.Field{Name: name, Type: arrow.PrimitiveTypes.Int32} }
func boolean(name string) arrow.Field {
	return arrow.Field{Name: name, Type: arrow.FixedWidthTypes.Boolean}
}

// add appends one row: string, bool, int32, int64, *int32, or nil for NULL.
func (t *table) add(values ...any) {
	for i, v := range values {
		f := t.b.Field(i)
		switch v := v.(type) {
		case nil:
			f.AppendNull()
		case string:
			f.(*array.StringBuilder).Append(v)
		case bool:
			f.(*array.BooleanBuilder).Append(v)
		case int32:
			f.(*array.Int32Builder).Append(v)
		case int64:
			f.(*array.Int64Builder).Append(v)
		case *int32:
			if v == nil {
				f.AppendNull()
			} else {
				f.(*array.Int32Builder).Append(*v)
			}
		default:
			panic(fmt.Sprintf("warehouse: table cell of type %T", v))
		}
	}
}

func (t *table) reader() array.RecordReader {
	rec := t.b.NewRecordBatch()
	defer rec.Release()
	t.b.Release()
	rdr, _ := array.NewRecordReader(t.schema, []arrow.RecordBatch{rec})
	return rdr
}

func emptyReader() array.RecordReader {
	rdr, _ := array.NewRecordReader(arrow.NewSchema(nil, nil), nil)
	return rdr
}

// catalogObject is one table or view as the engine's catalog lists it.
type catalogObject struct {
	catalog, schema, name, kind string
	temporary                   bool
	comment                     *string
}

// show answers SHOW CATALOGS / SCHEMAS / TABLES / COLUMNS with the column
// layouts the official clients read (by name and by position).
func (s *Server) show(ctx context.Context, ss *session, cmd sqlfront.Command) (array.RecordReader, error) {
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
		t := newTable(str("catalog"))
		for _, c := range cats {
			if pattern.MatchString(c) {
				t.add(c)
			}
		}
		return t.reader(), nil
	case sqlfront.KindShowSchemas:
		return s.showSchemas(ctx, ss, cmd, pattern)
	case sqlfront.KindShowTables:
		return s.showTables(ctx, ss, cmd, pattern)
	}
	return s.showColumns(ctx, ss, cmd)
}

// catalogs lists the Databricks catalog names, sorted.
func (s *Server) catalogs(ctx context.Context, ss *session) ([]string, error) {
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
func (s *Server) databricksCatalog(db string) string {
	for cat, name := range s.eng.CatalogMap() {
		if name == db {
			return cat
		}
	}
	return db
}

func (s *Server) showSchemas(ctx context.Context, ss *session, cmd sqlfront.Command, pattern *regexp.Regexp) (array.RecordReader, error) {
	// DuckDB's own schemas do not show (main, pg_catalog), as on
	// Databricks, where a catalog holds its schemas and information_schema.
	rows, err := s.engineRows(ctx, ss, `SELECT database_name, schema_name FROM duckdb_schemas()
		WHERE (NOT internal AND schema_name <> 'main' OR schema_name = 'information_schema')
		AND database_name IN (SELECT database_name FROM duckdb_databases() WHERE NOT internal) ORDER BY 1, 2`)
	if err != nil {
		return nil, err
	}
	catalog := ss.catalog
	if cmd.Catalog != "" {
		catalog = cmd.Catalog
	}
	var t *table
	if cmd.AllCatalogs {
		t = newTable(str("databaseName"), str("catalog"))
	} else {
		t = newTable(str("databaseName"))
	}
	if !cmd.AllCatalogs && strings.EqualFold(catalog, systemCatalog) && pattern.MatchString(infoSchema) {
		t.add(infoSchema)
	}
	for _, r := range rows {
		cat := s.databricksCatalog(r[0])
		if !pattern.MatchString(r[1]) || !cmd.AllCatalogs && !strings.EqualFold(cat, catalog) {
			continue
		}
		if cmd.AllCatalogs {
			t.add(r[1], cat)
		} else {
			t.add(r[1])
		}
	}
	return t.reader(), nil
}

// objects lists tables and views in the engine's catalog.
func (s *Server) objects(ctx context.Context, ss *session) ([]catalogObject, error) {
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

func (s *Server) showTables(ctx context.Context, ss *session, cmd sqlfront.Command, pattern *regexp.Regexp) (array.RecordReader, error) {
	schemaPattern, err := sqlfront.PatternRegexp(cmd.SchemaPattern)
	if err != nil {
		return nil, userErr("INVALID_FORMAT", "42601", err.Error())
	}
	objs, err := s.objects(ctx, ss)
	if err != nil {
		return nil, err
	}
	catalog, schema := cmd.Catalog, cmd.Schema
	if !cmd.AllCatalogs && catalog == "" {
		catalog = ss.catalog
	}
	if !cmd.AllCatalogs && cmd.Catalog == "" && schema == "" {
		schema = ss.schema
	}
	t := newTable(str("namespace"), str("tableName"), boolean("isTemporary"), str("information"),
		str("catalogName"), str("tableType"), str("remarks"))
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
		t.add(o.schema, o.name, o.temporary, nil, o.catalog, o.kind, remarks)
	}
	if !cmd.AllCatalogs && infoSchemaListed(catalog, schema, schemaPattern) {
		addInfoSchemaTables(t, catalog, pattern)
	}
	return t.reader(), nil
}

func (s *Server) showColumns(ctx context.Context, ss *session, cmd sqlfront.Command) (array.RecordReader, error) {
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
		catalog, schema := ss.catalog, ss.schema
		if cmd.Catalog != "" {
			catalog = cmd.Catalog
		}
		if cmd.Schema != "" {
			schema = cmd.Schema
		}
		t := newTable(str("col_name"))
		found := false
		for _, r := range rows {
			if strings.EqualFold(s.databricksCatalog(r[0]), catalog) && strings.EqualFold(r[1], schema) && strings.EqualFold(r[2], cmd.Table) {
				t.add(r[3])
				found = true
			}
		}
		if !found {
			t.b.Release()
			return nil, userErr("TABLE_OR_VIEW_NOT_FOUND", "42P01", fmt.Sprintf("The table or view `%s`.`%s`.`%s` cannot be found.", catalog, schema, cmd.Table))
		}
		return t.reader(), nil
	}
	t := newTable(str("col_name"), str("catalogName"), str("namespace"), str("tableName"), str("columnType"),
		i32("columnSize"), i32("decimalDigits"), i32("radix"), str("isNullable"), str("remarks"),
		i32("ordinalPosition"), str("isAutoIncrement"), str("isGenerated"))
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
		t.add(r[3], cat, r[1], r[2], col.TypeText, size, digits, radix, nullable, remarks, &ordinal, "NO", "NO")
	}
	if !cmd.AllCatalogs && infoSchemaListed(cmd.Catalog, "", schemaPattern) {
		if err := s.addInfoSchemaColumns(ctx, ss, t, cmd.Catalog, tablePattern, colPattern); err != nil {
			t.b.Release()
			return nil, err
		}
	}
	return t.reader(), nil
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

// set answers SET k = v (recorded as a session conf; TIMEZONE also reaches
// the engine), SET k (shows the value), SET (lists confs) and RESET.
func (s *Server) set(ctx context.Context, ss *session, cmd sqlfront.Command) (array.RecordReader, error) {
	key := strings.ToLower(cmd.Key)
	switch {
	case cmd.Kind == sqlfront.KindReset && key == "":
		ss.confs = map[string]string{}
		return emptyReader(), s.resetTimezone(ctx, ss)
	case cmd.Kind == sqlfront.KindReset:
		delete(ss.confs, key)
		if key == "timezone" {
			return emptyReader(), s.resetTimezone(ctx, ss)
		}
		return emptyReader(), nil
	case key == "":
		t := newTable(str("key"), str("value"))
		keys := make([]string, 0, len(ss.confs))
		for k := range ss.confs {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			t.add(k, ss.confs[k])
		}
		return t.reader(), nil
	case !cmd.HasValue:
		t := newTable(str("key"), str("value"))
		if v, ok := ss.confs[key]; ok {
			t.add(cmd.Key, v)
		} else {
			t.add(cmd.Key, "<undefined>")
		}
		return t.reader(), nil
	}
	value := cmd.Value
	if key == "timezone" {
		var err error
		if value, err = timezoneValue(value); err != nil {
			return nil, userErr("INVALID_CONF_VALUE", "22023", fmt.Sprintf("The value '%s' in the config \"TIMEZONE\" is invalid: %v.", cmd.Value, err))
		}
	}
	prev, had := ss.confs[key]
	ss.confs[key] = value
	if key == "timezone" {
		if err := s.applyTimezone(ctx, ss); err != nil {
			if had {
				ss.confs[key] = prev
			} else {
				delete(ss.confs, key)
			}
			return nil, userErr("INVALID_CONF_VALUE", "22023", fmt.Sprintf("The value '%s' in the config \"TIMEZONE\" is invalid.", cmd.Value))
		}
	}
	t := newTable(str("key"), str("value"))
	t.add(cmd.Key, value)
	return t.reader(), nil
}

// timezoneValue resolves what SET TIME ZONE names into the TIMEZONE value
// recorded: LOCAL becomes the server's zone (see localZone), an INTERVAL
// the offset it denotes (+01:00); anything else is kept as written.
func timezoneValue(v string) (string, error) {
	if strings.EqualFold(strings.TrimSpace(v), "LOCAL") {
		return localZone(), nil
	}
	offset, ok, err := intervalOffset(v)
	switch {
	case err != nil:
		return "", err
	case ok:
		v = offset
	}
	if _, err := parseZone(v); err != nil {
		return "", err
	}
	return v, nil
}

func (s *Server) resetTimezone(ctx context.Context, ss *session) error {
	rdr, err := ss.conn.Query(ctx, "SET TimeZone = 'UTC'")
	if err != nil {
		return err
	}
	rdr.Release()
	return nil
}

// describeQuery answers DESCRIBE QUERY q with (col_name, data_type, comment)
// without running q: the engine plans it with LIMIT 0. The statement's
// parameters are bound as for execution, so their types shape the result.
func (s *Server) describeQuery(ctx context.Context, ss *session, q string, params []sea.Parameter) (array.RecordReader, error) {
	rdr, err := s.query(ctx, ss, "SELECT * FROM ("+strings.TrimRight(strings.TrimSpace(q), ";")+") LIMIT 0", params)
	if err != nil {
		return nil, err
	}
	// The wrapper's star hides q's bare NULL items; find them in q itself.
	if tr, err := sqlfront.Translate(q, sqlfront.Options{}); err == nil && len(tr.Void) > 0 {
		rdr = withVoidColumns(rdr, tr.Void)
	}
	defer rdr.Release()
	t := newTable(str("col_name"), str("data_type"), str("comment"))
	for _, f := range rdr.Schema().Fields() {
		col, err := typemap.FromArrow(f.Type, ss.timezone())
		if err != nil {
			t.b.Release()
			return nil, err
		}
		t.add(f.Name, col.TypeText, nil)
	}
	return t.reader(), nil
}

// engineRows runs a catalog query and returns its cells as text ("" for NULL).
func (s *Server) engineRows(ctx context.Context, ss *session, q string) ([][]string, error) {
	rdr, err := ss.conn.Query(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rdr.Release()
	var out [][]string
	for rdr.Next() {
		rec := rdr.RecordBatch()
		for r := 0; r < int(rec.NumRows()); r++ {
			row := make([]string, rec.NumCols())
			for c := range row {
				if col := rec.Column(c); !col.IsNull(r) {
					row[c] = strings.Clone(col.ValueStr(r)) // ValueStr may alias the batch
				}
			}
			out = append(out, row)
		}
	}
	return out, rdr.Err()
}
