package sqlfront

import (
	"fmt"
)

// ignoreNullsFuncs are the window functions whose Databricks form takes the
// ignoreNull flag as a second argument or IGNORE NULLS after the
// parentheses; DuckDB wants IGNORE NULLS inside them.
var ignoreNullsFuncs = map[string]bool{"first_value": true, "last_value": true}

// rewriteCalls rewrites the calls of ignoreNullsFuncs and the generators
// (explode and friends); the function catalog's are rewriteCatalogCalls'.
// Qualified names are left alone.
func (r *rewriter) rewriteCalls() error {
	for k := 0; k+1 < len(r.sig); k++ {
		t := r.sigTok(k)
		if t.kind != tokWord || !r.sigTok(k+1).isPunct('(') || r.sigTok(k-1).isPunct('.') {
			continue
		}
		gen, generates := lookupLower(generators, t.text)
		ignoreNulls, _ := lookupLower(ignoreNullsFuncs, t.text)
		if !generates && !ignoreNulls {
			continue
		}
		closing := r.matchClose(k + 1)
		if closing < 0 {
			continue // unbalanced: DuckDB reports it
		}
		var err error
		switch {
		case ignoreNulls:
			err = r.rewriteIgnoreNulls(k, closing)
		case generates:
			err = r.rewriteGenerator(k, closing, gen)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// rewriteIgnoreNulls rewrites first_value/last_value(x, true) and
// first_value/last_value(x) IGNORE NULLS into fn(x IGNORE NULLS); a false
// flag and RESPECT NULLS are dropped, since respecting NULLs is the default.
func (r *rewriter) rewriteIgnoreNulls(k, closing int) error {
	name := r.sigTok(k).text
	commas := r.topCommas(k+1, closing)
	if !r.sigTok(closing+1).isKeyword("OVER") && !r.sigTok(closing+2).isKeyword("NULLS") && len(commas) <= 1 {
		// An aggregate, not a window function: Spark's first/last.
		agg := "first"
		if r.sigTok(k).isKeyword("LAST_VALUE") {
			agg = "last"
		}
		if len(commas) == 1 {
			agg = "sl_" + agg
		}
		r.out[r.si(k)] = agg
		return nil
	}
	ignore := false
	switch len(commas) {
	case 0:
	case 1:
		flag := r.sigTok(commas[0] + 1)
		if commas[0]+2 != closing || (!flag.isKeyword("true") && !flag.isKeyword("false")) {
			return fmt.Errorf("%w: the ignoreNull argument of %s at offset %d must be the literal true or false",
				ErrUnsupported, name, flag.pos)
		}
		ignore = flag.isKeyword("true")
		r.dropRaw(r.si(commas[0]-1)+1, r.si(closing)-1)
	default:
		return fmt.Errorf("%w: %s at offset %d takes at most 2 arguments", ErrUnsupported, name, r.sigTok(k).pos)
	}
	if n := r.sigTok(closing + 2); n.isKeyword("NULLS") {
		switch q := r.sigTok(closing + 1); {
		case q.isKeyword("IGNORE"):
			ignore = true
			r.dropRaw(r.si(closing)+1, r.si(closing+2))
		case q.isKeyword("RESPECT"):
			r.dropRaw(r.si(closing)+1, r.si(closing+2))
		}
	}
	if ignore {
		r.pre[r.si(closing)] += " IGNORE NULLS"
	}
	return nil
}

// dropRaw removes the tokens from index from to index to, both included.
func (r *rewriter) dropRaw(from, to int) {
	for i := from; i <= to; i++ {
		r.dropped[i] = true
	}
}

// matchClose returns the significant index of the bracket closing the one
// at significant index open ('(' or '['), or -1.
func (r *rewriter) matchClose(open int) int { return r.partner(open) }

// matchOpen returns the significant index of the bracket opening the one at
// significant index closing (')' or ']'), or -1.
func (r *rewriter) matchOpen(closing int) int { return r.partner(closing) }

// partner returns the significant index of the bracket matching the one at
// significant index k, or -1 when it has none (or k is no bracket).
// Parentheses and square brackets are matched separately, each ignoring the
// other. The table of partners is built on first use in one pass, so that
// calls nested n deep cost O(n), not O(n²), and costs 4 bytes a token.
func (r *rewriter) partner(k int) int {
	if r.partners == nil {
		r.partners = make([]int32, len(r.sig))
		var parens, brackets []int32
		match := func(stack *[]int32, k int) {
			if n := len(*stack); n > 0 {
				o := (*stack)[n-1]
				*stack = (*stack)[:n-1]
				r.partners[o], r.partners[k] = int32(k), o
			}
		}
		for j := range r.sig {
			r.partners[j] = -1
			if lx := r.toks[r.sig[j]]; lx.kind == tokPunct {
				switch r.src[lx.pos] {
				case '(':
					parens = append(parens, int32(j))
				case '[':
					brackets = append(brackets, int32(j))
				case ')':
					match(&parens, j)
				case ']':
					match(&brackets, j)
				}
			}
		}
	}
	if k < 0 || k >= len(r.partners) {
		return -1
	}
	return int(r.partners[k])
}

// topCommas returns the significant indices of the commas directly inside
// the parentheses at open and closing. Nested brackets are skipped through
// the partner table, so each call looks only at its own top-level tokens
// and calls nested n deep cost O(n) in all, not O(n²).
func (r *rewriter) topCommas(open, closing int) []int {
	var commas []int
	for j := open + 1; j < closing; j++ {
		switch t := r.sigTok(j); {
		case t.isPunct('(') || t.isPunct('['):
			if p := r.partner(j); p > j {
				j = p // past the nested group
			}
		case t.isPunct(','):
			commas = append(commas, j)
		}
	}
	return commas
}
