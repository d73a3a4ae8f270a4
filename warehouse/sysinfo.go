package warehouse

import (
	"context"
	"regexp"
	"strings"

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
func (s *Server) infoSchemaColumns(ctx context.Context, ss *session, v string) ([]infoSchemaColumn, error) {
	rdr, err := s.query(ctx, ss, "SELECT * FROM system.information_schema.`"+v+"` LIMIT 0", nil)
	if err != nil {
		return nil, err
	}
	defer rdr.Release()
	var out []infoSchemaColumn
	for _, f := range rdr.Schema().Fields() {
		col, err := typemap.FromArrow(f.Type, ss.timezone())
		if err != nil {
			return nil, err
		}
		out = append(out, infoSchemaColumn{f.Name, col})
	}
	return out, nil
}

// addInfoSchemaTables appends the information_schema views of catalog to a
// SHOW TABLES answer whose name pattern they match.
func addInfoSchemaTables(t *table, catalog string, pattern *regexp.Regexp) {
	for _, v := range sqlfront.InformationSchemaViews() {
		if pattern.MatchString(v) {
			t.add(infoSchema, v, false, nil, strings.ToLower(catalog), "VIEW", nil)
		}
	}
}

// addInfoSchemaColumns appends the columns of the information_schema views
// of catalog to a SHOW COLUMNS IN CATALOG answer.
func (s *Server) addInfoSchemaColumns(ctx context.Context, ss *session, t *table, catalog string, tablePattern, colPattern *regexp.Regexp) error {
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
			t.add(c.name, strings.ToLower(catalog), infoSchema, v, c.col.TypeText, size, digits, radix, "true", nil, &ordinal, "NO", "NO")
		}
	}
	return nil
}
