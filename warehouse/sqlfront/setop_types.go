package sqlfront

// This file types the columns of a set operation (UNION, INTERSECT, EXCEPT)
// as Spark's ANSI type coercion does where DuckDB's differs: a STRING and
// a number meet as the number — BIGINT next to an integral type, DOUBLE
// next to a fraction — so SELECT 1 UNION SELECT 'x' fails to cast 'x'
// (CAST_INVALID_INPUT), where DuckDB makes the column a VARCHAR.

// setOpItem is one item of one branch of a set operation: its significant
// tokens [start, exprEnd) hold its expression, and t is its type when the
// resolver knows it.
type setOpItem struct {
	start, exprEnd int
	t              sparkType
}

// rewriteSetOpStrings casts the STRING items of a column of a top-level
// set operation to the numeric type Spark gives the column (see above),
// when the text tells the items' types.
func (r *rewriter) rewriteSetOpStrings() {
	branches := r.setOpBranches()
	if len(branches) < 2 {
		return
	}
	width := len(branches[0])
	for _, b := range branches {
		if len(b) != width {
			return
		}
	}
	for col := 0; col < width; col++ {
		target := ""
		hasString := false
		for _, b := range branches {
			switch t := b[col].t; {
			case t.kind == tString:
				hasString = true
			case t.isIntegral():
				if target == "" {
					target = "BIGINT"
				}
			case t.isNumeric():
				target = "DOUBLE"
			}
		}
		if !hasString || target == "" {
			continue
		}
		for _, b := range branches {
			if it := b[col]; it.t.kind == tString {
				r.pre[r.si(it.start)] = "CAST((" + r.pre[r.si(it.start)]
				r.post[r.si(it.exprEnd-1)] += ") AS " + target + ")"
			}
		}
	}
}

// setOpBranches returns the items of each SELECT of a set operation at the
// top of the statement, or nil when the statement is not one (or a
// branch's list has a star or an item the parser does not read).
func (r *rewriter) setOpBranches() [][]setOpItem {
	var selects []int
	setOp, depth := false, 0
	for k := 0; k < len(r.sig); k++ {
		switch t := r.sigTok(k); {
		case t.isPunct('('):
			depth++
		case t.isPunct(')'):
			depth--
		case depth > 0:
		case t.isPunct(';') && k+1 < len(r.sig):
			return nil // several statements
		case t.isKeyword("SELECT"):
			selects = append(selects, k)
		case t.kind == tokWord && isKeywordIn(setOperators, t.text):
			setOp = true
		}
	}
	if !setOp || len(selects) < 2 || !r.sigTok(0).isKeyword("SELECT") {
		return nil
	}
	var out [][]setOpItem
	for _, k := range selects {
		var items []setOpItem
		ok := true
		r.selectList(k+1, func(start, end int) {
			rv := &resolver{info: map[exprNode]*nodeInfo{}}
			e, _, err := parseItem(r, start, end, rv)
			if err != nil || r.sigTok(end-1).isPunct('*') {
				ok = false
				return
			}
			items = append(items, setOpItem{start: start, exprEnd: rv.info[e].span[1], t: rv.resolve(e)})
		})
		if !ok {
			return nil
		}
		out = append(out, items)
	}
	return out
}
