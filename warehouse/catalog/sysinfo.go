package catalog

import (
	"context"
	"regexp"
	"strings"

	"github.com/sealane/sealane/warehouse/rowtable"
	"github.com/sealane/sealane/warehouse/sqlfront"
	"github.com/sealane/sealane/warehouse/typemap"
)

// systemCatalog is Databricks' catalog of system schemas; the warehouse
// serves its information_schema (every catalog's objects), which the
// drivers list like any schema: the Rust kernel's tables() and columns()
// of system.information_schema send SHOW TABLES / SHOW COLUMNS IN CATALOG
// `system` SCHEMA LIKE 'information.schema'. It is not in SHOW CATALOGS,
// where only the engine's databases are.
const systemCatalog = "system"

const infoSchema = "information_schema"

// infoSchemaListed reports whether SHOW TABLES or SHOW COLUMNS of catalog
// (with the schema filter schema, or schemaPattern) lists the
// information_schema views: for the system catalog, and for any catalog
// when information_schema is named as the schema. A listing of every
// schema of a user catalog leaves them out, as before.
func infoSchemaListed(catalog, schema string, schemaPattern *regexp.Regexp) bool {
	if !schemaPattern.MatchString(infoSchema) {
		return false
	}
	return strings.EqualFold(catalog, systemCatalog) || strings.EqualFold(schema, infoSchema)
}

// infoSchemaColumn is one column of an information_schema view.
type infoSchemaColumn struct {
	name string
	col  typemap.Column
}

// infoSchemaColumns returns the columns of information_schema view v, as
// the engine answers SELECT * FROM system.information_schema.v.
func (s *Catalog) infoSchemaColumns(ctx context.Context, ss Conn, v string) ([]infoSchemaColumn, error) {
	tr, err := sqlfront.Translate("SELECT * FROM system.information_schema.`"+v+"` LIMIT 0",
		sqlfront.Options{CatalogMap: s.eng.CatalogMap()})
	if err != nil {
		return nil, err
	}
	rdr, err := rowtable.Stream(ctx, ss.Engine(), tr.SQL)
	if err != nil {
		return nil, err
	}
	defer rdr.Release()
	var out []infoSchemaColumn
	for _, f := range rdr.Schema().Fields() {
		// The views hold no timestamps with a zone the session could change.
		col, err := typemap.FromArrow(f.Type, "UTC")
		if err != nil {
			return nil, err
		}
		out = append(out, infoSchemaColumn{f.Name, col})
	}
	return out, nil
}

// addInfoSchemaTables appends the information_schema views of catalog to a
// SHOW TABLES answer whose name pattern they match.
func addInfoSchemaTables(t *rowtable.Table, catalog string, pattern *regexp.Regexp) {
	for _, v := range sqlfront.InformationSchemaViews() {
		if pattern.MatchString(v) {
			t.Add(infoSchema, v, false, nil, strings.ToLower(catalog), "VIEW", nil)
		}
	}
}

// addInfoSchemaColumns appends the columns of the information_schema views
// of catalog to a SHOW COLUMNS IN CATALOG answer.
func (s *Catalog) addInfoSchemaColumns(ctx context.Context, ss Conn, t *rowtable.Table, catalog string, tablePattern, colPattern *regexp.Regexp) error {
	for _, v := range sqlfront.InformationSchemaViews() {
		if !tablePattern.MatchString(v) {
			continue
		}
		cols, err := s.infoSchemaColumns(ctx, ss, v)
		if err != nil {
			return err
		}
		for i, c := range cols {
			if !colPattern.MatchString(c.name) {
				continue
			}
			size, digits, radix := columnSize(c.col)
			ordinal := int32(i + 1)
			t.Add(c.name, strings.ToLower(catalog), infoSchema, v, c.col.TypeText, size, digits, radix, "true", nil, &ordinal, "NO", "NO")
		}
	}
	return nil
}
