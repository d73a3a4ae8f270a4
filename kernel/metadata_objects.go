package kernel

import (
	"context"
	"strings"

	"golang.org/x/sync/errgroup"
)

// Depth is how deep Objects descends.
type Depth int

// Depths of Objects.
const (
	// DepthCatalogs lists catalogs only.
	DepthCatalogs Depth = iota + 1
	// DepthSchemas adds their schemas.
	DepthSchemas
	// DepthTables adds tables and views.
	DepthTables
	// DepthColumns adds columns.
	DepthColumns
)

// ObjectsFilter selects what Objects lists. Patterns are ADBC patterns
// ("" matches everything); TableTypes are matched case-insensitively (none
// means any type).
type ObjectsFilter struct {
	Depth      Depth
	Catalog    string
	Schema     string
	Table      string
	Column     string
	TableTypes []string
}

// CatalogObjects is a catalog and, by depth, what it holds.
type CatalogObjects struct {
	Name    string
	Schemas []SchemaObjects
}

// SchemaObjects is a schema and, by depth, its tables.
type SchemaObjects struct {
	Name   string
	Tables []TableObjects
}

// TableObjects is a table and, at DepthColumns, its matching columns.
type TableObjects struct {
	TableInfo
	Columns []ColumnInfo
}

// Objects lists catalogs, schemas, tables and columns as a tree, the shape
// of ADBC GetObjects: a catalog appears even when no schema under it
// matches, a schema even without matching tables, a table even without
// matching columns. All are sorted; columns by position.
//
// It issues few statements, in at most three rounds:
//
//   - DepthCatalogs: 1 (SHOW CATALOGS [LIKE]);
//   - DepthSchemas: 2 (+ SHOW SCHEMAS IN `c`, or IN ALL CATALOGS when
//     several catalogs match);
//   - DepthTables: 3 (+ SHOW TABLES, the only source of table types; run in
//     parallel with SHOW SCHEMAS);
//   - DepthColumns: 4 (+ SHOW COLUMNS IN CATALOG `c`, or IN ALL CATALOGS
//     when several catalogs match, run in parallel with the other two). A
//     service that rejects ALL CATALOGS (see Conn.Columns) costs one SHOW
//     COLUMNS IN CATALOG per catalog holding a matching table instead, 8 at
//     a time, after SHOW TABLES; the Conn remembers the rejection.
//
// Nothing follows a SHOW CATALOGS that matched nothing.
func (c *Conn) Objects(ctx context.Context, f ObjectsFilter) ([]CatalogObjects, error) {
	cats, err := c.Catalogs(ctx, f.Catalog)
	if err != nil || f.Depth <= DepthCatalogs || len(cats) == 0 {
		return catalogTree(cats), err
	}
	sc := namesScope(cats)
	var (
		schemas    []SchemaInfo
		tables     []TableInfo
		columns    []ColumnInfo
		gotColumns bool
	)
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) {
		schemas, err = c.showSchemas(gctx, sc, f.Schema)
		return err
	})
	if f.Depth >= DepthTables {
		g.Go(func() (err error) {
			tables, err = c.showTables(gctx, sc, f.Schema, f.Table)
			return err
		})
	}
	if f.Depth >= DepthColumns {
		g.Go(func() (err error) {
			if sc.one != "" {
				columns, err = c.showColumns(gctx, sc, f.Schema, f.Table, f.Column)
				gotColumns = err == nil
				return err
			}
			columns, gotColumns, err = c.allCatalogsColumns(gctx, sc.keep, f.Schema, f.Table, f.Column)
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	tables = filterTypes(tables, f.TableTypes)
	if f.Depth >= DepthColumns && !gotColumns && len(tables) > 0 {
		var withTables []string
		for _, t := range tables { // sorted by catalog
			if n := len(withTables); n == 0 || !strings.EqualFold(withTables[n-1], t.Catalog) {
				withTables = append(withTables, t.Catalog)
			}
		}
		if columns, err = c.columnsIn(ctx, withTables, f.Schema, f.Table, f.Column); err != nil {
			return nil, err
		}
	}
	return buildTree(cats, schemas, tables, columns, f.Depth), nil
}

func catalogTree(cats []string) []CatalogObjects {
	out := make([]CatalogObjects, len(cats))
	for i, name := range cats {
		out[i].Name = name
	}
	return out
}

// objectKey identifies a schema or table case-insensitively, as Databricks
// names are.
type objectKey struct{ catalog, schema, table string }

func keyOf(catalog, schema, table string) objectKey {
	return objectKey{strings.ToLower(catalog), strings.ToLower(schema), strings.ToLower(table)}
}

// buildTree nests sorted schemas, tables and columns under their catalogs;
// rows without a parent (a temporary view has no schema) are dropped.
func buildTree(cats []string, schemas []SchemaInfo, tables []TableInfo, columns []ColumnInfo, depth Depth) []CatalogObjects {
	out := catalogTree(cats)
	catIdx := make(map[string]int, len(cats))
	for i, name := range cats {
		catIdx[strings.ToLower(name)] = i
	}
	type pos struct{ cat, schema int }
	schemaIdx := make(map[objectKey]pos, len(schemas))
	for _, s := range schemas {
		ci, ok := catIdx[strings.ToLower(s.Catalog)]
		if !ok {
			continue
		}
		schemaIdx[keyOf(s.Catalog, s.Schema, "")] = pos{ci, len(out[ci].Schemas)}
		out[ci].Schemas = append(out[ci].Schemas, SchemaObjects{Name: s.Schema})
	}
	byTable := make(map[objectKey][]ColumnInfo)
	for _, col := range columns { // sorted by position within a table
		k := keyOf(col.Catalog, col.Schema, col.Table)
		byTable[k] = append(byTable[k], col)
	}
	for _, t := range tables {
		p, ok := schemaIdx[keyOf(t.Catalog, t.Schema, "")]
		if !ok {
			continue
		}
		to := TableObjects{TableInfo: t}
		if depth >= DepthColumns {
			to.Columns = append([]ColumnInfo{}, byTable[keyOf(t.Catalog, t.Schema, t.Table)]...)
		}
		s := &out[p.cat].Schemas[p.schema]
		s.Tables = append(s.Tables, to)
	}
	return out
}
