package sqlfront

import "strings"

// Aggregates of a year-month interval column of an inline table are
// year-month intervals too (median, mode, percentile_disc,
// approx_percentile, percentile_approx): yearMonthColumns lists them when
// the column's first row is a year-month interval literal (DuckDB's
// INTERVAL does not tell the two kinds apart).

// ymAggregates are the aggregates whose result is of their argument's
// interval type.
var ymAggregates = map[string]bool{"median": true, "mode": true, "approx_percentile": true, "percentile_approx": true}

// ymAggregateEnd returns the significant index just past the aggregate call
// starting at k (before end) when it is one of ymAggregates, or
// percentile_disc(p) WITHIN GROUP (ORDER BY c), of a year-month column of
// the statement's inline table.
func (r *rewriter) ymAggregateEnd(k, end int) (int, bool) {
	t := r.sigTok(k)
	if t.kind != tokWord || !r.sigTok(k+1).isPunct('(') {
		return 0, false
	}
	closing := r.matchClose(k + 1)
	if closing < 0 || closing >= end {
		return 0, false
	}
	name := strings.ToLower(t.text)
	switch {
	case ymAggregates[name]:
		if c := r.sigTok(k + 2); c.isIdent() && (r.sigTok(k+3).isPunct(')') || r.sigTok(k+3).isPunct(',')) && r.ymInlineColumn(c.value()) {
			return closing + 1, true
		}
	case name == "percentile_disc":
		w := closing + 1
		if r.sigTok(w).isKeyword("WITHIN") && r.sigTok(w+1).isKeyword("GROUP") && r.sigTok(w+2).isPunct('(') &&
			r.sigTok(w+3).isKeyword("ORDER") && r.sigTok(w+4).isKeyword("BY") && r.sigTok(w+5).isIdent() &&
			r.sigTok(w+6).isPunct(')') && r.ymInlineColumn(r.sigTok(w+5).value()) {
			return w + 7, true
		}
	}
	return 0, false
}

// ymInlineColumn tells whether the statement's inline table (FROM VALUES …
// AS t(c1, c2, …)) has a column named col whose first row is a year-month
// interval literal.
func (r *rewriter) ymInlineColumn(col string) bool {
	v := -1
	for k := range r.sig {
		if r.sigTok(k).isKeyword("VALUES") {
			v = k
			break
		}
	}
	if v < 0 {
		return false
	}
	// The first row: (e1, e2, …) or a single value.
	var elems [][2]int
	if r.sigTok(v + 1).isPunct('(') {
		closing := r.matchClose(v + 1)
		if closing < 0 {
			return false
		}
		start := v + 2
		for _, c := range append(r.topCommas(v+1, closing), closing) {
			elems = append(elems, [2]int{start, c})
			start = c + 1
		}
	} else {
		e := v + 1
		for e < len(r.sig) && !r.sigTok(e).isPunct(',') && !r.sigTok(e).isKeyword("AS") {
			e++
		}
		elems = [][2]int{{v + 1, e}}
	}
	// The column names: the first AS alias ( … ) after the rows.
	for k := v + 1; k+2 < len(r.sig); k++ {
		if !r.sigTok(k).isKeyword("AS") || !r.sigTok(k+1).isIdent() || !r.sigTok(k+2).isPunct('(') {
			continue
		}
		i := 0
		for j := k + 3; j < len(r.sig) && !r.sigTok(j).isPunct(')'); j++ {
			if r.sigTok(j).isPunct(',') {
				i++
				continue
			}
			if strings.EqualFold(r.sigTok(j).value(), col) {
				if i >= len(elems) {
					return false
				}
				e, ok := r.ymLiteralEnd(elems[i][0], elems[i][1])
				return ok && e == elems[i][1]
			}
		}
		return false
	}
	return false
}
