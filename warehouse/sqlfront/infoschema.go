package sqlfront

import (
	"sort"
	"strings"
)

// infoSchemaViews are the Databricks information_schema relations the
// warehouse answers, each a query over DuckDB's catalog functions with
// Databricks' column names. {db} is the engine's database name column,
// {cat} the expression that gives the Databricks catalog name of it, and
// {where} the filter on it. Owners are the local user "sealane"; times
// DuckDB does not keep are NULL.
var infoSchemaViews = map[string]string{
	"catalogs": `SELECT {cat} AS catalog_name, 'sealane' AS catalog_owner, CAST(comment AS VARCHAR) AS comment,
		CAST(NULL AS TIMESTAMPTZ) AS created, 'sealane' AS created_by, CAST(NULL AS TIMESTAMPTZ) AS last_altered,
		'sealane' AS last_altered_by
		FROM duckdb_databases() WHERE NOT internal AND {where}`,
	"schemata": `SELECT {cat} AS catalog_name, schema_name, 'sealane' AS schema_owner, CAST(comment AS VARCHAR) AS comment,
		CAST(NULL AS TIMESTAMPTZ) AS created, 'sealane' AS created_by, CAST(NULL AS TIMESTAMPTZ) AS last_altered,
		'sealane' AS last_altered_by
		FROM duckdb_schemas() WHERE NOT internal AND schema_name <> 'main'
		AND database_name IN (SELECT database_name FROM duckdb_databases() WHERE NOT internal) AND {where}`,
	"tables": `SELECT {cat} AS table_catalog, schema_name AS table_schema, table_name,
		CASE WHEN temporary THEN 'TEMPORARY' ELSE 'MANAGED' END AS table_type, 'YES' AS is_insertable_into,
		'PRESERVE' AS commit_action, 'sealane' AS table_owner, CAST(comment AS VARCHAR) AS comment,
		CAST(NULL AS TIMESTAMPTZ) AS created, 'sealane' AS created_by, CAST(NULL AS TIMESTAMPTZ) AS last_altered,
		'sealane' AS last_altered_by, 'DELTA' AS data_source_format, CAST(NULL AS VARCHAR) AS storage_sub_directory
		FROM duckdb_tables() WHERE NOT internal AND {where}
		UNION ALL
		SELECT {cat}, schema_name, view_name, 'VIEW', 'NO', 'PRESERVE', 'sealane', CAST(comment AS VARCHAR),
		NULL, 'sealane', NULL, 'sealane', NULL, NULL
		FROM duckdb_views() WHERE NOT internal AND {where}`,
	"views": `SELECT {cat} AS table_catalog, schema_name AS table_schema, view_name AS table_name, rtrim(regexp_replace(sql, '^CREATE .*?VIEW .*? AS ', ''), ';') AS view_definition,
		'NONE' AS check_option, 'NO' AS is_updatable, 'NO' AS is_insertable_into, 'NO' AS sql_path,
		CAST(NULL AS BOOLEAN) AS is_materialized
		FROM duckdb_views() WHERE NOT internal AND {where}`,
	"columns": `SELECT {cat} AS table_catalog, schema_name AS table_schema, table_name, column_name,
		CAST(column_index - 1 AS INTEGER) AS ordinal_position, column_default,
		CASE WHEN is_nullable THEN 'YES' ELSE 'NO' END AS is_nullable,
		lower(` + sparkTypeSQL + `) AS full_data_type,
		upper(regexp_replace(` + sparkTypeSQL + `, '[<(].*$', '')) AS data_type,
		CAST(numeric_precision AS INTEGER) AS numeric_precision, CAST(numeric_scale AS INTEGER) AS numeric_scale,
		'NO' AS is_identity, 'NO' AS is_generated, CAST(NULL AS INTEGER) AS partition_index,
		CAST(comment AS VARCHAR) AS comment
		FROM duckdb_columns() WHERE NOT internal AND {where}`,
	"routines": `SELECT CAST(NULL AS VARCHAR) AS specific_catalog, CAST(NULL AS VARCHAR) AS specific_schema,
		CAST(NULL AS VARCHAR) AS specific_name, CAST(NULL AS VARCHAR) AS routine_catalog,
		CAST(NULL AS VARCHAR) AS routine_schema, CAST(NULL AS VARCHAR) AS routine_name,
		CAST(NULL AS VARCHAR) AS routine_type, CAST(NULL AS VARCHAR) AS data_type,
		CAST(NULL AS VARCHAR) AS comment WHERE false`,
	"table_constraints": `SELECT {cat} AS constraint_catalog, schema_name AS constraint_schema,
		constraint_name, {cat} AS table_catalog, schema_name AS table_schema, table_name,
		CASE constraint_type WHEN 'PRIMARY KEY' THEN 'PRIMARY KEY' WHEN 'FOREIGN KEY' THEN 'FOREIGN KEY'
		WHEN 'UNIQUE' THEN 'UNIQUE' ELSE 'CHECK' END AS constraint_type, 'NO' AS is_deferrable,
		'NO' AS initially_deferred, 'YES' AS enforced, CAST(NULL AS VARCHAR) AS comment
		FROM duckdb_constraints() WHERE constraint_type IN ('PRIMARY KEY', 'FOREIGN KEY', 'UNIQUE', 'CHECK')
		AND {where}`,
}

// sparkTypeSQL spells DuckDB's data_type column as Databricks' type text
// for the primitive types (DuckDB's TIMESTAMP is Databricks' TIMESTAMP_NTZ,
// its TIMESTAMP WITH TIME ZONE Databricks' TIMESTAMP); complex types keep
// DuckDB's spelling of their structure.
const sparkTypeSQL = `regexp_replace(replace(replace(replace(replace(replace(replace(replace(data_type,
	'TIMESTAMP WITH TIME ZONE', chr(1)), 'TIMESTAMP', 'TIMESTAMP_NTZ'), chr(1), 'TIMESTAMP'),
	'VARCHAR', 'STRING'), 'INTEGER', 'INT'), 'BLOB', 'BINARY'), 'HUGEINT', 'DECIMAL(38,0)'),
	'^(.+)\[\]$', 'ARRAY<\1>')`

// rewriteInformationSchema replaces [catalog.]information_schema.view, for
// the views in infoSchemaViews, by a subquery that answers it with
// Databricks' layout: c.information_schema lists catalog c's objects, a
// bare information_schema those of the current catalog, and
// system.information_schema those of every catalog. DuckDB's own schemas
// (main, pg_catalog, information_schema) do not show.
func (r *rewriter) rewriteInformationSchema() {
	for k := 0; k+2 < len(r.sig); k++ {
		t := r.sigTok(k)
		if !t.isIdent() || !strings.EqualFold(t.value(), "information_schema") || !r.sigTok(k+1).isPunct('.') {
			continue
		}
		view := strings.ToLower(r.sigTok(k + 2).value())
		tmpl, ok := infoSchemaViews[view]
		if !ok || !r.sigTok(k+2).isIdent() || r.sigTok(k+3).isPunct('(') || r.sigTok(k+3).isPunct('.') {
			continue
		}
		first, where := k, "database_name = current_database()"
		if r.sigTok(k - 1).isPunct('.') {
			if k < 2 || !r.sigTok(k-2).isIdent() || r.sigTok(k-3).isPunct('.') {
				continue
			}
			first = k - 2
			cat := strings.ToLower(r.sigTok(k - 2).value())
			if cat == "system" {
				where = "true"
			} else {
				db := cat
				if mapped, ok := r.opts.CatalogMap[cat]; ok {
					db = mapped
				}
				where = "database_name = " + quoteString(db)
			}
		}
		q := strings.NewReplacer("{cat}", r.catalogNameSQL(), "{where}", where).Replace(tmpl)
		q = "(" + strings.Join(strings.Fields(q), " ") + ")"
		if next := r.sigTok(k + 3); !next.isKeyword("AS") && (!next.isIdent() || isKeywordIn(clauseWords, next.text) ||
			isKeywordIn(reservedWords, next.text)) {
			q += " AS " + view
		}
		r.out[r.si(first)] = q
		r.dropRaw(r.si(first)+1, r.si(k+2))
		k += 2
	}
}

// catalogNameSQL is the SQL expression that maps database_name to the
// Databricks catalog name through Options.CatalogMap.
func (r *rewriter) catalogNameSQL() string {
	if len(r.opts.CatalogMap) == 0 {
		return "database_name"
	}
	cats := make([]string, 0, len(r.opts.CatalogMap))
	for c := range r.opts.CatalogMap {
		cats = append(cats, c)
	}
	sort.Strings(cats)
	var b strings.Builder
	b.WriteString("CASE database_name")
	for _, c := range cats {
		b.WriteString(" WHEN " + quoteString(r.opts.CatalogMap[c]) + " THEN " + quoteString(c))
	}
	b.WriteString(" ELSE database_name END")
	return b.String()
}
