package sqlfront

import (
	"strings"
)

// niladicKeywords are the functions Spark also accepts without parentheses.
var niladicKeywords = map[string]bool{
	"current_date": true, "current_timestamp": true, "current_user": true, "user": true,
	"session_user": true,
}

// primary parses a literal, a column reference, a function call, CAST,
// CASE, a parenthesised expression or a subquery.
func (p *exprParser) primary() (exprNode, error) {
	t := p.at(0)
	switch t.kind {
	case tokNumber:
		p.pos++
		return numberLiteral(t.text, false)
	case tokString, tokRawString:
		// Adjacent string literals are one, as in Spark.
		var b strings.Builder
		for p.at(0).isStringLit() {
			b.WriteString(p.at(0).value())
			p.pos++
		}
		return &litExpr{kind: litString, pretty: b.String()}, nil
	case tokBacktickIdent:
		return p.nameOrCall()
	case tokPunct:
		if t.isPunct('(') {
			return p.parenthesised()
		}
		return nil, errUnknownExpr
	case tokPositional, tokNamed:
		if !p.markers {
			return nil, errUnknownExpr
		}
		p.pos++
		return &markerExpr{k: p.start + p.pos - 1}, nil
	case tokWord:
	default:
		// "…" is a string in Spark and an identifier in DuckDB.
		return nil, errUnknownExpr
	}
	next := p.at(1)
	switch {
	case t.isKeyword("TRUE") || t.isKeyword("FALSE"):
		p.pos++
		return &litExpr{kind: litBool, pretty: strings.ToLower(t.text)}, nil
	case t.isKeyword("NULL"):
		p.pos++
		return &litExpr{kind: litNull, pretty: "NULL"}, nil
	case next.isStringLit() && isKeywordIn(typedLiteralWords, t.text):
		p.pos += 2
		return typedLiteral(t, next)
	case (t.isKeyword("CAST") || t.isKeyword("TRY_CAST")) && next.isPunct('('):
		return p.cast()
	case t.isKeyword("CASE"):
		return p.caseExpr()
	case (t.isKeyword("SOME") || t.isKeyword("ANY") || t.isKeyword("LIKE") || t.isKeyword("ILIKE") ||
		t.isKeyword("RLIKE") || t.isKeyword("REGEXP") || t.isKeyword("FILTER") ||
		(t.isKeyword("EXISTS") && !p.at(2).isKeyword("SELECT") && !p.at(2).isKeyword("WITH"))) && next.isPunct('('):
		// some(x), like(a, b): functions here, not keywords.
	case t.isKeyword("INTERVAL"):
		return p.intervalLiteral()
	case isKeywordIn(reservedWords, t.text):
		return nil, errUnknownExpr
	}
	return p.nameOrCall()
}

// typedLiteral builds DATE '…', TIMESTAMP '…', TIMESTAMP_NTZ '…',
// TIMESTAMP_LTZ '…', TIME '…' and X'…' literals. Spark prints the value it parsed
// (DATE '2021-9-1' as DATE '2021-09-01', a fraction without its trailing
// zeros, TIMESTAMP_LTZ as TIMESTAMP); values in other forms keep the
// engine's name.
func typedLiteral(kw, s token) (exprNode, error) {
	v := s.value()
	word := strings.ToUpper(kw.text)
	switch word {
	case "X":
		if !isHexRun(v, 0, len(v)) {
			return nil, errUnknownExpr
		}
		if len(v)%2 != 0 {
			v = "0" + v // Spark: X'0' is X'00'
		}
		return &litExpr{kind: litBinary, pretty: "X'" + strings.ToUpper(v) + "'"}, nil
	case "DATE":
		d, ok := normalDate(v)
		if !ok {
			return nil, errUnknownExpr
		}
		return &litExpr{kind: litDatetime, pretty: "DATE '" + d + "'"}, nil
	case "TIME":
		// H:mm:ss prints as HH:mm:ss, the fraction without trailing zeros.
		hms, frac, _ := strings.Cut(v, ".")
		if len(hms) == 7 {
			hms = "0" + hms
		}
		if !isTimeText(hms) || (frac != "" && !allDigits(frac)) || len(frac) > 6 {
			return nil, errUnknownExpr
		}
		if frac = strings.TrimRight(frac, "0"); frac != "" {
			hms += "." + frac
		}
		return &litExpr{kind: litDatetime, pretty: "TIME '" + hms + "'"}, nil
	}
	date, clock, hasClock := strings.Cut(v, " ")
	d, ok := normalDate(date)
	if !ok {
		return nil, errUnknownExpr
	}
	if !hasClock {
		clock = "00:00:00"
	}
	hms, frac, _ := strings.Cut(clock, ".")
	if !isTimeText(hms) || (frac != "" && !allDigits(frac)) || len(frac) > 9 {
		return nil, errUnknownExpr
	}
	if len(frac) > 6 {
		// Nanosecond values print as written (recorded for TIMESTAMP_NTZ
		// and TIMESTAMP_LTZ only).
		if word == "TIMESTAMP" || !hasClock {
			return nil, errUnknownExpr
		}
		return &litExpr{kind: litDatetime, pretty: word + " '" + d + " " + clock + "'"}, nil
	}
	if word == "TIMESTAMP_LTZ" {
		word = "TIMESTAMP"
	}
	if frac = strings.TrimRight(frac, "0"); frac != "" {
		hms += "." + frac
	}
	return &litExpr{kind: litDatetime, pretty: word + " '" + d + " " + hms + "'"}, nil
}

// normalDate returns the date y-M-d (a four-digit year, one- or two-digit
// month and day) as yyyy-MM-dd.
func normalDate(s string) (string, bool) {
	parts := strings.Split(s, "-")
	if len(parts) != 3 || len(parts[0]) != 4 || !allDigits(parts[0]) {
		return "", false
	}
	for _, p := range parts[1:] {
		if len(p) < 1 || len(p) > 2 || !allDigits(p) {
			return "", false
		}
	}
	pad := func(p string) string {
		if len(p) == 1 {
			return "0" + p
		}
		return p
	}
	m, d := pad(parts[1]), pad(parts[2])
	if m < "01" || m > "12" || d < "01" || d > "31" {
		return "", false
	}
	return parts[0] + "-" + m + "-" + d, true
}

// isTimeText reports whether s is HH:mm:ss.
func isTimeText(s string) bool {
	return len(s) == 8 && s[2] == ':' && s[5] == ':' && allDigits(s[:2]) && allDigits(s[3:5]) && allDigits(s[6:])
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

// parenthesised parses ( expr ) or a scalar subquery.
func (p *exprParser) parenthesised() (exprNode, error) {
	if p.at(1).isKeyword("SELECT") || p.at(1).isKeyword("WITH") {
		return &subqueryExpr{}, p.skipSubquery()
	}
	p.pos++
	e, err := p.expr()
	if err != nil {
		return nil, err
	}
	return e, p.expectPunct(')') // (a, b) is a struct: not named here
}

// nameOrCall parses a column reference or a function call.
func (p *exprParser) nameOrCall() (exprNode, error) {
	t := p.at(0)
	p.pos++
	if !p.at(0).isPunct('(') {
		if t.kind == tokWord {
			if _, ok := lookupLower(niladicKeywords, t.text); ok {
				return &callExpr{name: strings.ToLower(t.text)}, nil
			}
		}
		return &colExpr{parts: []string{t.value()}}, nil
	}
	if t.kind != tokWord {
		return nil, errUnknownExpr
	}
	p.pos++
	c := &callExpr{name: strings.ToLower(t.text)}
	if e, ok, err := p.specialCall(c.name); ok || err != nil {
		return e, err
	}
	switch {
	case p.acceptPunct(')'):
	case p.at(0).isPunct('*') && p.at(1).isPunct(')'):
		c.star = true
		p.pos += 2
	default:
		if p.acceptKeyword("DISTINCT") {
			c.distinct = true
		} else {
			p.acceptKeyword("ALL")
		}
		for {
			e, err := p.lambdaOrExpr()
			if err != nil {
				return nil, err
			}
			c.args = append(c.args, e)
			if !p.acceptPunct(',') {
				break
			}
		}
		if err := p.expectPunct(')'); err != nil {
			return nil, err
		}
	}
	if p.acceptKeyword("FILTER") {
		if !p.acceptPunct('(') || !p.acceptKeyword("WHERE") {
			return nil, errUnknownExpr
		}
		f, err := p.expr()
		if err != nil {
			return nil, err
		}
		c.filter = f
		if err := p.expectPunct(')'); err != nil {
			return nil, err
		}
	}
	if p.at(0).isKeyword("WITHIN") && withinGroupFuncs[c.name] && p.acceptKeyword("WITHIN", "GROUP") {
		if !p.acceptPunct('(') || !p.acceptKeyword("ORDER", "BY") {
			return nil, errUnknownExpr
		}
		x, err := p.expr()
		if err != nil {
			return nil, err
		}
		s := &sortItem{x: x}
		if p.acceptKeyword("DESC") {
			s.desc = true
		} else {
			p.acceptKeyword("ASC")
		}
		if err := p.expectPunct(')'); err != nil {
			return nil, err
		}
		c.within = s
	}
	if p.at(0).isKeyword("IGNORE") || p.at(0).isKeyword("RESPECT") || p.at(0).isKeyword("WITHIN") {
		return nil, errUnknownExpr
	}
	if p.acceptKeyword("OVER") {
		w, err := p.window()
		if err != nil {
			return nil, err
		}
		c.over = w
	}
	return c, nil
}

// window parses the parenthesised window specification after OVER; a
// named window is not known to the namer.
func (p *exprParser) window() (*windowSpec, error) {
	if !p.acceptPunct('(') {
		return nil, errUnknownExpr
	}
	w := &windowSpec{}
	if p.acceptKeyword("PARTITION", "BY") || p.acceptKeyword("DISTRIBUTE", "BY") {
		for {
			e, err := p.expr()
			if err != nil {
				return nil, err
			}
			w.partition = append(w.partition, e)
			if !p.acceptPunct(',') {
				break
			}
		}
	}
	if p.acceptKeyword("ORDER", "BY") || p.acceptKeyword("SORT", "BY") {
		for {
			e, err := p.expr()
			if err != nil {
				return nil, err
			}
			s := sortItem{x: e}
			if p.acceptKeyword("DESC") {
				s.desc = true
			} else {
				p.acceptKeyword("ASC")
			}
			s.nullsFirst = !s.desc
			switch {
			case p.acceptKeyword("NULLS", "FIRST"):
				s.nullsFirst = true
			case p.acceptKeyword("NULLS", "LAST"):
				s.nullsFirst = false
			}
			w.order = append(w.order, s)
			if !p.acceptPunct(',') {
				break
			}
		}
	}
	if p.at(0).isKeyword("ROWS") || p.at(0).isKeyword("RANGE") {
		f := &windowFrame{kind: strings.ToUpper(p.at(0).text)}
		p.pos++
		var err error
		if p.acceptKeyword("BETWEEN") {
			if f.lower, err = p.frameBound(); err != nil {
				return nil, err
			}
			if !p.acceptKeyword("AND") {
				return nil, errUnknownExpr
			}
			if f.upper, err = p.frameBound(); err != nil {
				return nil, err
			}
		} else {
			if f.lower, err = p.frameBound(); err != nil {
				return nil, err
			}
			f.upper = "CURRENT ROW"
		}
		w.frame = f
	}
	return w, p.expectPunct(')')
}

// frameBound parses one frame boundary and returns it as Spark prints it.
func (p *exprParser) frameBound() (string, error) {
	switch {
	case p.acceptKeyword("UNBOUNDED", "PRECEDING"):
		return "UNBOUNDED PRECEDING", nil
	case p.acceptKeyword("UNBOUNDED", "FOLLOWING"):
		return "UNBOUNDED FOLLOWING", nil
	case p.acceptKeyword("CURRENT", "ROW"):
		return "CURRENT ROW", nil
	}
	t := p.at(0)
	if t.kind != tokNumber {
		return "", errUnknownExpr
	}
	lit, err := numberLiteral(t.text, false)
	if err != nil {
		return "", err
	}
	p.pos++
	switch {
	case p.acceptKeyword("PRECEDING"):
		return lit.(*litExpr).pretty + " PRECEDING", nil
	case p.acceptKeyword("FOLLOWING"):
		return lit.(*litExpr).pretty + " FOLLOWING", nil
	}
	return "", errUnknownExpr
}

// cast parses CAST(x AS type) and TRY_CAST(x AS type).
func (p *exprParser) cast() (exprNode, error) {
	try := p.at(0).isKeyword("TRY_CAST")
	p.pos += 2
	x, err := p.expr()
	if err != nil {
		return nil, err
	}
	if !p.acceptKeyword("AS") {
		return nil, errUnknownExpr
	}
	typ, err := p.dataType()
	if err != nil {
		return nil, err
	}
	return &castExpr{x: x, typ: typ, try: try}, p.expectPunct(')')
}

// caseExpr parses CASE [operand] WHEN c THEN v … [ELSE v] END.
func (p *exprParser) caseExpr() (exprNode, error) {
	p.pos++
	c := &caseExpr{}
	if !p.at(0).isKeyword("WHEN") {
		op, err := p.expr()
		if err != nil {
			return nil, err
		}
		c.operand = op
	}
	for p.acceptKeyword("WHEN") {
		w, err := p.expr()
		if err != nil {
			return nil, err
		}
		if !p.acceptKeyword("THEN") {
			return nil, errUnknownExpr
		}
		v, err := p.expr()
		if err != nil {
			return nil, err
		}
		c.whens = append(c.whens, [2]exprNode{w, v})
	}
	if len(c.whens) == 0 {
		return nil, errUnknownExpr
	}
	if p.acceptKeyword("ELSE") {
		e, err := p.expr()
		if err != nil {
			return nil, err
		}
		c.els = e
	}
	if !p.acceptKeyword("END") {
		return nil, errUnknownExpr
	}
	return c, nil
}

// specialCall parses the calls written in SQL syntax rather than with
// commas, as Spark names them: substring(s FROM a [FOR b]) is
// substring(s, a, b), position(a IN b) is locate(a, b, 1), trim([BOTH |
// LEADING | TRAILING] [chars] FROM s) is trim/ltrim/rtrim(s) without chars
// and TRIM(BOTH chars FROM s) with them, extract(f FROM d) prints as
// written. The cursor is after the '('; ok is false, with the cursor
// unmoved, when the call is not in such a form.
func (p *exprParser) specialCall(name string) (e exprNode, ok bool, err error) {
	save := p.pos
	defer func() {
		if !ok && err == nil {
			p.pos = save
		}
	}()
	switch name {
	case "overlay":
		// overlay(s PLACING r FROM p [FOR l]) prints as overlay(s, r, p, l),
		// l -1 when left out.
		c := &callExpr{name: "overlay"}
		for _, kw := range []string{"", "PLACING", "FROM", "FOR"} {
			if kw != "" && !p.acceptKeyword(kw) {
				if kw == "FOR" {
					c.args = append(c.args, &litExpr{kind: litNumber, pretty: "-1", text: "-1"})
					break
				}
				return nil, false, nil
			}
			a, err := p.expr()
			if err != nil {
				return nil, false, nil
			}
			c.args = append(c.args, a)
		}
		return c, true, p.expectPunct(')')
	case "substring", "substr":
		s, err := p.expr()
		if err != nil || !p.acceptKeyword("FROM") {
			return nil, false, nil
		}
		// Both spellings print as substring.
		c := &callExpr{name: "substring", args: []exprNode{s}}
		for _, kw := range []string{"", "FOR"} {
			if kw != "" && !p.acceptKeyword(kw) {
				break
			}
			a, err := p.expr()
			if err != nil {
				return nil, false, err
			}
			c.args = append(c.args, a)
		}
		return c, true, p.expectPunct(')')
	case "position":
		a, err := p.value(0)
		if err != nil || !p.acceptKeyword("IN") {
			return nil, false, nil
		}
		b, err := p.value(0)
		if err != nil {
			return nil, false, err
		}
		return &callExpr{name: "locate", args: []exprNode{a, b}}, true, p.expectPunct(')')
	case "extract":
		f := p.at(0)
		if !f.isIdent() || !p.at(1).isKeyword("FROM") {
			return nil, false, nil
		}
		p.pos += 2
		d, err := p.expr()
		if err != nil {
			return nil, false, err
		}
		return &seqExpr{parts: []any{"extract(" + f.value() + " FROM ", d, ")"}}, true, p.expectPunct(')')
	case "trim":
		return p.trimCall()
	case "struct":
		return p.structCall()
	}
	return nil, false, nil
}

// structCall parses struct(x [AS name], …) with at least one named field,
// which Spark prints as written: struct(1 AS a, x AS b). The cursor is after
// the '('.
func (p *exprParser) structCall() (exprNode, bool, error) {
	c := &callExpr{name: "struct"}
	named := false
	for {
		x, err := p.expr()
		if err != nil {
			return nil, false, nil
		}
		if p.acceptKeyword("AS") {
			if !p.at(0).isIdent() {
				return nil, false, nil
			}
			x = &seqExpr{parts: []any{x, " AS " + p.at(0).value()}}
			p.pos++
			named = true
		}
		c.args = append(c.args, x)
		if !p.acceptPunct(',') {
			break
		}
	}
	if !named {
		return nil, false, nil // the plain form: named as any call
	}
	return c, true, p.expectPunct(')')
}

// trimCall parses trim([BOTH | LEADING | TRAILING] [chars] FROM s).
func (p *exprParser) trimCall() (exprNode, bool, error) {
	side := ""
	for _, kw := range []string{"BOTH", "LEADING", "TRAILING"} {
		if p.acceptKeyword(kw) {
			side = kw
		}
	}
	var chars exprNode
	if !p.at(0).isKeyword("FROM") {
		c, err := p.value(0)
		if err != nil {
			return nil, false, err
		}
		chars = c
	}
	if !p.acceptKeyword("FROM") {
		return nil, false, nil
	}
	s, err := p.expr()
	if err != nil {
		return nil, false, err
	}
	if err := p.expectPunct(')'); err != nil {
		return nil, false, err
	}
	if chars == nil {
		name := map[string]string{"": "trim", "BOTH": "trim", "LEADING": "ltrim", "TRAILING": "rtrim"}[side]
		return &callExpr{name: name, args: []exprNode{s}}, true, nil
	}
	if side == "" {
		side = "BOTH"
	}
	return &seqExpr{parts: []any{"TRIM(" + side + " ", chars, " FROM ", s, ")"}}, true, nil
}

// lambdaOrExpr parses a call argument: a lambda function (x -> body,
// (x, y) -> body) or an expression.
func (p *exprParser) lambdaOrExpr() (exprNode, error) {
	var params []string
	n := 0 // tokens of the parameter list
	if t := p.at(0); t.isIdent() && p.arrowAt(1) {
		params, n = []string{strings.ToLower(t.value())}, 1
	} else if t.isPunct('(') {
		for i := 1; ; i += 2 {
			if !p.at(i).isIdent() {
				return p.expr()
			}
			params = append(params, strings.ToLower(p.at(i).value()))
			if p.at(i + 1).isPunct(')') {
				n = i + 2
				break
			}
			if !p.at(i + 1).isPunct(',') {
				return p.expr()
			}
		}
		if !p.arrowAt(n) {
			return p.expr()
		}
	} else {
		return p.expr()
	}
	p.pos += n + 2
	body, err := p.expr()
	if err != nil {
		return nil, err
	}
	return &lambdaExpr{params: params, body: body}, nil
}

// arrowAt tells whether the tokens n and n+1 places ahead are the arrow ->.
func (p *exprParser) arrowAt(n int) bool {
	a, b := p.at(n), p.at(n+1)
	return a.isPunct('-') && b.isPunct('>') && b.pos == a.pos+1
}

// withinGroupFuncs are the ordered-set aggregates the namer prints with
// their WITHIN GROUP (ORDER BY …).
var withinGroupFuncs = map[string]bool{"percentile_cont": true, "percentile_disc": true, "mode": true}
