package sqlfront

import (
	"fmt"
	"strings"
)

// generator describes one of Spark's array generators.
type generator struct {
	pos    bool // posexplode: a 0-based INT position column before the element
	outer  bool // _outer: a NULL or empty array gives one row of NULLs
	inline bool // inline: an array of structs, one column per field
}

// generators lists the Spark array generators Translate rewrites.
var generators = map[string]generator{
	"explode":          {},
	"explode_outer":    {outer: true},
	"posexplode":       {pos: true},
	"posexplode_outer": {pos: true, outer: true},
	"inline":           {inline: true},
	"inline_outer":     {inline: true, outer: true},
}

// rewriteGenerator rewrites the generator call whose name is significant
// token k and whose closing parenthesis is significant token closing, in a
// select list, together with its alias, into DuckDB's unnest:
//
//	explode(x) AS c                     unnest(x) AS c
//	explode_outer(x) AS c               unnest(coalesce(nullif(x, []), [NULL])) AS c
//	posexplode_outer(x) AS (p, c)       unnest(coalesce(nullif(list_transform(x,
//	                                      lambda e, i: struct_pack(p := CAST(i - 1 AS INTEGER), c := e)),
//	                                      []), [NULL]), max_depth := 2)
//
// The argument is written once, so parameter markers and volatile functions
// in it behave as on Databricks. Without an alias the columns are named col
// (and pos), as in Spark. Only arrays are supported (a map argument fails in
// DuckDB), and so is only the select-list form: LATERAL VIEW fails with
// ErrUnsupported.
func (r *rewriter) rewriteGenerator(k, closing int, g generator) error {
	name := r.sigTok(k)
	if p := r.sigTok(k - 1); p.isKeyword("VIEW") || (p.isKeyword("OUTER") && r.sigTok(k-2).isKeyword("VIEW")) {
		return fmt.Errorf("%w: LATERAL VIEW %s at offset %d (call the generator in the select list instead)",
			ErrUnsupported, name.text, name.pos)
	}
	// The argument may be named: explode(collection => x), inline(input => x).
	if a, eq, gt := r.sigTok(k+2), r.sigTok(k+3), r.sigTok(k+4); a.kind == tokWord && eq.isPunct('=') &&
		gt.isPunct('>') && gt.pos == eq.pos+1 {
		r.dropRaw(r.si(k+2), r.si(k+4))
		for i := r.si(k+4) + 1; i < len(r.toks) && r.toks[i].kind == tokSpace; i++ {
			r.dropped[i] = true
		}
	}
	if n := len(r.topCommas(k+1, closing)); n != 0 || closing == k+2 {
		return fmt.Errorf("%w: %s at offset %d takes exactly 1 argument", ErrUnsupported, name.text, name.pos)
	}
	names, aliasEnd, err := r.generatorAlias(closing, g)
	if err != nil {
		return err
	}
	nameTok, closeTok := r.si(k), r.si(closing)
	if g.inline {
		// Each struct's fields become columns (col1, col2 … for struct()).
		if r.sigTok(closing + 1).isKeyword("AS") {
			return fmt.Errorf("%w: an alias list after %s at offset %d", ErrUnsupported, name.text, name.pos)
		}
		r.out[nameTok] = "unnest"
		r.pre[closeTok] += ", max_depth := 2"
		if g.outer {
			r.out[nameTok] = "unnest(coalesce(nullif"
			r.pre[closeTok] = ", []), [NULL])" + r.pre[closeTok]
		}
		return nil
	}
	if !g.pos && r.isMapArgument(k+2, closing) {
		// A MAP's entries: columns key and value, as Spark names them.
		if aliasEnd > closing {
			return fmt.Errorf("%w: an alias after %s of a map at offset %d", ErrUnsupported, name.text, name.pos)
		}
		r.out[nameTok] = "unnest(map_entries"
		post := ", max_depth := 2)"
		if g.outer {
			r.out[nameTok] = "unnest(coalesce(nullif(map_entries"
			post = ", []), [NULL])" + post
		}
		r.post[closeTok] += post
		return nil
	}
	if !g.pos {
		r.out[nameTok] = "unnest"
		if g.outer {
			r.out[nameTok] = "unnest(coalesce(nullif"
			r.pre[closeTok] += ", []"
			r.post[closeTok] += ", [NULL]))"
		}
		if names != nil {
			r.post[closeTok] += " AS " + names[0]
		}
		return nil
	}
	r.out[nameTok] = "unnest(list_transform"
	post := ", max_depth := 2)"
	if g.outer {
		r.out[nameTok] = "unnest(coalesce(nullif(list_transform"
		post = ", []), [NULL])" + post
	}
	r.pre[closeTok] += ", lambda __sl_e, __sl_i: struct_pack(" + names[0] + " := CAST(__sl_i - 1 AS INTEGER), " +
		names[1] + " := __sl_e)"
	r.post[closeTok] += post
	if aliasEnd > closing {
		r.dropRaw(closeTok+1, r.si(aliasEnd))
	}
	return nil
}

// generatorAlias reads the alias after a generator call: AS c, AS (c) or,
// for a posexplode, AS (p, c). It returns the column names as DuckDB text
// and the significant index of the alias's last token (closing when there is
// none). Without an alias the names are Spark's defaults, returned only for
// the columns the rewrite must name itself.
func (r *rewriter) generatorAlias(closing int, g generator) ([]string, int, error) {
	want := 1
	if g.pos {
		want = 2
	}
	next := r.sigTok(closing + 1)
	if !next.isKeyword("AS") {
		if next.isIdent() && (next.kind != tokWord || (!next.isKeyword("FROM") && !isKeywordIn(fromClauseEnd, next.text))) {
			return nil, 0, fmt.Errorf("%w: alias without AS after the generator at offset %d", ErrUnsupported, next.pos)
		}
		if g.pos {
			return []string{"pos", "col"}, closing, nil
		}
		return []string{"col"}, closing, nil
	}
	var names []string
	end := closing + 2
	if r.sigTok(end).isPunct('(') {
		end = r.matchClose(end)
		if end < 0 {
			return nil, 0, fmt.Errorf("%w: unclosed alias list at offset %d", ErrSyntax, r.sigTok(closing+2).pos)
		}
		for j := closing + 3; j < end; j += 2 {
			t := r.sigTok(j)
			if !t.isIdent() || (j+1 < end && !r.sigTok(j+1).isPunct(',')) {
				return nil, 0, fmt.Errorf("%w: bad generator alias list at offset %d", ErrUnsupported, t.pos)
			}
			names = append(names, r.outText(r.si(j)))
		}
	} else if t := r.sigTok(end); t.isIdent() {
		names = []string{r.outText(r.si(end))}
	}
	if len(names) != want {
		return nil, 0, fmt.Errorf("%w: the generator at offset %d needs %d alias name(s), got %d",
			ErrUnsupported, r.sigTok(closing+1).pos, want, len(names))
	}
	if !g.pos {
		// The alias stays where it is: AS c, or AS (c) which DuckDB reads
		// as AS c only when unparenthesised.
		if end != closing+2 {
			r.dropRaw(r.si(closing)+1, r.si(end))
			return names, end, nil
		}
		return nil, end, nil
	}
	return names, end, nil
}

// isMapArgument tells whether the generator argument of significant
// tokens [start, end) is a MAP: a map(…) call or a column the catalog
// types MAP (see exprTypeText).
func (r *rewriter) isMapArgument(start, end int) bool {
	if !r.sigTok(start).isKeyword("MAP") && r.opts.Columns == nil {
		return false
	}
	e, _, err := parseItem(r, start, end, nil)
	return err == nil && strings.HasPrefix(strings.ToUpper(r.exprTypeText(e)), "MAP<")
}
