package catalog

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/sealane/sealane/warehouse/rowtable"
	"github.com/sealane/sealane/warehouse/sqlfront"
)

// The drivers' metadata forms for keys and functions (sqlfront/keys.go).
// Their layouts are the columns the drivers read by name: databricks-jdbc's
// MetadataResultConstants and the Rust kernel's metadata module (the
// service's own answers are [unverified] beyond those names).

// JDBC's DatabaseMetaData codes for a foreign key's rules and
// deferrability: Databricks' constraints are informational (NOT ENFORCED),
// so no action is taken, and DEFERRABLE INITIALLY DEFERRED is their default.
const (
	importedKeyNoAction          = 3
	importedKeyInitiallyDeferred = 5
)

// keyRow is one column of a PRIMARY KEY or FOREIGN KEY constraint.
type keyRow struct {
	name                string // the constraint's name
	column, refColumn   string // refColumn: FOREIGN KEY only
	refSchema, refTable string // FOREIGN KEY only
	seq                 int32  // 1-based position in the key
}

// tableKeys lists the constraints of ref of one type (PRIMARY KEY or
// FOREIGN KEY), one row per column: those its CREATE TABLE declared
// (informational, kept in s.ddl), or the engine's for a table the
// warehouse did not create.
func (s *Catalog) tableKeys(ctx context.Context, ss Conn, ref tableRef, kind string) ([]keyRow, error) {
	if err := s.mustExist(ctx, ss, ref); err != nil {
		return nil, err
	}
	if m := s.ddl.get(ref.key()); m.keysKept {
		return declaredKeys(m.keys, ref, kind), nil
	}
	rows, err := s.engineRows(ctx, ss, fmt.Sprintf(
		"SELECT constraint_name, constraint_text, coalesce(referenced_table, ''), i, "+
			"constraint_column_names[i], coalesce(referenced_column_names[i], '') "+
			"FROM (SELECT *, generate_subscripts(constraint_column_names, 1) AS i FROM duckdb_constraints() "+
			"WHERE %s AND constraint_type = %s) ORDER BY constraint_index, i",
		s.where(ref, "table_name"), quoteString(kind)))
	if err != nil {
		return nil, err
	}
	out := make([]keyRow, 0, len(rows))
	for _, r := range rows {
		seq, err := strconv.ParseInt(r[3], 10, 32)
		if err != nil {
			return nil, fmt.Errorf("warehouse: key position %q: %w", r[3], err)
		}
		out = append(out, keyRow{name: r[0], column: r[4], refColumn: r[5],
			refSchema: referencedSchema(r[1], ref.schema), refTable: r[2], seq: int32(seq)})
	}
	return out, nil
}

// referencedSchema is the schema of the table a FOREIGN KEY's text
// ("FOREIGN KEY (a) REFERENCES s.t(b)") names, or def when it names none.
func referencedSchema(text, def string) string {
	i := strings.Index(strings.ToUpper(text), "REFERENCES ")
	if i < 0 {
		return def
	}
	target := text[i+len("REFERENCES "):]
	if j := strings.IndexByte(target, '('); j >= 0 {
		target = target[:j]
	}
	parts := strings.Split(strings.TrimSpace(target), ".")
	if len(parts) < 2 {
		return def
	}
	return strings.Trim(parts[len(parts)-2], `"`)
}

// showKeys answers SHOW KEYS … IN TABLE t: the columns of t's primary key
// (catalogName, namespace, tableName, col_name, keySeq, constraintName).
func (s *Catalog) showKeys(ctx context.Context, ss Conn, cmd sqlfront.Command) (array.RecordReader, error) {
	ref := s.resolveTable(ss, cmd.Catalog, cmd.Schema, cmd.Table)
	keys, err := s.tableKeys(ctx, ss, ref, "PRIMARY KEY")
	if err != nil {
		return nil, err
	}
	t := rowtable.New(rowtable.Str("catalogName"), rowtable.Str("namespace"), rowtable.Str("tableName"), rowtable.Str("col_name"), rowtable.I32("keySeq"), rowtable.Str("constraintName"))
	for _, k := range keys {
		t.Add(ref.catalog, ref.schema, ref.table, k.column, k.seq, k.name)
	}
	return t.Reader(), nil
}

// showForeignKeys answers SHOW FOREIGN KEYS … IN TABLE t: for each column
// of t's foreign keys, the parent (referenced) column and the child one.
func (s *Catalog) showForeignKeys(ctx context.Context, ss Conn, cmd sqlfront.Command) (array.RecordReader, error) {
	ref := s.resolveTable(ss, cmd.Catalog, cmd.Schema, cmd.Table)
	keys, err := s.tableKeys(ctx, ss, ref, "FOREIGN KEY")
	if err != nil {
		return nil, err
	}
	t := rowtable.New(rowtable.Str("parentCatalogName"), rowtable.Str("parentNamespace"), rowtable.Str("parentTableName"), rowtable.Str("parentColName"),
		rowtable.Str("catalogName"), rowtable.Str("namespace"), rowtable.Str("tableName"), rowtable.Str("col_name"), rowtable.I32("keySeq"),
		rowtable.I32("updateRule"), rowtable.I32("deleteRule"), rowtable.Str("constraintName"), rowtable.I32("deferrability"))
	for _, k := range keys {
		t.Add(ref.catalog, k.refSchema, k.refTable, k.refColumn, ref.catalog, ref.schema, ref.table, k.column, k.seq,
			int32(importedKeyNoAction), int32(importedKeyNoAction), k.name, int32(importedKeyInitiallyDeferred))
	}
	return t.Reader(), nil
}

// showCatalogFunctions answers SHOW FUNCTIONS IN CATALOG c: the catalog's
// user-defined functions (catalogName, namespace, functionName, remarks,
// functionType, specificName). Built-in functions live in system.builtin,
// not in a catalog, and the warehouse has no CREATE FUNCTION, so the
// listing is empty for a catalog that exists.
func (s *Catalog) showCatalogFunctions(ctx context.Context, ss Conn, cmd sqlfront.Command) (array.RecordReader, error) {
	cats, err := s.catalogs(ctx, ss)
	if err != nil {
		return nil, err
	}
	found := false
	for _, c := range cats {
		found = found || strings.EqualFold(c, cmd.Catalog)
	}
	if !found {
		return nil, userErr("NO_SUCH_CATALOG_EXCEPTION", "42704", fmt.Sprintf("Catalog '%s' was not found.", cmd.Catalog))
	}
	for _, p := range []string{cmd.SchemaPattern, cmd.Pattern} {
		if _, err := sqlfront.PatternRegexp(p); err != nil {
			return nil, userErr("INVALID_FORMAT", "42601", err.Error())
		}
	}
	t := rowtable.New(rowtable.Str("catalogName"), rowtable.Str("namespace"), rowtable.Str("functionName"), rowtable.Str("remarks"), rowtable.I32("functionType"), rowtable.Str("specificName"))
	return t.Reader(), nil
}

// declaredKeys is tableKeys for the keys CREATE TABLE declared. A key
// without a CONSTRAINT name is named after its table ([unverified] against
// the service's generated names).
func declaredKeys(keys []sqlfront.TableKey, ref tableRef, kind string) []keyRow {
	var out []keyRow
	n := 0
	for _, k := range keys {
		if k.Kind != kind {
			continue
		}
		n++
		name := k.Name
		if name == "" {
			name = ref.table + "_pk"
			if kind == "FOREIGN KEY" {
				name = ref.table + "_fk" + strconv.Itoa(n)
			}
		}
		refSchema, refTable := ref.schema, ""
		if len(k.RefTable) > 0 {
			refTable = k.RefTable[len(k.RefTable)-1]
			if len(k.RefTable) > 1 {
				refSchema = k.RefTable[len(k.RefTable)-2]
			}
		}
		for i, c := range k.Columns {
			row := keyRow{name: name, column: c, refSchema: refSchema, refTable: refTable, seq: int32(i + 1)}
			if i < len(k.RefColumns) {
				row.refColumn = k.RefColumns[i]
			}
			out = append(out, row)
		}
	}
	return out
}

// checkReferences fails with TABLE_OR_VIEW_NOT_FOUND when a FOREIGN KEY of
// table ref references a table that does not exist (the engine, which no
// longer sees the key, would accept it); a key on ref itself is fine.
func (s *Catalog) checkReferences(ctx context.Context, ss Conn, ref tableRef, keys []sqlfront.TableKey) error {
	for _, k := range keys {
		if k.Kind != "FOREIGN KEY" || len(k.RefTable) == 0 {
			continue
		}
		parent := s.refOf(ss, k.RefTable)
		if parent.key() == ref.key() {
			continue
		}
		if err := s.mustExist(ctx, ss, parent); err != nil {
			return err
		}
	}
	return nil
}
