package catalog

import (
	"context"
	"encoding/json"
	"regexp"
	"strings"
)

// Spark carries a column's comment through a view: a view column that is a
// table column, selected as it is (by name, qualified, aliased or through
// *), shows that column's comment in DESCRIBE. DuckDB keeps comments on
// table columns only, so the warehouse finds them from the view's query:
// the engine's parse of it (json_serialize_sql) says which select items
// are plain column references and which table they read. Only a view over
// one base table is followed; columns of joins, subqueries and
// expressions stay without a comment.

// viewQuery takes the query out of the engine's CREATE VIEW text; a view
// with its own column list (v (a, b)) is left alone.
var viewQuery = regexp.MustCompile(`(?is)^\s*CREATE\s+(?:OR\s+REPLACE\s+)?(?:TEMP(?:ORARY)?\s+)?VIEW\s+(?:"(?:[^"]|"")*"|[^\s(".]+)(?:\.(?:"(?:[^"]|"")*"|[^\s(".]+))*\s+AS\s+(.*?);?\s*$`)

// serializedSelect is the part of json_serialize_sql's answer read here.
type serializedSelect struct {
	Error      bool `json:"error"`
	Statements []struct {
		Node struct {
			Type       string `json:"type"`
			SelectList []struct {
				Class       string   `json:"class"`
				ColumnNames []string `json:"column_names"`
				Alias       string   `json:"alias"`
			} `json:"select_list"`
			FromTable struct {
				Type        string `json:"type"`
				Alias       string `json:"alias"`
				CatalogName string `json:"catalog_name"`
				SchemaName  string `json:"schema_name"`
				TableName   string `json:"table_name"`
			} `json:"from_table"`
		} `json:"node"`
	} `json:"statements"`
}

// withViewComments fills in the comments of a view's columns from the
// table columns they select. cols are the object's columns as the engine
// lists them; r names it. Anything that cannot be followed leaves cols as
// they are: a comment is shown, never made up.
func (s *Catalog) withViewComments(ctx context.Context, ss Conn, r tableRef, cols []column) {
	missing := false
	for _, c := range cols {
		missing = missing || c.comment == nil
	}
	if !missing {
		return
	}
	views, err := s.engineRows(ctx, ss, `SELECT sql, database_name, schema_name FROM duckdb_views() WHERE `+s.where(r, "view_name")+
		` ORDER BY database_name <> 'temp'`)
	if err != nil || len(views) == 0 {
		return
	}
	m := viewQuery.FindStringSubmatch(views[0][0])
	if m == nil {
		return
	}
	rows, err := s.engineRows(ctx, ss, "SELECT json_serialize_sql("+quoteString(m[1])+")")
	if err != nil || len(rows) != 1 {
		return
	}
	var sel serializedSelect
	if json.Unmarshal([]byte(rows[0][0]), &sel) != nil || sel.Error || len(sel.Statements) != 1 {
		return
	}
	node := sel.Statements[0].Node
	from := node.FromTable
	if node.Type != "SELECT_NODE" || from.Type != "BASE_TABLE" {
		return
	}
	db, schema := from.CatalogName, from.SchemaName
	if db == "" {
		db = views[0][1]
	}
	if schema == "" {
		schema = views[0][2]
	}
	base, err := s.engineRows(ctx, ss, `SELECT column_name, comment FROM duckdb_columns() WHERE database_name = `+quoteString(db)+
		` AND lower(schema_name) = lower(`+quoteString(schema)+`) AND lower(table_name) = lower(`+quoteString(from.TableName)+
		`) ORDER BY column_index`)
	if err != nil || len(base) == 0 {
		return
	}
	comments := map[string]string{}
	for _, b := range base {
		if b[1] != "" {
			comments[strings.ToLower(b[0])] = b[1]
		}
	}
	// Each select item gives the view's next columns: a column reference
	// one (its comment), * all of the table's, anything else one without.
	var byPosition []*string
	for _, item := range node.SelectList {
		switch item.Class {
		case "COLUMN_REF":
			// c, or t.c with t the table or its alias (s.f is a field).
			parts := item.ColumnNames
			plain := len(parts) == 1 || len(parts) == 2 &&
				(strings.EqualFold(parts[0], from.Alias) || from.Alias == "" && strings.EqualFold(parts[0], from.TableName))
			if c, ok := comments[strings.ToLower(parts[len(parts)-1])]; ok && plain {
				byPosition = append(byPosition, &c)
			} else {
				byPosition = append(byPosition, nil)
			}
		case "STAR":
			for _, b := range base {
				if c, ok := comments[strings.ToLower(b[0])]; ok {
					byPosition = append(byPosition, &c)
				} else {
					byPosition = append(byPosition, nil)
				}
			}
		default:
			byPosition = append(byPosition, nil)
		}
	}
	if len(byPosition) != len(cols) {
		return // a * with EXCLUDE/REPLACE, or columns the parse does not show
	}
	for i := range cols {
		if cols[i].comment == nil {
			cols[i].comment = byPosition[i]
		}
	}
}
