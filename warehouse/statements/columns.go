package statements

import (
	"context"
	"strings"

	"github.com/sealane/sealane/warehouse/rowtable"
	"github.com/sealane/sealane/warehouse/sessions"
	"github.com/sealane/sealane/warehouse/sqlfront"
	"github.com/sealane/sealane/warehouse/typemap"
)

// columnsHook answers sqlfront.Options.Columns from the engine's catalog
// through the session's connection: the columns of a table or view with
// their Spark types (typemap), a temporary view first as Spark resolves
// it. Names left out of the reference are the session's catalog and
// schema.
func (s *Executor) columnsHook(ctx context.Context, ss *sessions.Session) func(catalog, schema, table string) ([]sqlfront.Column, bool) {
	return func(catalog, schema, table string) ([]sqlfront.Column, bool) {
		cat, sch := ss.Namespace()
		if catalog == "" {
			catalog = cat
		}
		temp := schema == ""
		if schema == "" {
			schema = sch
		}
		db := catalog
		if d, ok := s.eng.CatalogMap()[strings.ToLower(catalog)]; ok {
			db = d
		}
		where := "(database_name = " + quoteString(db) + " AND lower(schema_name) = lower(" + quoteString(schema) + "))"
		if temp {
			where += " OR database_name = 'temp'"
		}
		rows, err := rowtable.Rows(ctx, ss.Conn(), `SELECT column_name, data_type, database_name
			FROM duckdb_columns() WHERE lower(table_name) = lower(`+quoteString(table)+`) AND (`+where+`)
			ORDER BY database_name <> 'temp', column_index`)
		if err != nil || len(rows) == 0 {
			return nil, false
		}
		var cols []sqlfront.Column
		for _, row := range rows {
			if row[2] != rows[0][2] {
				break
			}
			cols = append(cols, sqlfront.Column{Name: row[0], Type: typemap.FromEngineTypeName(row[1]).TypeText})
		}
		return cols, true
	}
}
