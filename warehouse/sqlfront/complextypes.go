package sqlfront

import "strings"

// duckTypeNames maps the primitive type names Databricks SQL accepts to
// DuckDB's, for the types written inside ARRAY<…>, MAP<…> and STRUCT<…>.
// TIMESTAMP is Databricks' instant type (DuckDB's TIMESTAMPTZ), and
// TIMESTAMP_NTZ its wall-clock type (DuckDB's TIMESTAMP).
var duckTypeNames = map[string]string{
	"tinyint": "TINYINT", "byte": "TINYINT",
	"smallint": "SMALLINT", "short": "SMALLINT",
	"int": "INTEGER", "integer": "INTEGER",
	"bigint": "BIGINT", "long": "BIGINT",
	"float": "FLOAT", "real": "FLOAT",
	"double": "DOUBLE",
	"string": "VARCHAR", "varchar": "VARCHAR", "char": "VARCHAR", "character": "VARCHAR",
	"boolean":   "BOOLEAN",
	"binary":    "BLOB",
	"date":      "DATE",
	"timestamp": "TIMESTAMPTZ", "timestamp_ltz": "TIMESTAMPTZ",
	"timestamp_ntz": "TIMESTAMP",
	"decimal":       "DECIMAL", "dec": "DECIMAL", "numeric": "DECIMAL",
	"interval": "INTERVAL",
}

// rewriteComplexTypes rewrites the Databricks types ARRAY<T>, MAP<K, V> and
// STRUCT<f: T, …>, nested to any depth, into DuckDB's T[], MAP(K, V) and
// STRUCT("f" T, …). A type counts as one only where a type stands: after AS,
// ':' (the :: cast), or a column name (a column definition); struct fields
// may be written f: T or f T, and their NOT NULL and COMMENT '…', which
// DuckDB's STRUCT cannot hold, are dropped. Text that does not parse as a
// type is left alone.
func (r *rewriter) rewriteComplexTypes() {
	for k := 0; k+1 < len(r.sig); k++ {
		t, prev := r.sigTok(k), r.sigTok(k-1)
		if !t.isKeyword("ARRAY") && !t.isKeyword("MAP") && !t.isKeyword("STRUCT") ||
			!r.sigTok(k+1).isPunct('<') || r.si(k+1) != r.si(k)+1 {
			continue
		}
		if !prev.isKeyword("AS") && !prev.isPunct(':') && !prev.isPunct('<') &&
			(!prev.isIdent() || isKeywordIn(reservedWords, prev.text)) {
			continue
		}
		tp := &typeParse{r: r, k: k}
		duck, ok := tp.parse()
		if !ok {
			continue
		}
		end := tp.k - 1 // the last significant token of the type
		r.out[r.si(k)] = duck
		r.dropRaw(r.si(k)+1, r.si(end))
		k = end
	}
}

// typeParse reads one Databricks type from the rewriter's significant
// tokens, starting at k, and renders it in DuckDB's spelling.
type typeParse struct {
	r *rewriter
	k int
}

func (p *typeParse) at(n int) token { return p.r.sigTok(p.k + n) }

func (p *typeParse) punct(c byte) bool {
	if p.at(0).isPunct(c) {
		p.k++
		return true
	}
	return false
}

// parse reads a type; ok is false when the text is no type it knows.
func (p *typeParse) parse() (string, bool) {
	t := p.at(0)
	if t.kind == tokNamed { // x:INT written without a space lexes as :INT
		t = token{kind: tokWord, text: t.value(), pos: t.pos + 1}
	} else if t.kind != tokWord {
		return "", false
	}
	p.k++
	switch {
	case t.isKeyword("ARRAY") && p.punct('<'):
		elem, ok := p.parse()
		if !ok || !p.punct('>') {
			return "", false
		}
		return elem + "[]", true
	case t.isKeyword("MAP") && p.punct('<'):
		key, ok := p.parse()
		if !ok || !p.punct(',') {
			return "", false
		}
		val, ok := p.parse()
		if !ok || !p.punct('>') {
			return "", false
		}
		return "MAP(" + key + ", " + val + ")", true
	case t.isKeyword("STRUCT") && p.punct('<'):
		return p.structFields()
	}
	name, ok := lookupLower(duckTypeNames, t.text)
	if !ok {
		return "", false
	}
	if name == "INTERVAL" {
		for isIntervalUnit(p.at(0)) || p.at(0).isKeyword("TO") {
			p.k++
		}
		return name, true
	}
	if !p.at(0).isPunct('(') {
		return name, true
	}
	p.k++
	var args []string
	for {
		n := p.at(0)
		if n.kind != tokNumber || !allDigits(n.text) {
			return "", false
		}
		args = append(args, n.text)
		p.k++
		if !p.punct(',') {
			break
		}
	}
	if !p.punct(')') || len(args) > 2 {
		return "", false
	}
	if name == "DECIMAL" {
		return "DECIMAL(" + strings.Join(args, ", ") + ")", true
	}
	return name, true // VARCHAR(n), CHAR(n): Databricks reads them as STRING
}

// structFields reads the fields of STRUCT< up to its '>'.
func (p *typeParse) structFields() (string, bool) {
	var fields []string
	for !p.punct('>') {
		if len(fields) > 0 && !p.punct(',') {
			return "", false
		}
		n := p.at(0)
		if !n.isIdent() {
			return "", false
		}
		p.k++
		p.punct(':')
		typ, ok := p.parse()
		if !ok {
			return "", false
		}
		if p.at(0).isKeyword("NOT") && p.at(1).isKeyword("NULL") {
			p.k += 2
		}
		if p.at(0).isKeyword("COMMENT") && p.at(1).isStringLit() {
			p.k += 2
		}
		fields = append(fields, QuoteIdent(n.value())+" "+typ)
	}
	return "STRUCT(" + strings.Join(fields, ", ") + ")", true
}

// isIntervalUnit reports whether t names an interval field.
func isIntervalUnit(t token) bool {
	for _, u := range []string{"YEAR", "MONTH", "DAY", "HOUR", "MINUTE", "SECOND"} {
		if t.isKeyword(u) {
			return true
		}
	}
	return false
}
