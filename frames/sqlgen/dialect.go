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
)

// Dialect is an SQL dialect the compiler writes: identifier quoting, type
// names, literals and the spelling of the functions that differ. The two
// dialects are the package variables [DuckDB] and [Databricks].
type Dialect struct {
	name string
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

// DuckDB is the dialect of DuckDB 1.x: "x" identifiers, standard string
// literals, UNNEST, IS NOT DISTINCT FROM, first(x ORDER BY …).
var DuckDB = &Dialect{name: "duckdb", quote: '"', natural: true}

// Databricks is the dialect of Databricks SQL: `x` identifiers, Spark string
// literals with backslash escapes, explode_outer, <=>, min_by/max_by.
var Databricks = &Dialect{name: "databricks", quote: '`', backslashEscapes: true}

// Name is "duckdb" or "databricks".
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
			terms = append(terms, "chr(0)")
		}
		if seg != "" {
			terms = append(terms, "'"+strings.ReplaceAll(seg, "'", "''")+"'")
		}
	}
	return "(" + strings.Join(terms, " || ") + ")"
}

// TypeName is the SQL name of an Arrow type.
func (d *Dialect) TypeName(t arrow.DataType) (string, error) {
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
		if t.TimeZone == "" {
			return pick("TIMESTAMP", "TIMESTAMP_NTZ")
		}
		if t.TimeZone != "UTC" {
			return "", fmt.Errorf("frames/sqlgen: timestamp zone %q: only naive and UTC timestamps are supported", t.TimeZone)
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
		if d.isDuck() {
			return "from_hex(" + d.StringLit(hex.EncodeToString(v)) + ")", nil
		}
		return "X'" + hex.EncodeToString(v) + "'", nil
	case arrow.Date32:
		return "DATE " + d.StringLit(v.ToTime().Format("2006-01-02")), nil
	case time.Time:
		ts, ok := t.(*arrow.TimestampType)
		if !ok {
			return "", fmt.Errorf("frames/sqlgen: time.Time literal of type %s", t)
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

func (d *Dialect) floatLit(f float64, typ string) string {
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
