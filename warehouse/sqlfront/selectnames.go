package sqlfront

import "strings"

// maxNameBytes bounds the names the namer gives; an item whose Spark name
// would be longer keeps the engine's name.
const maxNameBytes = 64 << 10

// selectListEnd are the keywords that end a select list at depth 0.
var selectListEnd = map[string]bool{
	"FROM": true, "WHERE": true, "GROUP": true, "HAVING": true, "ORDER": true, "LIMIT": true,
	"QUALIFY": true, "WINDOW": true, "OFFSET": true, "SORT": true, "CLUSTER": true, "DISTRIBUTE": true,
}

// setOperators end a select list at its depth.
var setOperators = map[string]bool{"UNION": true, "INTERSECT": true, "EXCEPT": true, "MINUS": true}

// nameSelectItems aliases every unaliased select-list item whose Spark name
// the namer knows with that name, in every SELECT of the statement (the
// outer query, each set-operation branch, subqueries and CTEs, whose names
// a star above them shows), so that DuckDB's result columns are named as
// Spark names them. Items it does not know, stars and column references
// keep the engine's name. It runs after the other rewrites and only adds
// text after the items' last tokens.
func (r *rewriter) nameSelectItems() {
	var aliases map[string]bool
	r.forEachSelectList(func(int) { aliases = map[string]bool{} }, func(start, end int) {
		aliases = r.nameItem(start, end, aliases)
	})
}

// forEachSelectItem calls item with the significant tokens [start, end) of
// every item of every select list of the statement.
func (r *rewriter) forEachSelectItem(item func(start, end int)) {
	r.forEachSelectList(func(int) {}, item)
}

// forEachSelectList calls list with the significant index of each SELECT
// whose list starts, and item for each of its items.
func (r *rewriter) forEachSelectList(list func(k int), item func(start, end int)) {
	for k := 0; k < len(r.sig); k++ {
		if r.sigTok(k).isKeyword("SELECT") {
			list(k)
			k = r.selectList(k+1, item)
		}
	}
}

// selectList walks the items of the select list starting at significant
// index k and returns the index of the token that ends it.
func (r *rewriter) selectList(k int, item func(start, end int)) int {
	if t := r.sigTok(k); t.isKeyword("DISTINCT") || t.isKeyword("ALL") {
		k++
	}
	start, depth := k, 0
	for ; k <= len(r.sig); k++ {
		t := r.sigTok(k) // a zero token past the end
		switch {
		case t.isPunct('(') || t.isPunct('[') || t.isPunct('{'):
			depth++
			continue
		case (t.isPunct(')') || t.isPunct(']') || t.isPunct('}')) && depth > 0:
			depth--
			continue
		case depth > 0:
			continue
		case t.isPunct(','):
			if k > start {
				item(start, k)
			}
			start = k + 1
			continue
		case t.kind == tokWord && !isKeywordIn(selectListEnd, t.text) && !isKeywordIn(setOperators, t.text):
			continue
		case t.isKeyword("GROUP") && r.sigTok(k-1).isKeyword("WITHIN"):
			continue // an ordered-set aggregate's WITHIN GROUP (…)
		case t.kind != tokWord && t.kind != tokSpace && !t.isPunct(')') && !t.isPunct(';'):
			continue
		}
		// The list ends: a clause keyword, a set operator, a closing
		// parenthesis, a ';' or the end of the statement.
		if k > start {
			item(start, k)
		}
		return k - 1
	}
	return k
}

// nameItem aliases the item made of significant tokens start to end
// (excluded) when it has no alias and the namer knows its name; aliases
// holds those of the items before it (lower case), and it returns them with
// the item's own.
func (r *rewriter) nameItem(start, end int, aliases map[string]bool) map[string]bool {
	if end <= start {
		return aliases
	}
	e, aliased, err := parseSelectItem(r, start, end)
	if last := r.sigTok(end - 1); (err != nil || aliased) && last.isIdent() {
		// An alias, or the last word of an item the namer does not know
		// (which may be an alias too).
		aliases[strings.ToLower(last.value())] = true
		return aliases
	}
	if err != nil {
		return aliases
	}
	var typeOf func(exprNode) string
	if r.opts.Columns != nil {
		typeOf = r.exprTypeText
	}
	name, ok := sparkNameTyped(e, aliases, typeOf)
	if !ok || name == "" || len(name) > maxNameBytes {
		return aliases
	}
	r.post[r.si(end-1)] += " AS " + QuoteIdent(name)
	return aliases
}
