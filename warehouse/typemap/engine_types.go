package typemap

import (
	"strconv"
	"strings"
)

// FromEngineTypeName maps a DuckDB type name as catalog functions report it
// ("DECIMAL(10,2)", "INTEGER[]", "STRUCT(a INTEGER, b VARCHAR)",
// "MAP(VARCHAR, INTEGER)", "TIMESTAMP WITH TIME ZONE") to the Databricks
// column description (without an Arrow type). Unknown names map to STRING.
func FromEngineTypeName(name string) Column {
	p := &typeParser{s: strings.TrimSpace(name)}
	return p.parse()
}

type typeParser struct {
	s   string
	pos int
}

func (p *typeParser) parse() Column {
	base := p.word()
	var col Column
	switch base {
	case "STRUCT":
		col = p.structType()
	case "MAP":
		col = p.mapType()
	case "DECIMAL", "NUMERIC":
		prec, scale := 18, 3
		if args := p.args(); len(args) >= 1 {
			prec, _ = strconv.Atoi(strings.TrimSpace(args[0]))
			if len(args) == 2 {
				scale, _ = strconv.Atoi(strings.TrimSpace(args[1]))
			} else {
				scale = 0
			}
		}
		col = decimal(prec, scale)
		col.Arrow = nil
	default:
		col = scalarType(base, p)
	}
	for p.consume("[]") || p.arraySuffix() {
		col = Column{TypeName: "ARRAY", TypeText: "ARRAY<" + col.TypeText + ">"}
	}
	return col
}

func scalarType(base string, p *typeParser) Column {
	simple := func(name, text string) Column { return Column{TypeName: name, TypeText: text} }
	switch base {
	case "BOOLEAN", "BOOL":
		return simple("BOOLEAN", "BOOLEAN")
	case "TINYINT", "INT1":
		return simple("BYTE", "TINYINT")
	case "SMALLINT", "INT2", "UTINYINT":
		return simple("SHORT", "SMALLINT")
	case "INTEGER", "INT", "INT4", "USMALLINT":
		return simple("INT", "INT")
	case "BIGINT", "INT8", "UINTEGER":
		return simple("LONG", "BIGINT")
	case "UBIGINT":
		return decimalNoArrow(20, 0)
	case "HUGEINT", "UHUGEINT":
		return decimalNoArrow(38, 0)
	case "FLOAT", "REAL", "FLOAT4":
		return simple("FLOAT", "FLOAT")
	case "DOUBLE", "FLOAT8":
		return simple("DOUBLE", "DOUBLE")
	case "BLOB", "BYTEA", "VARBINARY":
		return simple("BINARY", "BINARY")
	case "DATE":
		return simple("DATE", "DATE")
	case "TIMESTAMP":
		if p.consume(" WITH TIME ZONE") {
			return simple("TIMESTAMP", "TIMESTAMP")
		}
		return simple("TIMESTAMP_NTZ", "TIMESTAMP_NTZ")
	case "TIMESTAMPTZ":
		return simple("TIMESTAMP", "TIMESTAMP")
	case "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS":
		return simple("TIMESTAMP_NTZ", "TIMESTAMP_NTZ")
	case "INTERVAL":
		return Column{TypeName: "INTERVAL", TypeText: "INTERVAL DAY TO SECOND", IntervalType: "DAY TO SECOND"}
	case "NULL":
		return simple("NULL", "VOID")
	case "JSON":
		// A VARIANT table column, which the engine holds as JSON text
		// (sqlfront's variant_ddl.go); named as variant() names it.
		return simple("VARIANT", "VARIANT")
	}
	p.args() // VARCHAR(n), ENUM('a','b'), …
	return simple("STRING", "STRING")
}

func decimalNoArrow(prec, scale int) Column {
	c := decimal(prec, scale)
	c.Arrow = nil
	return c
}

func (p *typeParser) structType() Column {
	if !p.consume("(") {
		return Column{TypeName: "STRUCT", TypeText: "STRUCT<>"}
	}
	var parts []string
	for !p.consume(")") && p.pos < len(p.s) {
		p.skipSpace()
		name := p.fieldName()
		p.skipSpace()
		field := p.parse()
		parts = append(parts, name+": "+field.TypeText)
		p.skipSpace()
		p.consume(",")
	}
	return Column{TypeName: "STRUCT", TypeText: "STRUCT<" + strings.Join(parts, ", ") + ">"}
}

func (p *typeParser) mapType() Column {
	if !p.consume("(") {
		return Column{TypeName: "MAP", TypeText: "MAP<STRING, STRING>"}
	}
	p.skipSpace()
	key := p.parse()
	p.skipSpace()
	p.consume(",")
	p.skipSpace()
	val := p.parse()
	p.skipSpace()
	p.consume(")")
	return Column{TypeName: "MAP", TypeText: "MAP<" + key.TypeText + ", " + val.TypeText + ">"}
}

func (p *typeParser) word() string {
	start := p.pos
	for p.pos < len(p.s) {
		c := p.s[p.pos]
		if c == '_' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			p.pos++
			continue
		}
		break
	}
	return strings.ToUpper(p.s[start:p.pos])
}

func (p *typeParser) fieldName() string {
	if p.consume(`"`) {
		end := strings.IndexByte(p.s[p.pos:], '"')
		if end < 0 {
			end = len(p.s) - p.pos
		}
		name := p.s[p.pos : p.pos+end]
		p.pos = min(len(p.s), p.pos+end+1)
		return name
	}
	start := p.pos
	for p.pos < len(p.s) && p.s[p.pos] != ' ' {
		p.pos++
	}
	return p.s[start:p.pos]
}

// args consumes a parenthesised, comma-separated argument list.
func (p *typeParser) args() []string {
	if !p.consume("(") {
		return nil
	}
	depth, start := 1, p.pos
	var out []string
	for p.pos < len(p.s) && depth > 0 {
		switch p.s[p.pos] {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				out = append(out, p.s[start:p.pos])
			}
		case ',':
			if depth == 1 {
				out = append(out, p.s[start:p.pos])
				start = p.pos + 1
			}
		}
		p.pos++
	}
	return out
}

// arraySuffix consumes a fixed-size array suffix such as "[3]".
func (p *typeParser) arraySuffix() bool {
	if p.pos >= len(p.s) || p.s[p.pos] != '[' {
		return false
	}
	end := strings.IndexByte(p.s[p.pos:], ']')
	if end < 0 {
		return false
	}
	p.pos += end + 1
	return true
}

func (p *typeParser) consume(tok string) bool {
	if strings.HasPrefix(strings.ToUpper(p.s[p.pos:]), tok) {
		p.pos += len(tok)
		return true
	}
	return false
}

func (p *typeParser) skipSpace() {
	for p.pos < len(p.s) && p.s[p.pos] == ' ' {
		p.pos++
	}
}
