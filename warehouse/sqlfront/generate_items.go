package sqlfront

import "sort"

// This file runs the parse → resolve → generate stages over the select
// items of a statement, inside Translate: typeSelectItems parses and
// resolves every item before the token rewrites of operators (which then
// leave the tokens of typed nodes alone), generateItems writes the typed
// items at the end, when the text of the nodes they do not own is final.

// typedItem is a select item whose expression the generator writes.
type typedItem struct {
	root exprNode
	rv   *resolver
	// sub marks a standalone node inside an item the generator does not
	// own (see resolver.generated).
	sub bool
}

// typedMacros are the DuckDB macros the generator's text calls (see
// macros): ceil and floor of a decimal at a number of decimal places, and
// the rounded quotient of exact decimal division.
var typedMacros = [][2]string{
	{"sl_ceil_at", "(x, d) AS CASE WHEN x = trunc(x, d) OR x < 0 THEN trunc(x, d) ELSE trunc(x, d) + power(10, -d) END"},
	{"sl_floor_at", "(x, d) AS CASE WHEN x = trunc(x, d) OR x > 0 THEN trunc(x, d) ELSE trunc(x, d) - power(10, -d) END"},
	// n / d of integers rounded half up, failing on a zero d as Spark's
	// decimal division does.
	{"sl_div_round", "(n, d) AS n // sl_nonzero(d) + CASE WHEN abs(n % d) >= abs(d) - abs(n % d) " +
		"THEN sign(n) * sign(d) ELSE 0 END"},
}

func init() {
	macros = append(macros, typedMacros...)
	macroIndex, macroDeps = indexMacros()
}

// typeSelectItems parses and resolves the items of every select list of
// the statement and returns those the generator writes (their root node
// typed and owned), claiming their tokens from the operator rewrites, and
// the positions of the VOID columns of the result (see voidColumns). An
// item Spark's analyser rejects fails the statement with its SparkError.
func (r *rewriter) typeSelectItems() ([]typedItem, []int, error) {
	var items []typedItem
	var err error
	// The outermost select list: its items' types tell the result's VOID
	// columns.
	outer, index := false, 0
	var void []int // positions in the outermost list of VOID items
	star := false
	// The columns of the inline table a list reads, when the statement
	// has one.
	values := r.hasKeyword("VALUES")
	var columns scope
	clause := false // the item is a clause expression, not a select item
	var typeItem func(start, end int)
	typeItem = func(start, end int) {
		if outer {
			star = star || r.sigTok(end-1).isPunct('*')
			index++
		}
		if err != nil {
			return
		}
		if ops := r.hasSparkOperator(start, end); !ops && (columns == nil && !r.mayNeedTypes(start, end) ||
			clause && !r.clauseMayNeedTypes(start, end)) {
			return
		}
		if clause && r.anyClaimed(start, end) {
			return // part of a select item the generator writes
		}
		rv := &resolver{info: map[exprNode]*nodeInfo{}, pos: r.sigTok(start).pos, columns: columns}
		if r.opts.Columns != nil {
			rv.tableColumn = r.tableColumnType
		}
		e, aliased, perr := parseItem(r, start, end, rv)
		if perr != nil && clause {
			// A condition the parser does not know as a whole: its
			// conjuncts and disjuncts it may.
			if parts := r.conjuncts(start, end); len(parts) > 1 {
				for _, p := range parts {
					typeItem(p[0], p[1])
				}
			}
			return
		}
		if perr != nil || clause && aliased {
			return
		}
		t := rv.resolve(e)
		if rv.err != nil {
			err = rv.err
			return
		}
		if outer && t.kind == tVoid {
			void = append(void, index-1)
		}
		for _, n := range rv.generated(e) {
			if it, ok := r.claimItem(n, rv); ok {
				it.sub = n != e
				items = append(items, it)
				continue
			}
			// An owned node the generator cannot write: its standalone
			// nodes (suffixed literals, Spark's operators) still are.
			for _, m := range rv.standaloneBelow(n) {
				if it, ok := r.claimItem(m, rv); ok {
					it.sub = true
					items = append(items, it)
				}
			}
		}
	}
	r.forEachSelectList(func(k int) {
		outer, index = k == 0, 0
		if columns = nil; values {
			columns = r.inlineTableScope(k)
		}
	}, typeItem)
	outer, columns, clause = false, nil, true
	r.forEachClauseExpr(typeItem)
	if err != nil {
		return nil, nil, err
	}
	// An item inside the copied text of another (a subquery's WHERE in a
	// select item) is written first, so that the outer one copies its text.
	sort.SliceStable(items, func(i, j int) bool {
		a, b := items[i].rv.info[items[i].root].span, items[j].rv.info[items[j].root].span
		return a[1]-a[0] < b[1]-b[0]
	})
	if star {
		return items, nil, nil
	}
	return items, r.voidColumns(void), nil
}

// claimItem checks that the generator can write the item e (its root typed
// and owned) and claims its tokens from the operator rewrites, but for
// those of the nodes the generator copies.
func (r *rewriter) claimItem(e exprNode, rv *resolver) (typedItem, bool) {
	in := rv.info[e]
	if in == nil || !in.own || in.span[1] <= in.span[0] {
		return typedItem{}, false
	}
	g := &sqlGen{r: r, rv: rv, dry: true, ok: true}
	if g.gen(e); !g.ok {
		return typedItem{}, false
	}
	if r.claimed == nil {
		r.claimed = make([]bool, len(r.sig))
	}
	for k := in.span[0]; k < in.span[1]; k++ {
		r.claimed[k] = true
	}
	for n, ni := range rv.info {
		if !ni.own && ni.span[1] > ni.span[0] && rv.ownedParent(e, n) {
			for k := ni.span[0]; k < ni.span[1]; k++ {
				r.claimed[k] = false
			}
		}
	}
	return typedItem{root: e, rv: rv}, true
}

// voidColumns returns void, the 0-based positions of the items of the
// outermost select list whose type the resolver found VOID (a NULL, which
// Databricks types VOID where DuckDB says INTEGER), as the result's. It
// answers for a single plain SELECT only: with a set operation, a WITH
// clause or several statements it returns nil, since the result's types
// are not the list's.
func (r *rewriter) voidColumns(void []int) []int {
	if !r.sigTok(0).isKeyword("SELECT") {
		return nil
	}
	depth := 0
	for k := 0; k < len(r.sig); k++ {
		switch t := r.sigTok(k); {
		case t.isPunct('(') || t.isPunct('[') || t.isPunct('{'):
			depth++
		case t.isPunct(')') || t.isPunct(']') || t.isPunct('}'):
			depth--
		case depth > 0:
		case t.isPunct(';') && k+1 < len(r.sig):
			return nil // several statements
		case t.kind == tokWord && isKeywordIn(setOperators, t.text):
			return nil
		}
	}
	return void
}

// generated returns the nodes of the tree rooted at e that the generator
// writes: e when it owns it, else the standalone nodes it owns below the
// nodes it does not.
func (rv *resolver) generated(e exprNode) []exprNode {
	in := rv.info[e]
	if in == nil {
		return nil
	}
	if in.own {
		return []exprNode{e}
	}
	return rv.standaloneBelow(e)
}

// standaloneBelow returns the standalone nodes the generator owns below e
// through nodes it does not write.
func (rv *resolver) standaloneBelow(e exprNode) []exprNode {
	var out []exprNode
	var walk func(n exprNode)
	walk = func(n exprNode) {
		for _, c := range subtrees(n) {
			switch ci := rv.info[c]; {
			case ci == nil:
			case ci.own && ci.standalone:
				out = append(out, c)
			default:
				// Not written itself (or owned but not standalone, so
				// copied): its standalone nodes are.
				walk(c)
			}
		}
	}
	walk(e)
	return out
}

// ownedParent tells whether n is reached from root through owned nodes
// only (so that the generator copies its text).
func (rv *resolver) ownedParent(root, n exprNode) bool {
	var walk func(e exprNode) bool
	walk = func(e exprNode) bool {
		if e == n {
			return true
		}
		in := rv.info[e]
		if in == nil || !in.own {
			return false
		}
		for _, c := range children(e) {
			if walk(c) {
				return true
			}
		}
		return false
	}
	return walk(root)
}

// children returns the operands of the nodes the generator owns.
func children(e exprNode) []exprNode {
	switch x := e.(type) {
	case *unaryExpr:
		return []exprNode{x.x}
	case *binaryExpr:
		return []exprNode{x.l, x.r}
	case *castExpr:
		return []exprNode{x.x}
	case *callExpr:
		return x.args
	}
	return nil
}

// subtrees returns every child node of e, of every form.
func subtrees(e exprNode) []exprNode {
	var out []exprNode
	add := func(ns ...exprNode) {
		for _, n := range ns {
			if n != nil {
				out = append(out, n)
			}
		}
	}
	switch x := e.(type) {
	case *caseExpr:
		add(x.operand)
		for _, w := range x.whens {
			add(w[0], w[1])
		}
		add(x.els)
	case *inExpr:
		add(x.x)
		add(x.list...)
	case *betweenExpr:
		add(x.x, x.lo, x.hi)
	case *isExpr:
		add(x.x, x.other)
	case *likeExpr:
		add(x.x, x.pat)
	case *indexExpr:
		add(x.x, x.idx)
	case *fieldExpr:
		add(x.x)
	case *lambdaExpr:
		add(x.body)
	case *callExpr:
		add(x.args...)
		add(x.filter)
		if x.within != nil {
			add(x.within.x)
		}
		if x.over != nil {
			add(x.over.partition...)
			for _, o := range x.over.order {
				add(o.x)
			}
		}
	default:
		return children(e)
	}
	return out
}

// claimedOp tells whether the operator at significant index k belongs to
// a node the generator writes.
func (r *rewriter) claimedOp(k int) bool {
	return k >= 0 && k < len(r.claimed) && r.claimed[k]
}

// generateItems replaces the tokens of each typed item for which which
// is true by the generator's text, and marks the significant tokens of
// those it wrote in written.
func (r *rewriter) generateItems(items []typedItem, which func(sp [2]int) bool, written []bool) {
	for _, it := range items {
		sp := it.rv.info[it.root].span
		if !which(sp) {
			continue
		}
		g := &sqlGen{r: r, rv: it.rv, ok: true}
		text := g.gen(it.root)
		if !g.ok {
			continue
		}
		first, last := r.si(sp[0]), r.si(sp[1]-1)
		if r.dropped[first] {
			continue // a call's template left the argument out
		}
		for k := sp[0]; k < sp[1]; k++ {
			written[k] = true
		}
		for i := first; i <= last; i++ {
			// What the rewrites put around a whole item belongs to the
			// nodes copied at its edges, which the text holds; around a
			// standalone call (whose name and ')' no copied node shares)
			// it belongs to the expression around the call.
			if i > first || !it.sub {
				delete(r.pre, i)
			}
			if i < last || !it.sub {
				delete(r.post, i)
			}
			if i > first {
				r.dropped[i] = true
			}
		}
		if !it.sub {
			text = stripParens(text) // a standalone node keeps them: it is an operand
		}
		r.out[first] = text
		r.dropped[first] = false
	}
}

// higherOrderArgs returns the significant spans of the argument lists of
// the calls rewriteLambdas rewrites, which it builds from their
// arguments' text: the items inside them are written before it runs.
func (r *rewriter) higherOrderArgs() [][2]int {
	var out [][2]int
	for k := 0; k+1 < len(r.sig); k++ {
		t := r.sigTok(k)
		if t.kind != tokWord || !r.sigTok(k+1).isPunct('(') {
			continue
		}
		if _, ok := lookupLower(higherOrder, t.text); ok {
			if c := r.matchClose(k + 1); c > 0 {
				out = append(out, [2]int{k + 2, c})
			}
		}
	}
	return out
}

// within tells whether span sp lies inside one of spans.
func within(sp [2]int, spans [][2]int) bool {
	for _, s := range spans {
		if sp[0] >= s[0] && sp[1] <= s[1] {
			return true
		}
	}
	return false
}

// stripParens removes the parentheses around the whole of s, which a
// select item does not need.
func stripParens(s string) string {
	if len(s) < 2 || s[0] != '(' || s[len(s)-1] != ')' {
		return s
	}
	depth := 0
	inString := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\'':
			inString = !inString
		case inString:
		case c == '(':
			depth++
		case c == ')':
			if depth--; depth == 0 && i < len(s)-1 {
				return s
			}
		}
	}
	return s[1 : len(s)-1]
}

// mayNeedTypes tells whether the item of significant tokens [start, end)
// may hold a node the generator writes or a VOID result: every such node
// stands on a number literal, a cast, a NULL, a binary literal or a string
// in arithmetic. The others (column lists,
// plain strings) are not parsed, which keeps Translate's cost per byte
// small.
func (r *rewriter) mayNeedTypes(start, end int) bool {
	str, op := false, false
	for k := start; k < end; k++ {
		switch t := r.sigTok(k); {
		case t.kind == tokNumber, t.isKeyword("CAST"), t.isKeyword("TRY_CAST"), t.isKeyword("NULL"):
			return true
		case t.isPunct(':'), t.isKeyword("X") && r.sigTok(k+1).isStringLit():
			return true
		case t.kind == tokWord && r.sigTok(k+1).isPunct('(') && isKeywordIn(typingCalls, t.text):
			return true
		case t.isStringLit():
			str = true
		case t.isPunct('+') || t.isPunct('-') || t.isPunct('*') || t.isPunct('/') || t.isPunct('%') || t.isKeyword("DIV"):
			op = true
		}
	}
	// Over a real table's columns, arithmetic gets Spark's types.
	return op && (str || r.opts.Columns != nil)
}

// typingCalls are the calls whose result types let the resolver type the
// call around them (BINARY values, arrays and maps).
var typingCalls = map[string]bool{"ENCODE": true, "UNHEX": true, "ARRAY": true, "MAP": true}

// clauseMayNeedTypes is mayNeedTypes for a clause expression, which the
// generator writes only for what it computes differently from the engine:
// arithmetic, casts, calls it types and binary literals (a list of plain
// numbers, as in x IN (1, 2, …), is not parsed).
func (r *rewriter) clauseMayNeedTypes(start, end int) bool {
	for k := start; k < end; k++ {
		switch t := r.sigTok(k); {
		case t.isKeyword("CAST"), t.isKeyword("TRY_CAST"), t.isPunct(':'), suffixedToken(t):
			return true
		case t.isKeyword("X") && r.sigTok(k+1).isStringLit():
			return true
		case t.kind == tokWord && r.sigTok(k+1).isPunct('(') && isKeywordIn(typingCalls, t.text):
			return true
		case t.isPunct('+') || t.isPunct('*') || t.isPunct('/') || t.isPunct('%') || t.isKeyword("DIV"):
			return true
		case t.isPunct('-') && k > start && (r.sigTok(k-1).kind != tokPunct || r.sigTok(k-1).isPunct(')')):
			return true // a binary minus, not a negative number
		}
	}
	return false
}

// anyClaimed tells whether any significant token in [start, end) belongs
// to a node the generator writes.
func (r *rewriter) anyClaimed(start, end int) bool {
	for k := start; k < end; k++ {
		if r.claimedOp(k) {
			return true
		}
	}
	return false
}

// hasKeyword tells whether the statement holds the word kw.
func (r *rewriter) hasKeyword(kw string) bool {
	for k := range r.sig {
		if r.sigTok(k).isKeyword(kw) {
			return true
		}
	}
	return false
}
