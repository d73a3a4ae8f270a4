package catalog

import (
	"context"
	"fmt"
	"strings"

	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/sealane/sealane/warehouse/rowtable"
	"github.com/sealane/sealane/warehouse/sqlfront"
	"github.com/sealane/sealane/warehouse/typemap"
)

// column is one column of a table as the engine's catalog lists it.
type column struct {
	name     string
	typeText string // Databricks' type text, e.g. ARRAY<STRING>
	comment  *string
	nullable bool
}

// columnsOf lists the columns of a table or view, in order; none when it
// does not exist.
func (s *Catalog) columnsOf(ctx context.Context, ss Conn, r tableRef) ([]column, error) {
	// A temporary object (database temp) comes first, as Spark resolves it.
	rows, err := s.engineRows(ctx, ss, `SELECT column_name, data_type, comment, is_nullable::VARCHAR, database_name
		FROM duckdb_columns() WHERE `+s.where(r, "table_name")+`
		ORDER BY database_name <> 'temp', column_index`)
	if err != nil {
		return nil, err
	}
	var out []column
	for _, row := range rows {
		if row[4] != rows[0][4] {
			break
		}
		c := column{name: row[0], typeText: typemap.FromEngineTypeName(row[1]).TypeText, nullable: row[3] != "false"}
		if row[2] != "" {
			comment := row[2]
			c.comment = &comment
		}
		out = append(out, c)
	}
	s.withViewComments(ctx, ss, r, out)
	return out, nil
}

// tableWithColumns resolves the table cmd names and reads its columns and
// the metadata its DDL recorded. A name with no columns is a table that
// does not exist: its error is TABLE_OR_VIEW_NOT_FOUND (mustExist).
func (s *Catalog) tableWithColumns(ctx context.Context, ss Conn, cmd sqlfront.Command) (tableRef, []column, tableMeta, error) {
	ref := s.resolveTable(ss, cmd.Catalog, cmd.Schema, cmd.Table)
	cols, err := s.columnsOf(ctx, ss, ref)
	if err == nil && len(cols) == 0 {
		err = s.mustExist(ctx, ss, ref)
	}
	if err != nil {
		return tableRef{}, nil, tableMeta{}, err
	}
	return ref, cols, s.ddl.get(ref.key()), nil
}

// describeTable answers DESCRIBE [TABLE] [EXTENDED] t [col] as Spark does:
// (col_name, data_type, comment) per column, partition columns last and
// listed again under "# Partition Information"; EXTENDED adds "# Detailed
// Table Information". DESCRIBE t col answers (info_name, info_value).
func (s *Catalog) describeTable(ctx context.Context, ss Conn, cmd sqlfront.Command) (array.RecordReader, error) {
	ref, cols, m, err := s.tableWithColumns(ctx, ss, cmd)
	if err != nil {
		return nil, err
	}
	if cmd.Value != "" {
		for _, c := range cols {
			if strings.EqualFold(c.name, cmd.Value) {
				t := rowtable.New(rowtable.Str("info_name"), rowtable.Str("info_value"))
				t.Add("col_name", c.name)
				t.Add("data_type", typemap.SimpleString(c.typeText))
				if c.comment != nil {
					t.Add("comment", *c.comment)
				} else {
					t.Add("comment", "NULL")
				}
				return t.Reader(), nil
			}
		}
		return nil, userErr("UNRESOLVED_COLUMN", "42703", fmt.Sprintf("A column with name `%s` cannot be resolved.", cmd.Value))
	}
	partition := map[string]bool{}
	for _, p := range m.partitionedBy {
		partition[strings.ToLower(p)] = true
	}
	t := rowtable.New(rowtable.Str("col_name"), rowtable.Str("data_type"), rowtable.Str("comment"))
	row := func(c column) {
		var comment any
		if c.comment != nil {
			comment = *c.comment
		}
		t.Add(c.name, typemap.SimpleString(c.typeText), comment)
	}
	for _, c := range cols {
		if !partition[strings.ToLower(c.name)] {
			row(c)
		}
	}
	var parts []column
	for _, p := range m.partitionedBy {
		for _, c := range cols {
			if strings.EqualFold(c.name, p) {
				parts = append(parts, c)
			}
		}
	}
	for _, c := range parts {
		row(c)
	}
	if len(parts) > 0 {
		t.Add("# Partition Information", "", "")
		t.Add("# col_name", "data_type", "comment")
		for _, c := range parts {
			row(c)
		}
	}
	if len(m.clusterBy) > 0 {
		t.Add("# Clustering Information", "", "")
		t.Add("# col_name", "data_type", "comment")
		for _, name := range m.clusterBy {
			for _, c := range cols {
				if strings.EqualFold(c.name, name) {
					row(c)
				}
			}
		}
	}
	if cmd.Extended {
		s.detailedTableInformation(ctx, ss, ref, m, t)
	}
	return t.Reader(), nil
}

// detailedTableInformation appends DESCRIBE TABLE EXTENDED's section.
func (s *Catalog) detailedTableInformation(ctx context.Context, ss Conn, ref tableRef, m tableMeta, t *rowtable.Table) {
	kind, comment := "MANAGED", ""
	if objs, err := s.objects(ctx, ss); err == nil {
		for _, o := range objs {
			if strings.EqualFold(o.catalog, ref.catalog) && strings.EqualFold(o.schema, ref.schema) && strings.EqualFold(o.name, ref.table) {
				if o.kind == "VIEW" {
					kind = "VIEW"
				}
				if o.comment != nil {
					comment = *o.comment
				}
			}
		}
	}
	t.Add("", "", "")
	t.Add("# Detailed Table Information", "", "")
	t.Add("Catalog", ref.catalog, "")
	t.Add("Database", ref.schema, "")
	t.Add("Table", ref.table, "")
	t.Add("Type", kind, "")
	if kind != "VIEW" {
		provider := m.provider
		if provider == "" {
			provider = "delta"
		}
		t.Add("Provider", provider, "")
	}
	if comment != "" {
		t.Add("Comment", comment, "")
	}
	if m.location != "" {
		t.Add("Location", m.location, "")
	}
	if len(m.props) > 0 {
		kv := make([]string, len(m.props))
		for i, p := range m.props {
			kv[i] = p[0] + "=" + p[1]
		}
		t.Add("Table Properties", "["+strings.Join(kv, ", ")+"]", "")
	}
}

// showCreateTable answers SHOW CREATE TABLE t with (createtab_stmt) in
// Spark's layout; a view shows CREATE VIEW with the engine's text of it.
func (s *Catalog) showCreateTable(ctx context.Context, ss Conn, cmd sqlfront.Command) (array.RecordReader, error) {
	ref, cols, m, err := s.tableWithColumns(ctx, ss, cmd)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "CREATE TABLE %s.%s.%s (\n", ref.catalog, ref.schema, ref.table)
	for i, c := range cols {
		fmt.Fprintf(&b, "  %s %s", c.name, c.typeText)
		if !c.nullable {
			b.WriteString(" NOT NULL")
		}
		if c.comment != nil {
			fmt.Fprintf(&b, " COMMENT %s", sparkString(*c.comment))
		}
		if i < len(cols)-1 {
			b.WriteString(",\n")
		}
	}
	b.WriteString(")\n")
	provider := m.provider
	if provider == "" {
		provider = "delta"
	}
	fmt.Fprintf(&b, "USING %s\n", provider)
	if len(m.partitionedBy) > 0 {
		fmt.Fprintf(&b, "PARTITIONED BY (%s)\n", strings.Join(m.partitionedBy, ", "))
	}
	if len(m.clusterBy) > 0 {
		fmt.Fprintf(&b, "CLUSTER BY (%s)\n", strings.Join(m.clusterBy, ", "))
	}
	for _, o := range mustObjects(ctx, s, ss) {
		if o.comment != nil && strings.EqualFold(o.catalog, ref.catalog) && strings.EqualFold(o.schema, ref.schema) && strings.EqualFold(o.name, ref.table) {
			fmt.Fprintf(&b, "COMMENT %s\n", sparkString(*o.comment))
		}
	}
	if m.location != "" {
		fmt.Fprintf(&b, "LOCATION %s\n", sparkString(m.location))
	}
	if len(m.props) > 0 {
		b.WriteString("TBLPROPERTIES (\n")
		for i, p := range m.props {
			fmt.Fprintf(&b, "  %s = %s", sparkString(p[0]), sparkString(p[1]))
			if i < len(m.props)-1 {
				b.WriteString(",\n")
			}
		}
		b.WriteString(")\n")
	}
	t := rowtable.New(rowtable.Str("createtab_stmt"))
	t.Add(b.String())
	return t.Reader(), nil
}

func mustObjects(ctx context.Context, s *Catalog, ss Conn) []catalogObject {
	objs, _ := s.objects(ctx, ss)
	return objs
}

// sparkString is a Spark SQL string literal.
func sparkString(v string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(v) + "'"
}

// showViews answers SHOW VIEWS [IN s] [LIKE p] with (namespace, viewName,
// isTemporary); temporary views show in every schema, with namespace "".
func (s *Catalog) showViews(ctx context.Context, ss Conn, cmd sqlfront.Command) (array.RecordReader, error) {
	pattern, err := sqlfront.PatternRegexp(cmd.Pattern)
	if err != nil {
		return nil, userErr("INVALID_FORMAT", "42601", err.Error())
	}
	ref := s.resolveTable(ss, cmd.Catalog, cmd.Schema, "")
	objs, err := s.objects(ctx, ss)
	if err != nil {
		return nil, err
	}
	t := rowtable.New(rowtable.Str("namespace"), rowtable.Str("viewName"), rowtable.Boolean("isTemporary"))
	for _, o := range objs {
		if o.kind != "VIEW" || !pattern.MatchString(o.name) {
			continue
		}
		switch {
		case o.temporary:
			t.Add("", o.name, true)
		case strings.EqualFold(o.catalog, ref.catalog) && strings.EqualFold(o.schema, ref.schema):
			t.Add(o.schema, o.name, false)
		}
	}
	return t.Reader(), nil
}

// showFunctions answers SHOW FUNCTIONS [LIKE p] with (function): the Spark
// built-in functions the warehouse answers, those the front end translates
// or the engine has under the same name, sorted.
func (s *Catalog) showFunctions(ctx context.Context, ss Conn, cmd sqlfront.Command) (array.RecordReader, error) {
	pattern, err := sqlfront.PatternRegexp(cmd.Pattern)
	if err != nil {
		return nil, userErr("INVALID_FORMAT", "42601", err.Error())
	}
	rows, err := s.engineRows(ctx, ss, "SELECT DISTINCT lower(function_name) FROM duckdb_functions()")
	if err != nil {
		return nil, err
	}
	engine := make(map[string]bool, len(rows))
	for _, r := range rows {
		engine[r[0]] = true
	}
	t := rowtable.New(rowtable.Str("function"))
	for _, name := range sqlfront.SparkFunctionNames() {
		if (engine[name] || sqlfront.Translates(name)) && pattern.MatchString(name) {
			t.Add(name)
		}
	}
	return t.Reader(), nil
}

// ddlStatement answers the DDL and metadata statements of ddl.go and
// describe.go; ok is false for the other kinds.
func (s *Catalog) ddlStatement(ctx context.Context, ss Conn, cmd sqlfront.Command) (rdr array.RecordReader, ok bool, err error) {
	switch cmd.Kind {
	case sqlfront.KindDescribeTable:
		rdr, err = s.describeTable(ctx, ss, cmd)
	case sqlfront.KindDescribeSchema:
		rdr, err = s.describeSchema(ctx, ss, cmd)
	case sqlfront.KindDescribeCatalog:
		rdr, err = s.describeCatalog(ctx, ss, cmd)
	case sqlfront.KindShowTblProperties:
		rdr, err = s.showTblProperties(ctx, ss, cmd)
	case sqlfront.KindShowCreateTable:
		rdr, err = s.showCreateTable(ctx, ss, cmd)
	case sqlfront.KindShowViews:
		rdr, err = s.showViews(ctx, ss, cmd)
	case sqlfront.KindShowFunctions:
		rdr, err = s.showFunctions(ctx, ss, cmd)
	case sqlfront.KindAlterTableProperties:
		rdr, err = s.alterTableProperties(ctx, ss, cmd)
	case sqlfront.KindShowKeys:
		rdr, err = s.showKeys(ctx, ss, cmd)
	case sqlfront.KindShowForeignKeys:
		rdr, err = s.showForeignKeys(ctx, ss, cmd)
	case sqlfront.KindShowCatalogFunctions:
		rdr, err = s.showCatalogFunctions(ctx, ss, cmd)
	default:
		return nil, false, nil
	}
	return rdr, true, err
}

// describeSchema answers DESCRIBE SCHEMA [EXTENDED] s with (info_name,
// info_value): Catalog Name, Namespace Name, Comment (and Owner).
func (s *Catalog) describeSchema(ctx context.Context, ss Conn, cmd sqlfront.Command) (array.RecordReader, error) {
	ref := s.resolveTable(ss, cmd.Catalog, cmd.Schema, "")
	rows, err := s.engineRows(ctx, ss, fmt.Sprintf(
		"SELECT schema_name FROM duckdb_schemas() WHERE database_name = %s AND lower(schema_name) = lower(%s)",
		quoteString(s.engineCatalog(ref.catalog)), quoteString((ref.schema))))
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, userErr("SCHEMA_NOT_FOUND", "42704", fmt.Sprintf("The schema `%s`.`%s` cannot be found.", ref.catalog, ref.schema))
	}
	comment, _ := s.ddl.schemaComment(strings.ToLower(ref.catalog + "." + rows[0][0]))
	t := rowtable.New(rowtable.Str("info_name"), rowtable.Str("info_value"))
	t.Add("Catalog Name", ref.catalog)
	t.Add("Namespace Name", rows[0][0])
	t.Add("Comment", comment)
	if cmd.Extended {
		t.Add("Owner", "sealane")
	}
	return t.Reader(), nil
}

// describeCatalog answers DESCRIBE CATALOG [EXTENDED] c with (info_name,
// info_value).
func (s *Catalog) describeCatalog(ctx context.Context, ss Conn, cmd sqlfront.Command) (array.RecordReader, error) {
	cats, err := s.catalogs(ctx, ss)
	if err != nil {
		return nil, err
	}
	for _, c := range cats {
		if strings.EqualFold(c, cmd.Catalog) {
			t := rowtable.New(rowtable.Str("info_name"), rowtable.Str("info_value"))
			t.Add("Catalog Name", c)
			t.Add("Comment", "")
			if cmd.Extended {
				t.Add("Owner", "sealane")
			}
			return t.Reader(), nil
		}
	}
	return nil, userErr("NO_SUCH_CATALOG_EXCEPTION", "42704", fmt.Sprintf("Catalog '%s' was not found.", cmd.Catalog))
}
