package sqlgen

import (
	"encoding/hex"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/decimal128"

	"github.com/sealane/sealane/frames/engine"
)

// Dialect is an SQL dialect the compiler writes: identifier quoting, type
// names, literals and the spelling of the functions that differ. The
// dialects are the package variables [DuckDB], [Databricks], [Postgres] and
// [SQLite].
type Dialect struct {
	name string
	kind dialectKind
	// quote is the identifier quote character.
	quote byte
	// backslashEscapes: string literals treat a backslash as an escape
	// character (Databricks), so a backslash is written doubled and a quote
	// as \'.
	backslashEscapes bool
	// natural: a query's rows keep the order of its input through order
	// preserving operators and ORDER BY in subqueries (DuckDB with
	// preserve_insertion_order), so no row index column is needed there.
	natural bool
}

// dialectKind tells the dialects apart where their SQL differs.
type dialectKind int

const (
	kindDuckDB dialectKind = iota
	kindDatabricks
	kindPostgres
	kindSQLite
)

// DuckDB is the dialect of DuckDB 1.x: "x" identifiers, standard string
// literals, UNNEST, IS NOT DISTINCT FROM, first(x ORDER BY …).
var DuckDB = &Dialect{name: "duckdb", kind: kindDuckDB, quote: '"', natural: true}

// Databricks is the dialect of Databricks SQL: `x` identifiers, Spark string
// literals with backslash escapes, explode_outer, <=>, min_by/max_by.
var Databricks = &Dialect{name: "databricks", kind: kindDatabricks, quote: '`', backslashEscapes: true}

// Postgres is the dialect of PostgreSQL 12 and later: "x" identifiers,
// standard string literals, IS NOT DISTINCT FROM, arrays and unnest WITH
// ORDINALITY, array_agg(… ORDER BY …)[1] for first/last. Rows carry an
// explicit order column where order matters (no QUALIFY, no IGNORE NULLS).
var Postgres = &Dialect{name: "postgres", kind: kindPostgres, quote: '"'}

// SQLite is the dialect of SQLite 3.39 and later (window functions, FILTER,
// RIGHT and FULL joins): "x" identifiers, standard string literals, IS for
// null-safe equality. SQLite has no date, timestamp, decimal or array
// types: dates and timestamps are ISO-8601 text ("2006-01-02",
// "2006-01-02 15:04:05.999999", UTC for zoned timestamps), decimals are
// NUMERIC (stored as INTEGER or REAL), and lists are not supported.
var SQLite = &Dialect{name: "sqlite", kind: kindSQLite, quote: '"'}

// Name is "duckdb", "databricks", "postgres" or "sqlite".
func (d *Dialect) Name() string { return d.name }

// String implements fmt.Stringer.
func (d *Dialect) String() string { return d.name }

func (d *Dialect) isDuck() bool { return d == DuckDB || d.natural }

// QuoteIdent quotes an identifier, doubling the quote character inside it.
func (d *Dialect) QuoteIdent(name string) string {
	q := string(d.quote)
	return q + strings.ReplaceAll(name, q, q+q) + q
}

// QuoteQualified quotes each dot-separated part of a possibly qualified
// table name (catalog.schema.table). Parts already quoted with the dialect's
// quote character (quotes inside doubled) are kept as the identifiers they
// denote, so `"my db".t` is two parts; a name whose quote characters do not
// form such parts is quoted as one identifier, so it can never be read as
// SQL text.
func (d *Dialect) QuoteQualified(name string) string {
	parts, ok := d.splitQualified(name)
	if !ok {
		return d.QuoteIdent(name)
	}
	for i, p := range parts {
		parts[i] = d.QuoteIdent(p)
	}
	return strings.Join(parts, ".")
}

// splitQualified splits name into its identifiers; ok is false when a quote
// character appears other than around a whole part.
func (d *Dialect) splitQualified(name string) ([]string, bool) {
	var parts []string
	for {
		if name != "" && name[0] == d.quote {
			var b strings.Builder
			i := 1
			for {
				j := strings.IndexByte(name[i:], d.quote)
				if j < 0 {
					return nil, false
				}
				b.WriteString(name[i : i+j])
				i += j + 1
				if i < len(name) && name[i] == d.quote {
					b.WriteByte(d.quote)
					i++
					continue
				}
				break
			}
			parts = append(parts, b.String())
			name = name[i:]
			if name == "" {
				return parts, true
			}
			if name[0] != '.' {
				return nil, false
			}
			name = name[1:]
			continue
		}
		part, rest, more := strings.Cut(name, ".")
		if strings.IndexByte(part, d.quote) >= 0 {
			return nil, false
		}
		parts = append(parts, part)
		if !more {
			return parts, true
		}
		name = rest
	}
}

// StringLit writes s as a string literal. A NUL byte, which would end the
// query text where it crosses into C, is written as chr(0) (DuckDB, the
// literal becoming a parenthesised concatenation) or \u0000 (Databricks).
func (d *Dialect) StringLit(s string) string {
	if d.backslashEscapes {
		s = strings.ReplaceAll(s, `\`, `\\`)
		s = strings.ReplaceAll(s, `'`, `\'`)
		s = strings.ReplaceAll(s, "\x00", `\u0000`)
		return "'" + s + "'"
	}
	if strings.IndexByte(s, 0) < 0 {
		return "'" + strings.ReplaceAll(s, "'", "''") + "'"
	}
	var terms []string
	for i, seg := range strings.Split(s, "\x00") {
		if i > 0 {
			if d.kind == kindSQLite {
				terms = append(terms, "char(0)")
			} else {
				terms = append(terms, "chr(0)")
			}
		}
		if seg != "" {
			terms = append(terms, "'"+strings.ReplaceAll(seg, "'", "''")+"'")
		}
	}
	return "(" + strings.Join(terms, " || ") + ")"
}

// TypeName is the SQL name of an Arrow type.
func (d *Dialect) TypeName(t arrow.DataType) (string, error) {
	switch d.kind {
	case kindPostgres:
		return d.pgTypeName(t)
	case kindSQLite:
		return d.sqliteTypeName(t)
	}
	duck := d.isDuck()
	pick := func(duckName, dbxName string) (string, error) {
		if duck {
			return duckName, nil
		}
		return dbxName, nil
	}
	switch t := t.(type) {
	case *arrow.BooleanType:
		return "BOOLEAN", nil
	case *arrow.Int8Type:
		return "TINYINT", nil
	case *arrow.Int16Type:
		return "SMALLINT", nil
	case *arrow.Int32Type:
		return "INTEGER", nil
	case *arrow.Int64Type:
		return "BIGINT", nil
	case *arrow.Float32Type:
		return "FLOAT", nil
	case *arrow.Float64Type:
		return "DOUBLE", nil
	case *arrow.StringType, *arrow.LargeStringType:
		return pick("VARCHAR", "STRING")
	case *arrow.BinaryType, *arrow.LargeBinaryType:
		return pick("BLOB", "BINARY")
	case *arrow.Date32Type:
		return "DATE", nil
	case *arrow.TimestampType:
		if err := checkZone(t); err != nil {
			return "", err
		}
		if t.TimeZone == "" {
			return pick("TIMESTAMP", "TIMESTAMP_NTZ")
		}
		return pick("TIMESTAMPTZ", "TIMESTAMP")
	case *arrow.Decimal128Type:
		return fmt.Sprintf("DECIMAL(%d,%d)", t.Precision, t.Scale), nil
	case *arrow.ListType:
		elem, err := d.TypeName(t.Elem())
		if err != nil {
			return "", err
		}
		return pick(elem+"[]", "ARRAY<"+elem+">")
	case *arrow.LargeListType:
		elem, err := d.TypeName(t.Elem())
		if err != nil {
			return "", err
		}
		return pick(elem+"[]", "ARRAY<"+elem+">")
	}
	return "", fmt.Errorf("frames/sqlgen: type %s has no SQL equivalent", t)
}

func checkZone(t *arrow.TimestampType) error {
	if t.TimeZone != "" && t.TimeZone != "UTC" {
		return fmt.Errorf("frames/sqlgen: timestamp zone %q: only naive and UTC timestamps are supported", t.TimeZone)
	}
	return nil
}

// pgTypeName is TypeName for PostgreSQL, which has no one-byte integer
// (int8 is SMALLINT; results are cast back by the engine).
func (d *Dialect) pgTypeName(t arrow.DataType) (string, error) {
	switch t := t.(type) {
	case *arrow.BooleanType:
		return "BOOLEAN", nil
	case *arrow.Int8Type, *arrow.Int16Type:
		return "SMALLINT", nil
	case *arrow.Int32Type:
		return "INTEGER", nil
	case *arrow.Int64Type:
		return "BIGINT", nil
	case *arrow.Float32Type:
		return "REAL", nil
	case *arrow.Float64Type:
		return "DOUBLE PRECISION", nil
	case *arrow.StringType, *arrow.LargeStringType:
		return "TEXT", nil
	case *arrow.BinaryType, *arrow.LargeBinaryType:
		return "BYTEA", nil
	case *arrow.Date32Type:
		return "DATE", nil
	case *arrow.TimestampType:
		if err := checkZone(t); err != nil {
			return "", err
		}
		if t.TimeZone == "" {
			return "TIMESTAMP", nil
		}
		return "TIMESTAMPTZ", nil
	case *arrow.Decimal128Type:
		return fmt.Sprintf("NUMERIC(%d,%d)", t.Precision, t.Scale), nil
	case *arrow.ListType:
		elem, err := d.pgTypeName(t.Elem())
		if err != nil {
			return "", err
		}
		return elem + "[]", nil
	case *arrow.LargeListType:
		elem, err := d.pgTypeName(t.Elem())
		if err != nil {
			return "", err
		}
		return elem + "[]", nil
	}
	return "", fmt.Errorf("frames/sqlgen: type %s has no PostgreSQL equivalent", t)
}

// sqliteTypeName is TypeName for SQLite's storage classes: the name
// decides the column affinity and what CAST converts to.
func (d *Dialect) sqliteTypeName(t arrow.DataType) (string, error) {
	switch t := t.(type) {
	case *arrow.BooleanType, *arrow.Int8Type, *arrow.Int16Type, *arrow.Int32Type, *arrow.Int64Type:
		return "INTEGER", nil
	case *arrow.Float32Type, *arrow.Float64Type:
		return "REAL", nil
	case *arrow.StringType, *arrow.LargeStringType, *arrow.Date32Type:
		return "TEXT", nil
	case *arrow.TimestampType:
		if err := checkZone(t); err != nil {
			return "", err
		}
		return "TEXT", nil
	case *arrow.BinaryType, *arrow.LargeBinaryType:
		return "BLOB", nil
	case *arrow.Decimal128Type:
		return "NUMERIC", nil
	case *arrow.ListType, *arrow.LargeListType:
		return "", engine.Unsupported(d.name, "type "+t.String(), "SQLite has no list type")
	}
	return "", fmt.Errorf("frames/sqlgen: type %s has no SQLite equivalent", t)
}

// Literal writes a constant of type t (v as documented on plan.Literal).
// Every literal but booleans and strings is written with an explicit type,
// so that its type in SQL is exactly t.
func (d *Dialect) Literal(v any, t arrow.DataType) (string, error) {
	typ, err := d.TypeName(t)
	if err != nil {
		return "", err
	}
	if v == nil {
		return "CAST(NULL AS " + typ + ")", nil
	}
	switch v := v.(type) {
	case bool:
		if v {
			return "TRUE", nil
		}
		return "FALSE", nil
	case int64:
		return "CAST(" + strconv.FormatInt(v, 10) + " AS " + typ + ")", nil
	case int:
		return "CAST(" + strconv.Itoa(v) + " AS " + typ + ")", nil
	case float64:
		return d.floatLit(v, typ), nil
	case float32:
		return d.floatLit(float64(v), typ), nil
	case string:
		if _, ok := t.(*arrow.StringType); ok {
			return d.StringLit(v), nil
		}
		return "CAST(" + d.StringLit(v) + " AS " + typ + ")", nil
	case []byte:
		if d.kind == kindPostgres {
			return "decode(" + d.StringLit(hex.EncodeToString(v)) + ", 'hex')", nil
		}
		if d.isDuck() {
			return "from_hex(" + d.StringLit(hex.EncodeToString(v)) + ")", nil
		}
		return "X'" + hex.EncodeToString(v) + "'", nil
	case arrow.Date32:
		if d.kind == kindSQLite {
			return d.StringLit(v.ToTime().Format(DateLayout)), nil
		}
		return "DATE " + d.StringLit(v.ToTime().Format("2006-01-02")), nil
	case time.Time:
		ts, ok := t.(*arrow.TimestampType)
		if !ok {
			return "", fmt.Errorf("frames/sqlgen: time.Time literal of type %s", t)
		}
		if d.kind == kindSQLite {
			if ts.TimeZone != "" {
				v = v.UTC()
			}
			return d.StringLit(v.Format(TimestampLayout)), nil
		}
		if ts.TimeZone == "" {
			return typ + " " + d.StringLit(v.Format("2006-01-02 15:04:05.999999")), nil
		}
		return typ + " " + d.StringLit(v.UTC().Format("2006-01-02 15:04:05.999999")+"+00:00"), nil
	case decimal128.Num:
		dt, ok := t.(*arrow.Decimal128Type)
		if !ok {
			return "", fmt.Errorf("frames/sqlgen: decimal literal of type %s", t)
		}
		return "CAST(" + d.StringLit(v.ToString(dt.Scale)) + " AS " + typ + ")", nil
	case time.Duration:
		return "", fmt.Errorf("frames/sqlgen: duration literals are not supported")
	}
	return "", fmt.Errorf("frames/sqlgen: literal of Go type %T", v)
}

// DateLayout and TimestampLayout are the text forms of dates and
// timestamps in the SQLite dialect (time.Format layouts). Their text order
// is their time order.
const (
	DateLayout      = "2006-01-02"
	TimestampLayout = "2006-01-02 15:04:05.999999"
)

func (d *Dialect) floatLit(f float64, typ string) string {
	if d.kind == kindSQLite {
		switch {
		case math.IsNaN(f):
			return "NULL"
		case math.IsInf(f, 1):
			return "9e999"
		case math.IsInf(f, -1):
			return "-9e999"
		}
	}
	switch {
	case math.IsNaN(f):
		return "CAST('NaN' AS " + typ + ")"
	case math.IsInf(f, 1):
		return "CAST('Infinity' AS " + typ + ")"
	case math.IsInf(f, -1):
		return "CAST('-Infinity' AS " + typ + ")"
	}
	s := strconv.FormatFloat(f, 'g', -1, 64)
	if !strings.ContainsAny(s, ".e") {
		s += ".0"
	}
	return "CAST(" + s + " AS " + typ + ")"
}

// greatest is the larger of two values (SQLite's scalar max).
func (d *Dialect) greatest(a, b string) string {
	if d.kind == kindSQLite {
		return "max(" + a + ", " + b + ")"
	}
	return "greatest(" + a + ", " + b + ")"
}

// nullSafeEq is a = b with NULL equal to NULL, never NULL.
func (d *Dialect) nullSafeEq(a, b string) string {
	switch d.kind {
	case kindDatabricks:
		return a + " <=> " + b
	case kindSQLite:
		return a + " IS " + b
	}
	return a + " IS NOT DISTINCT FROM " + b
}
