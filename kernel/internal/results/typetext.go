package results

import (
	"fmt"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
)

var (
	microsNTZ = &arrow.TimestampType{Unit: arrow.Microsecond}
	durMicros = &arrow.DurationType{Unit: arrow.Microsecond}
)

// typeParser parses Databricks type text: ARRAY<T>, MAP<K, V>,
// STRUCT<name: T [NOT NULL] [COMMENT '...'], ...>, DECIMAL(p,s), VARCHAR(n),
// INTERVAL unit [TO unit], and simple names, case-insensitively. Unknown
// names (with any parameters) become utf8.
type typeParser struct {
	s  string
	i  int
	tz string
}

func (p *typeParser) errorf(format string, args ...any) error {
	return fmt.Errorf("type text %q at offset %d: %s", p.s, p.i, fmt.Sprintf(format, args...))
}

func (p *typeParser) skipSpace() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t' || p.s[p.i] == '\n' || p.s[p.i] == '\r') {
		p.i++
	}
}

func (p *typeParser) eof() bool { p.skipSpace(); return p.i >= len(p.s) }

// peek reports whether the next non-space byte is c.
func (p *typeParser) peek(c byte) bool { p.skipSpace(); return p.i < len(p.s) && p.s[p.i] == c }

func (p *typeParser) accept(c byte) bool {
	if p.peek(c) {
		p.i++
		return true
	}
	return false
}

func (p *typeParser) expect(c byte) error {
	if !p.accept(c) {
		return p.errorf("want %q", c)
	}
	return nil
}

func isIdent(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// ident reads a bare identifier (possibly empty).
func (p *typeParser) ident() string {
	p.skipSpace()
	start := p.i
	for p.i < len(p.s) && isIdent(p.s[p.i]) {
		p.i++
	}
	return p.s[start:p.i]
}

// keyword reads an identifier and upper-cases it.
func (p *typeParser) keyword() string { return strings.ToUpper(p.ident()) }

// number reads a decimal integer.
func (p *typeParser) number() (int, error) {
	p.skipSpace()
	n, digits := 0, 0
	for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
		n = n*10 + int(p.s[p.i]-'0')
		p.i++
		digits++
		if n > 1<<20 {
			return 0, p.errorf("number too large")
		}
	}
	if digits == 0 {
		return 0, p.errorf("want a number")
	}
	return n, nil
}

// params reads an optional "(n[, m])" list.
func (p *typeParser) params() ([]int, error) {
	if !p.accept('(') {
		return nil, nil
	}
	var out []int
	for {
		n, err := p.number()
		if err != nil {
			return nil, err
		}
		out = append(out, n)
		if p.accept(')') {
			return out, nil
		}
		if err := p.expect(','); err != nil {
			return nil, err
		}
	}
}

// skipGroup skips a balanced (...) or <...> group if one follows.
func (p *typeParser) skipGroup() error {
	if !p.peek('(') && !p.peek('<') {
		return nil
	}
	depth := 0
	for ; p.i < len(p.s); p.i++ {
		switch p.s[p.i] {
		case '(', '<':
			depth++
		case ')', '>':
			depth--
			if depth == 0 {
				p.i++
				return nil
			}
		}
	}
	return p.errorf("unbalanced brackets")
}

func (p *typeParser) parse() (arrow.DataType, error) {
	name := p.keyword()
	if name == "" {
		return nil, p.errorf("want a type name")
	}
	switch name {
	case "ARRAY":
		if err := p.expect('<'); err != nil {
			return nil, err
		}
		elem, err := p.parse()
		if err != nil {
			return nil, err
		}
		return arrow.ListOf(elem), p.expect('>')
	case "MAP":
		if err := p.expect('<'); err != nil {
			return nil, err
		}
		key, err := p.parse()
		if err != nil {
			return nil, err
		}
		if err := p.expect(','); err != nil {
			return nil, err
		}
		item, err := p.parse()
		if err != nil {
			return nil, err
		}
		return arrow.MapOf(key, item), p.expect('>')
	case "STRUCT":
		return p.structType()
	case "DECIMAL", "DEC", "NUMERIC":
		ps, err := p.params()
		if err != nil {
			return nil, err
		}
		prec, scale := 10, 0
		if len(ps) > 0 {
			prec = ps[0]
		}
		if len(ps) > 1 {
			scale = ps[1]
		}
		if len(ps) > 2 || prec < 1 || prec > 38 || scale > prec {
			return nil, p.errorf("bad DECIMAL parameters %v", ps)
		}
		return &arrow.Decimal128Type{Precision: int32(prec), Scale: int32(scale)}, nil
	case "INTERVAL":
		return p.interval()
	case "BOOLEAN", "BOOL":
		return arrow.FixedWidthTypes.Boolean, nil
	case "TINYINT", "BYTE":
		return arrow.PrimitiveTypes.Int8, nil
	case "SMALLINT", "SHORT":
		return arrow.PrimitiveTypes.Int16, nil
	case "INT", "INTEGER":
		return arrow.PrimitiveTypes.Int32, nil
	case "BIGINT", "LONG":
		return arrow.PrimitiveTypes.Int64, nil
	case "FLOAT", "REAL":
		return arrow.PrimitiveTypes.Float32, nil
	case "DOUBLE":
		return arrow.PrimitiveTypes.Float64, nil
	case "BINARY":
		return arrow.BinaryTypes.Binary, nil
	case "DATE":
		return arrow.FixedWidthTypes.Date32, nil
	case "TIMESTAMP", "TIMESTAMP_LTZ":
		return &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: p.tz}, nil
	case "TIMESTAMP_NTZ":
		return microsNTZ, nil
	case "VOID", "NULL":
		return arrow.Null, nil
	}
	// STRING, VARCHAR(n), CHAR(n) and every unknown type (VARIANT,
	// GEOMETRY(4326), ...) are utf8.
	if err := p.skipGroup(); err != nil {
		return nil, err
	}
	return arrow.BinaryTypes.String, nil
}

// interval parses the units after INTERVAL.
func (p *typeParser) interval() (arrow.DataType, error) {
	from := p.keyword()
	to := from
	if p.keyword2("TO") {
		to = p.keyword()
	}
	switch {
	case isYearMonth(from) && isYearMonth(to):
		return arrow.FixedWidthTypes.MonthInterval, nil
	case isDayTime(from) && isDayTime(to):
		return durMicros, nil
	}
	return nil, p.errorf("bad INTERVAL units %s TO %s", from, to)
}

// keyword2 consumes the keyword kw if it comes next.
func (p *typeParser) keyword2(kw string) bool {
	save := p.i
	if p.keyword() == kw {
		return true
	}
	p.i = save
	return false
}

func isYearMonth(u string) bool { return u == "YEAR" || u == "MONTH" }

func isDayTime(u string) bool {
	return u == "DAY" || u == "HOUR" || u == "MINUTE" || u == "SECOND"
}

// structType parses "<field, ...>" after STRUCT.
func (p *typeParser) structType() (arrow.DataType, error) {
	if err := p.expect('<'); err != nil {
		return nil, err
	}
	var fields []arrow.Field
	if p.accept('>') {
		return arrow.StructOf(), nil
	}
	for {
		name, err := p.fieldName()
		if err != nil {
			return nil, err
		}
		dt, err := p.parse()
		if err != nil {
			return nil, err
		}
		if err := p.fieldOptions(); err != nil {
			return nil, err
		}
		fields = append(fields, arrow.Field{Name: name, Type: dt, Nullable: true})
		if p.accept('>') {
			return arrow.StructOf(fields...), nil
		}
		if err := p.expect(','); err != nil {
			return nil, err
		}
	}
}

// fieldName reads a struct field name and the ':' after it: `quoted`
// (doubled backticks escape one), anything up to the colon, or, in the
// colon-less DDL form "name TYPE", one identifier.
func (p *typeParser) fieldName() (string, error) {
	p.skipSpace()
	if p.peek('`') {
		p.i++
		var b strings.Builder
		for {
			if p.i >= len(p.s) {
				return "", p.errorf("unterminated quoted name")
			}
			c := p.s[p.i]
			p.i++
			if c == '`' {
				if p.i < len(p.s) && p.s[p.i] == '`' {
					p.i++
					b.WriteByte('`')
					continue
				}
				break
			}
			b.WriteByte(c)
		}
		p.accept(':')
		return b.String(), nil
	}
	if end := strings.IndexAny(p.s[p.i:], ":<>,"); end >= 0 && p.s[p.i+end] == ':' {
		name := strings.TrimSpace(p.s[p.i : p.i+end])
		p.i += end + 1
		if name == "" {
			return "", p.errorf("empty field name")
		}
		return name, nil
	}
	name := p.ident()
	if name == "" {
		return "", p.errorf("want a field name")
	}
	return name, nil
}

// fieldOptions skips NOT NULL and COMMENT '...' after a field's type.
func (p *typeParser) fieldOptions() error {
	for {
		switch {
		case p.keyword2("NOT"):
			if !p.keyword2("NULL") {
				return p.errorf("want NULL after NOT")
			}
		case p.keyword2("COMMENT"):
			p.skipSpace()
			if p.i >= len(p.s) || p.s[p.i] != '\'' && p.s[p.i] != '"' {
				return p.errorf("want a quoted comment")
			}
			q := p.s[p.i]
			p.i++
			for p.i < len(p.s) && p.s[p.i] != q {
				if p.s[p.i] == '\\' {
					p.i++
				}
				p.i++
			}
			if p.i >= len(p.s) {
				return p.errorf("unterminated comment")
			}
			p.i++
		default:
			return nil
		}
	}
}

// ParseTypeText maps Databricks type text (a SHOW COLUMNS columnType, a
// manifest type_text) to Arrow with the same mapping as result schemas;
// TIMESTAMP takes the time zone tz.
func ParseTypeText(text, tz string) (arrow.DataType, error) {
	p := &typeParser{s: strings.TrimSpace(text), tz: tz}
	dt, err := p.parse()
	if err != nil {
		return nil, err
	}
	if !p.eof() {
		return nil, p.errorf("unexpected text")
	}
	return dt, nil
}
