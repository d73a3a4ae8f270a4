package sqlfront

import (
	"fmt"
	"strconv"
	"strings"
)

// template returns the entry's template for n arguments.
func (f fn) template(n int) string {
	if t, ok := f.byArity[n]; ok {
		return t
	}
	if !strings.ContainsAny(f.to, "$(") {
		return f.to + "($*)"
	}
	return f.to
}

// segment is one piece of a parsed template: literal text, then the
// argument it is followed by (0: none, -1: all of them).
type segment struct {
	text string
	arg  int
}

// parseTemplate splits a template into segments, checking that the
// arguments it names stay within n and appear in increasing order.
func parseTemplate(tmpl string, n int) ([]segment, error) {
	var segs []segment
	last := 0
	for {
		i := strings.IndexByte(tmpl, '$')
		if i < 0 || i+1 >= len(tmpl) {
			return append(segs, segment{text: tmpl}), nil
		}
		arg := 0
		switch c := tmpl[i+1]; {
		case c == '*':
			arg = -1
		case c >= '1' && c <= '9':
			arg = int(c - '0')
		default:
			segs = append(segs, segment{text: tmpl[:i+1]})
			tmpl = tmpl[i+1:]
			continue
		}
		if arg > n || (arg > 0 && arg <= last) || (arg == -1 && last != 0) {
			return nil, fmt.Errorf("template %q: argument $%c out of order or beyond %d", tmpl, tmpl[i+1], n)
		}
		if arg > 0 {
			last = arg
		} else {
			last = n + 1
		}
		segs = append(segs, segment{text: tmpl[:i], arg: arg})
		tmpl = tmpl[i+2:]
	}
}

// typeNamedFunctions are catalog functions named like a type, which in a
// type position are the type.
var typeNamedFunctions = map[string]bool{
	"CHAR": true, "STRING": true, "INT": true, "BIGINT": true, "SMALLINT": true, "TINYINT": true,
	"DOUBLE": true, "FLOAT": true, "BOOLEAN": true, "BINARY": true, "DATE": true, "TIMESTAMP": true,
	"MAP": true, "STRUCT": true,
}

// rewriteCatalogCalls rewrites the calls of catalog functions. Qualified
// names and names followed by no parenthesis are left alone; Options.Functions
// entries take precedence.
func (r *rewriter) rewriteCatalogCalls() error {
	for k := 0; k+1 < len(r.sig); k++ {
		t := r.sigTok(k)
		if t.kind != tokWord || !r.sigTok(k+1).isPunct('(') || r.sigTok(k-1).isPunct('.') || r.sigTok(k-1).isPunct(')') {
			continue // not a call: a qualified name, or a clause after one (sum(x) FILTER (WHERE …))
		}
		f, ok := lookupLower(catalog, t.text)
		if !ok {
			continue
		}
		if alt, lenient := lookupLower(nonANSICatalog, t.text); lenient && r.opts.ANSIOff {
			f = alt
		}
		if p := r.sigTok(k - 1); isKeywordIn(typeNamedFunctions, t.text) &&
			(p.isKeyword("AS") || p.isPunct(':') || (p.isIdent() && !isKeywordIn(reservedWords, p.text))) {
			continue // a type: CAST(x AS CHAR(3)), c CHAR(3) in a column definition
		}
		if _, session := lookupLower(r.opts.Functions, t.text); session {
			continue
		}
		if p := r.sigTok(k - 1); (t.isKeyword("ANY") || t.isKeyword("SOME")) &&
			(p.isPunct('=') || p.isPunct('<') || p.isPunct('>')) {
			continue // x = ANY (subquery)
		}
		if (t.isKeyword("LIKE") || t.isKeyword("ILIKE")) &&
			(r.operandEndsAt(k-1) || (r.sigTok(k-1).isKeyword("NOT") && r.operandEndsAt(k-2))) {
			continue // a [NOT] LIKE (pattern): the operator
		}
		closing := r.matchClose(k + 1)
		if closing < 0 {
			continue // unbalanced: DuckDB reports it
		}
		if r.orderDistinctAgg(k, closing) {
			continue
		}
		if err := r.applyTemplate(k, closing, f); err != nil {
			return err
		}
	}
	return nil
}

// applyTemplate rewrites the call whose name is significant token k and
// whose closing parenthesis is significant token closing.
func (r *rewriter) applyTemplate(k, closing int, f fn) error {
	name := r.sigTok(k)
	if f.fail != nil {
		return &SparkError{Class: f.fail.class, SQLState: f.fail.state, Msg: f.fail.msg, Pos: name.pos}
	}
	commas := r.topCommas(k+1, closing)
	if len(f.keywordArgs) > 0 && len(commas) == 0 {
		commas = r.keywordSeparators(k+1, closing, f.keywordArgs)
	}
	n := len(commas) + 1
	if closing == k+2 {
		n = 0
	}
	// A template that uses no argument (e → exp(1)) takes none: zero
	// min/max would leave the count unchecked, and arguments — markers
	// among them — would vanish (FuzzMarkersAgree e4334f56154a9e6a).
	noArgs := f.min == 0 && f.max == 0 && len(f.byArity) == 0 && strings.Contains(f.to, "(") && !strings.Contains(f.to, "$")
	if (f.min > 0 || f.max != 0 || noArgs) && (n < f.min || (f.max >= 0 && n > f.max)) {
		want := strconv.Itoa(f.min)
		switch {
		case f.max < 0:
			want += " or more"
		case f.max != f.min:
			want += " to " + strconv.Itoa(f.max)
		}
		return fmt.Errorf("%w: `%s` requires %s parameters but %d were given (offset %d)",
			ErrWrongNumArgs, strings.ToLower(name.text), want, n, name.pos)
	}
	if f.castTo != "" {
		end := closing
		if r.sigTok(end + 1).isKeyword("OVER") {
			switch w := r.sigTok(end + 2); {
			case w.isPunct('('):
				end = r.matchClose(end + 2)
			case w.isIdent():
				end += 2 // a named window
			} // else OVER ends the text ("SELECT rank() OVER"): the engine's syntax error
		}
		if end >= 0 {
			r.pre[r.si(k)] = "CAST(" + r.pre[r.si(k)]
			r.post[r.si(end)] += " AS " + f.castTo + ")"
		}
		return nil
	}
	if f.fields {
		r.structLiteral(k, append(append([]int{k + 1}, commas...), closing))
		return nil
	}
	if f.pairs != nil {
		if n%2 == 1 {
			return fmt.Errorf("%w: `%s` requires an even number of parameters but %d were given (offset %d)",
				ErrWrongNumArgs, strings.ToLower(name.text), n, name.pos)
		}
		r.dropRaw(r.si(k)+1, r.si(k+1))
		r.out[r.si(k)] = f.pairs[0]
		for i, c := range commas {
			if i%2 == 0 {
				r.out[r.si(c)] = f.pairs[1]
				r.dropSpaceAfter(c)
			}
		}
		r.out[r.si(closing)] = f.pairs[2]
		return nil
	}
	if t, special := f.byArity[n]; special && t == "" {
		return nil // this form is DuckDB's too: left as written
	}
	if _, special := f.byArity[n]; !special && f.pattern == 0 && !strings.ContainsAny(f.to, "$(") {
		// A plain rename: one replacement, as cheap as it can be (a
		// million nested array( calls must not cost a map entry more).
		if !strings.EqualFold(f.to, name.text) {
			r.out[r.si(k)] = f.to
		}
		return nil
	}
	segs, err := parseTemplate(f.template(n), n)
	if err != nil {
		return fmt.Errorf("%w: %s: %w", ErrUnsupported, name.text, err)
	}
	// bounds[i] is the significant index of the token before argument i+1
	// ('(' or a comma); bounds[n] is the closing parenthesis.
	bounds := append(append([]int{k + 1}, commas...), closing)
	if f.pattern > 0 && f.pattern <= n {
		if lit := bounds[f.pattern-1] + 1; lit+1 == bounds[f.pattern] && r.sigTok(lit).isStringLit() {
			r.out[r.si(lit)] = quoteString(javaPattern(r.sigTok(lit).value(), f.parse))
		}
	}
	// The name and '(' give way to the text before the first argument, each
	// separator to the text between two arguments, ')' to the rest.
	r.dropRaw(r.si(k)+1, r.si(k+1))
	r.out[r.si(k)] = ""
	at := r.si(k) // where the pending text goes
	used := 0     // arguments kept so far
	emit := func(text string) { r.out[at] += text }
	for _, s := range segs {
		emit(s.text)
		switch {
		case s.arg == -1:
			used = n
			at = r.si(closing)
			r.out[at] = ""
		case s.arg > 0:
			// drop the arguments the template skips, then keep this one
			for a := used + 1; a < s.arg; a++ {
				r.dropRaw(r.si(bounds[a-1])+1, r.si(bounds[a]))
			}
			if s.arg > 1 && used+1 == s.arg {
				r.dropSpaceAfter(bounds[s.arg-1])
			}
			used = s.arg
			at = r.si(bounds[s.arg])
			r.out[at] = ""
		}
	}
	for a := used + 1; a <= n; a++ {
		r.dropRaw(r.si(bounds[a-1])+1, r.si(bounds[a])-1)
		if a < n {
			r.dropped[r.si(bounds[a])] = true
		}
	}
	if at != r.si(closing) {
		r.dropped[r.si(closing)] = true
	}
	return nil
}

// dropSpaceAfter drops the whitespace tokens right before and after
// significant token k (a comma the template replaced).
func (r *rewriter) dropSpaceAfter(k int) {
	for i := r.si(k) + 1; i < len(r.toks) && r.toks[i].kind == tokSpace; i++ {
		r.dropped[i] = true
	}
	for i := r.si(k) - 1; i >= 0 && r.toks[i].kind == tokSpace; i-- {
		r.dropped[i] = true
	}
}

// structLiteral writes the struct(…) call whose name is significant token k
// and whose argument bounds ('(', commas, ')') are bounds as a DuckDB
// struct literal {'name': value, …}.
func (r *rewriter) structLiteral(k int, bounds []int) {
	r.dropRaw(r.si(k)+1, r.si(k+1))
	r.out[r.si(k)] = "{"
	for a := 1; a < len(bounds); a++ {
		first, last := bounds[a-1]+1, bounds[a]-1
		key := fmt.Sprintf("col%d", a)
		switch t := r.sigTok(last); {
		case last-1 > first && r.sigTok(last-1).isKeyword("AS") && t.isIdent():
			key = t.value()
			r.dropRaw(r.si(last-1), r.si(last))
			for i := r.si(last-1) - 1; i >= 0 && r.toks[i].kind == tokSpace; i-- {
				r.dropped[i] = true
			}
		case t.isIdent() && !isKeywordIn(reservedWords, t.text) && (first == last || r.sigTok(last-1).isPunct('.')):
			key = t.value()
		}
		r.pre[r.si(first)] = quoteString(key) + ": " + r.pre[r.si(first)]
	}
	r.out[r.si(bounds[len(bounds)-1])] = "}"
}

// keywordSeparators returns the significant indices of the keywords kws
// directly inside the parentheses at open and closing, and rewrites each
// into a comma, so that a call's SQL-standard form reads as a list.
func (r *rewriter) keywordSeparators(open, closing int, kws []string) []int {
	var seps []int
	depth := 0
	for j := open; j < closing; j++ {
		switch t := r.sigTok(j); {
		case t.isPunct('(') || t.isPunct('['):
			depth++
		case t.isPunct(')') || t.isPunct(']'):
			depth--
		case depth == 1 && t.kind == tokWord && isKeywordIn(keywordSet(kws), t.text):
			seps = append(seps, j)
			r.out[r.si(j)] = ","
			if i := r.si(j) - 1; r.toks[i].kind == tokSpace {
				r.dropped[i] = true
			}
		}
	}
	return seps
}

func keywordSet(kws []string) map[string]bool {
	m := make(map[string]bool, len(kws))
	for _, k := range kws {
		m[k] = true
	}
	return m
}

// orderDistinctAgg writes listagg/string_agg(DISTINCT x) — Spark's empty
// separator — with its values in order, string_agg(DISTINCT x, ” ORDER BY
// x): DuckDB's order of distinct values varies from run to run.
func (r *rewriter) orderDistinctAgg(k, closing int) bool {
	name := r.sigTok(k)
	if !name.isKeyword("LISTAGG") && !name.isKeyword("STRING_AGG") {
		return false
	}
	if !r.sigTok(k+2).isKeyword("DISTINCT") || closing <= k+3 || len(r.topCommas(k+1, closing)) > 0 {
		return false
	}
	var arg strings.Builder
	for i := r.si(k + 3); i < r.si(closing); i++ {
		if !r.dropped[i] {
			arg.WriteString(r.outText(i))
		}
	}
	r.out[r.si(k)] = "string_agg"
	r.pre[r.si(closing)] = ", '' ORDER BY " + strings.TrimSpace(arg.String())
	return true
}
