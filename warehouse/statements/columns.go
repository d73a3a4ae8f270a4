package statements

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"

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

// variantTables caches whether the engine's catalog has a VARIANT table
// column (held as JSON, sqlfront's variant_ddl.go), for
// sqlfront.Options.VariantColumns: asked again only after a statement that
// may have changed the catalog (ddlDone).
type variantTables struct {
	gen  atomic.Uint64 // bumped by ddlDone
	mu   sync.Mutex
	at   uint64 // gen+1 of the cached answer, 0 for none
	some bool
}

// ddlDone marks the cached answer stale after a statement with verb verb
// ran, when it may have added or changed a table (or made one visible).
func (v *variantTables) ddlDone(verb string) {
	switch verb {
	case "CREATE", "ALTER", "REPLACE", "ATTACH", "COMMIT", "RESTORE", "CLONE":
		v.gen.Add(1)
	}
}

// variantHook answers sqlfront.Options.VariantColumns through the
// session's connection: whether any column in its view of the catalog is
// JSON, the engine type of a VARIANT column. An error answers yes (the
// front end then asks for the table's columns).
func (s *Executor) variantHook(ctx context.Context, ss *sessions.Session) func() bool {
	return func() bool {
		v := &s.variants
		gen := v.gen.Load()
		v.mu.Lock()
		if v.at == gen+1 {
			some := v.some
			v.mu.Unlock()
			return some
		}
		v.mu.Unlock()
		rows, err := rowtable.Rows(ctx, ss.Conn(), `SELECT 1 FROM duckdb_columns() WHERE data_type = 'JSON' LIMIT 1`)
		if err != nil {
			return true
		}
		some := len(rows) > 0
		v.mu.Lock()
		if v.gen.Load() == gen {
			v.at, v.some = gen+1, some
		}
		v.mu.Unlock()
		return some
	}
}
