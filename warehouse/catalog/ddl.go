package catalog

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/sealane/sealane/warehouse/engine"
	"github.com/sealane/sealane/warehouse/rowtable"
	"github.com/sealane/sealane/warehouse/sqlfront"
)

// tableMeta is what Databricks DDL says about a table that DuckDB has no
// place for: its data source, partitioning, clustering, location and
// properties. Comments live in the engine (COMMENT ON), which keeps them
// with the table.
type tableMeta struct {
	provider      string
	partitionedBy []string
	clusterBy     []string
	location      string
	props         [][2]string
	// keys are the PRIMARY KEY and FOREIGN KEY constraints CREATE TABLE
	// declared, which the engine does not enforce (keys.go); keysKept is
	// set for a table created through the warehouse.
	keys     []sqlfront.TableKey
	keysKept bool
}

// tableMetas holds the tableMeta of the tables created through the
// warehouse, keyed by lower-case catalog.schema.table, and the comments of
// the schemas, keyed by lower-case catalog.schema. They live as long as the
// server: a table reopened from a database file shows none.
type tableMetas struct {
	mu      sync.Mutex
	tables  map[string]*tableMeta
	schemas map[string]string
}

func (t *tableMetas) get(key string) tableMeta {
	t.mu.Lock()
	defer t.mu.Unlock()
	if m := t.tables[key]; m != nil {
		c := *m
		c.props = append([][2]string(nil), m.props...)
		return c
	}
	return tableMeta{}
}

func (t *tableMetas) put(key string, m tableMeta) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.tables == nil {
		t.tables = map[string]*tableMeta{}
	}
	t.tables[key] = &m
}

func (t *tableMetas) schemaComment(key string) (string, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	c, ok := t.schemas[key]
	return c, ok
}

func (t *tableMetas) setSchemaComment(key, comment string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.schemas == nil {
		t.schemas = map[string]string{}
	}
	t.schemas[key] = comment
}

// tableRef is a table name resolved against the session's namespace;
// bare is set for a one-part name, which may also name a temporary object.
type tableRef struct {
	catalog, schema, table string
	bare                   bool
}

func (s *Catalog) resolveTable(ss Conn, catalog, schema, table string) tableRef {
	curCatalog, curSchema := ss.Namespace()
	bare := catalog == "" && schema == ""
	if schema == "" {
		schema = curSchema
	}
	if catalog == "" {
		catalog = curCatalog
	}
	return tableRef{strings.ToLower(catalog), schema, table, bare}
}

// where is the SQL condition on database_name, schema_name and the name
// column col that selects r in DuckDB's catalog functions; a bare name
// also matches a temporary object (DuckDB's database temp).
func (s *Catalog) where(r tableRef, col string) string {
	cond := fmt.Sprintf("(database_name = %s AND lower(schema_name) = lower(%s)", quoteString(s.engineCatalog(r.catalog)), quoteString(r.schema))
	if r.bare {
		cond += " OR database_name = 'temp'"
	}
	return cond + fmt.Sprintf(") AND lower(%s) = lower(%s)", col, quoteString(r.table))
}

func (r tableRef) key() string {
	return strings.ToLower(r.catalog + "." + r.schema + "." + r.table)
}

// duck is the table's name in the engine's SQL.
func (s *Catalog) duck(r tableRef) string {
	return quoteIdent(s.engineCatalog(r.catalog)) + "." + quoteIdent(r.schema) + "." + quoteIdent(r.table)
}

// refOf resolves the one- to three-part name of a TableDef.
func (s *Catalog) refOf(ss Conn, name []string) tableRef {
	var cat, sch string
	switch len(name) {
	case 3:
		cat, sch = name[0], name[1]
	case 2:
		sch = name[0]
	}
	return s.resolveTable(ss, cat, sch, name[len(name)-1])
}

// runTranslated runs a translated statement on the engine, with what the
// Databricks forms around it need: INSERT OVERWRITE empties its table first
// (in one transaction with the insert unless one is open already), CREATE
// TABLE records what DuckDB cannot hold, CREATE SCHEMA its comment.
func (s *Catalog) runTranslated(ctx context.Context, ss Conn, tr sqlfront.Translation, text string, args []any) (array.RecordReader, error) {
	if tr.Overwrite && tr.Target != "" {
		return s.overwrite(ctx, ss, tr, text, args)
	}
	var ref tableRef
	record := tr.Table != nil && len(tr.Table.Name) > 0
	if record && !tr.Table.AddColumns {
		ref = s.refOf(ss, tr.Table.Name)
		if tr.Table.IfNotExists {
			exists, err := s.tableExists(ctx, ss, ref)
			if err != nil {
				return nil, err
			}
			record = !exists
		}
		if record {
			if err := s.checkReferences(ctx, ss, ref, tr.Table.Keys); err != nil {
				return nil, err
			}
		}
	}
	var rdr array.RecordReader
	var err error
	if record || tr.HasSchemaComment {
		rdr, err = ss.Engine().Query(ctx, text, args...) // more statements follow on the connection
	} else {
		rdr, err = rowtable.Stream(ctx, ss.Engine(), text, args...)
	}
	if err != nil {
		if tr.Verb == "INSERT" {
			return nil, insertError(err)
		}
		return nil, err
	}
	if record {
		if err := s.recordTable(ctx, ss, ref, tr.Table); err != nil {
			rdr.Release()
			return nil, err
		}
	}
	if tr.HasSchemaComment {
		if parts := schemaName(tr.SQL); len(parts) > 0 {
			cat := ""
			if len(parts) == 2 {
				cat = parts[0]
			}
			r := s.resolveTable(ss, cat, parts[len(parts)-1], "")
			s.ddl.setSchemaComment(strings.ToLower(r.catalog+"."+r.schema), tr.SchemaComment)
		}
	}
	return rdr, nil
}

// schemaName finds the name of CREATE SCHEMA [IF NOT EXISTS] name in the
// translated text.
func schemaName(sql string) []string {
	cmd, err := sqlfront.Classify("DESCRIBE SCHEMA " + afterSchemaKeyword(sql))
	if err != nil || cmd.Kind != sqlfront.KindDescribeSchema {
		return nil
	}
	if cmd.Catalog != "" {
		return []string{cmd.Catalog, cmd.Schema}
	}
	return []string{cmd.Schema}
}

func afterSchemaKeyword(sql string) string {
	up := strings.ToUpper(sql)
	i := strings.Index(up, "SCHEMA")
	if i < 0 {
		return ""
	}
	rest := strings.TrimSpace(sql[i+len("SCHEMA"):])
	if strings.HasPrefix(strings.ToUpper(rest), "IF NOT EXISTS") {
		rest = strings.TrimSpace(rest[len("IF NOT EXISTS"):])
	}
	return strings.TrimRight(rest, "; \n\t")
}

// insertError gives a value the table's column type cannot hold the class
// Spark gives it on INSERT.
func insertError(err error) error {
	var ee *engine.Error
	if errors.As(err, &ee) && ee.Class == "CAST_INVALID_INPUT" && strings.Contains(ee.Message, "Could not convert string") {
		return userErr("INCOMPATIBLE_DATA_FOR_TABLE", "KD000", "Cannot write incompatible data for the table: "+ee.Message)
	}
	return err
}

// overwrite runs INSERT OVERWRITE as DELETE then INSERT, in a transaction
// of its own unless the session has one open.
func (s *Catalog) overwrite(ctx context.Context, ss Conn, tr sqlfront.Translation, text string, args []any) (array.RecordReader, error) {
	// A failed BEGIN would abort the session's open transaction: ask first.
	inTxn := ss.InTransaction()
	own := !inTxn && s.exec(ctx, ss, "BEGIN TRANSACTION") == nil
	rollback := func() {
		if own {
			_ = s.exec(context.WithoutCancel(ctx), ss, "ROLLBACK")
		}
	}
	if err := s.exec(ctx, ss, "DELETE FROM "+tr.Target); err != nil {
		rollback()
		return nil, err
	}
	rdr, err := ss.Engine().Query(ctx, text, args...)
	if err != nil {
		rollback()
		return nil, insertError(err)
	}
	var count int64
	for rdr.Next() {
		rec := rdr.RecordBatch()
		if c, ok := rec.Column(0).(*array.Int64); ok && rec.NumRows() > 0 {
			count += c.Value(0)
		}
	}
	err = rdr.Err()
	rdr.Release()
	if err != nil {
		rollback()
		return nil, insertError(err)
	}
	if own {
		if err := s.exec(ctx, ss, "COMMIT"); err != nil {
			return nil, err
		}
	}
	t := rowtable.New(arrow.Field{Name: "Count", Type: arrow.PrimitiveTypes.Int64})
	t.Add(count)
	return t.Reader(), nil
}

func (s *Catalog) tableExists(ctx context.Context, ss Conn, r tableRef) (bool, error) {
	rows, err := s.engineRows(ctx, ss, "SELECT 1 FROM duckdb_tables() WHERE "+s.where(r, "table_name")+
		" UNION ALL SELECT 1 FROM duckdb_views() WHERE "+s.where(r, "view_name"))
	return len(rows) > 0, err
}

// recordTable keeps what CREATE TABLE said beyond the columns: comments
// through the engine's COMMENT ON, the rest in s.ddl.
func (s *Catalog) recordTable(ctx context.Context, ss Conn, ref tableRef, def *sqlfront.TableDef) error {
	if def.AddColumns {
		ref = s.refOf(ss, def.Name)
	}
	name := s.duck(ref)
	if def.HasComment {
		if err := s.exec(ctx, ss, "COMMENT ON TABLE "+name+" IS "+quoteString(def.Comment)); err != nil {
			return err
		}
	}
	cols := make([]string, 0, len(def.ColumnComments))
	for c := range def.ColumnComments {
		cols = append(cols, c)
	}
	sort.Strings(cols)
	for _, c := range cols {
		if err := s.exec(ctx, ss, "COMMENT ON COLUMN "+name+"."+quoteIdent(c)+" IS "+quoteString(def.ColumnComments[c])); err != nil {
			return err
		}
	}
	if def.AddColumns {
		return nil
	}
	provider := def.Provider
	if provider == "" {
		provider = "delta" // Databricks' default data source
	}
	s.ddl.put(ref.key(), tableMeta{provider: provider, partitionedBy: def.PartitionedBy, clusterBy: def.ClusterBy,
		location: def.Location, props: def.Properties, keys: def.Keys, keysKept: true})
	return nil
}

// alterTableProperties answers ALTER TABLE t SET/UNSET TBLPROPERTIES.
func (s *Catalog) alterTableProperties(ctx context.Context, ss Conn, cmd sqlfront.Command) (array.RecordReader, error) {
	ref := s.resolveTable(ss, cmd.Catalog, cmd.Schema, cmd.Table)
	if err := s.mustExist(ctx, ss, ref); err != nil {
		return nil, err
	}
	m := s.ddl.get(ref.key())
	if m.provider == "" {
		m.provider = "delta"
	}
	for _, p := range cmd.Properties {
		i := propIndex(m.props, p[0])
		switch {
		case cmd.Unset && i < 0 && !cmd.IfExists:
			return nil, userErr("UNSET_NONEXISTENT_PROPERTIES", "42K0J", fmt.Sprintf(
				"Attempted to unset non-existent properties [`%s`] in table `%s`.`%s`.`%s`.", p[0], ref.catalog, ref.schema, ref.table))
		case cmd.Unset && i >= 0:
			m.props = append(m.props[:i], m.props[i+1:]...)
		case !cmd.Unset && i >= 0:
			m.props[i][1] = p[1]
		case !cmd.Unset:
			m.props = append(m.props, p)
		}
	}
	s.ddl.put(ref.key(), m)
	return rowtable.Empty(), nil
}

func propIndex(props [][2]string, key string) int {
	for i, p := range props {
		if p[0] == key {
			return i
		}
	}
	return -1
}

// mustExist fails with TABLE_OR_VIEW_NOT_FOUND unless the table or view exists.
func (s *Catalog) mustExist(ctx context.Context, ss Conn, ref tableRef) error {
	ok, err := s.tableExists(ctx, ss, ref)
	if err != nil {
		return err
	}
	if !ok {
		return userErr("TABLE_OR_VIEW_NOT_FOUND", "42P01", fmt.Sprintf(
			"The table or view `%s`.`%s`.`%s` cannot be found. Verify the spelling and correctness of the schema and catalog.",
			ref.catalog, ref.schema, ref.table))
	}
	return nil
}

// showTblProperties answers SHOW TBLPROPERTIES t [('key')] with (key,
// value): the properties given to CREATE TABLE and ALTER TABLE, sorted by
// key as Spark lists them.
func (s *Catalog) showTblProperties(ctx context.Context, ss Conn, cmd sqlfront.Command) (array.RecordReader, error) {
	ref := s.resolveTable(ss, cmd.Catalog, cmd.Schema, cmd.Table)
	if err := s.mustExist(ctx, ss, ref); err != nil {
		return nil, err
	}
	m := s.ddl.get(ref.key())
	t := rowtable.New(rowtable.Str("key"), rowtable.Str("value"))
	if cmd.Value != "" {
		if i := propIndex(m.props, cmd.Value); i >= 0 {
			t.Add(cmd.Value, m.props[i][1])
		} else {
			t.Add(cmd.Value, fmt.Sprintf("Table %s.%s.%s does not have property: %s", ref.catalog, ref.schema, ref.table, cmd.Value))
		}
		return t.Reader(), nil
	}
	props := append([][2]string(nil), m.props...)
	sort.SliceStable(props, func(i, j int) bool { return props[i][0] < props[j][0] })
	for _, p := range props {
		t.Add(p[0], p[1])
	}
	return t.Reader(), nil
}
