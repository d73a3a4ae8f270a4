package sqlgen

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/sealane/sealane/frames/plan"
)

func isColumnRef(e plan.Expr) bool {
	switch e.(type) {
	case plan.ColumnRef, *plan.ColumnRef:
		return true
	}
	return false
}

// namedExprs renders exprs as `expr AS name`, casting computed ones to the
// type of out's field at the same position (offset by first).
func (c *compiler) namedExprs(w *exprWriter, exprs []plan.NamedExpr, out *arrow.Schema, first int) ([]string, error) {
	sel := make([]string, len(exprs))
	for i, ne := range exprs {
		s, err := w.expr(ne.Expr)
		if err != nil {
			return nil, err
		}
		if !isColumnRef(ne.Expr) && first+i < out.NumFields() {
			if s, err = c.castTo(s, out.Field(first+i).Type); err != nil {
				return nil, err
			}
		}
		sel[i] = s + " AS " + c.q(ne.Name)
	}
	return sel, nil
}

func (c *compiler) project(p *plan.Project) (rel, error) {
	in, err := c.node(p.Input)
	if err != nil {
		return rel{}, err
	}
	win := false
	for _, ne := range p.Exprs {
		if plan.ContainsWindow(ne.Expr) {
			win = true
		}
	}
	if win {
		in = c.withKey(in)
	}
	sel, err := c.namedExprs(c.writer(in), p.Exprs, p.Out, 0)
	if err != nil {
		return rel{}, err
	}
	if in.key {
		sel = append(sel, c.q(rowKey))
	}
	// Window operators do not keep DuckDB's row order.
	return c.add("SELECT "+strings.Join(sel, ", ")+" FROM "+c.from(in), p.Out, in.key, in.natural && !win), nil
}

func (c *compiler) filter(f *plan.Filter) (rel, error) {
	in, err := c.node(f.Input)
	if err != nil {
		return rel{}, err
	}
	pred, err := c.writer(in).expr(f.Pred)
	if err != nil {
		return rel{}, err
	}
	return c.add("SELECT "+c.colList(in)+" FROM "+c.from(in)+" WHERE "+pred, in.schema, in.key, in.natural), nil
}

func (c *compiler) sort(s *plan.Sort) (rel, error) {
	in, err := c.node(s.Input)
	if err != nil {
		return rel{}, err
	}
	if s.Stable || !c.d.natural {
		in = c.withKey(in)
	}
	keys, err := c.writer(in).orderBy(s.Keys)
	if err != nil {
		return rel{}, err
	}
	if in.key {
		keys = append(keys, c.q(rowKey)+" ASC")
	}
	if c.d.natural {
		// DuckDB keeps the order of an ORDER BY through later operators.
		body := "SELECT " + strings.Join(c.cols(in, false), ", ") + " FROM " + c.from(in) + " ORDER BY " + strings.Join(keys, ", ")
		return c.add(body, in.schema, false, true), nil
	}
	body := "SELECT " + strings.Join(c.cols(in, false), ", ") + ", row_number() OVER (ORDER BY " + strings.Join(keys, ", ") + ") AS " + c.q(rowKey) + " FROM " + c.from(in)
	return c.add(body, in.schema, true, false), nil
}

// subsetCols quotes the named columns, or all of r's when names is empty.
func (c *compiler) subsetCols(r rel, names []string) []string {
	if len(names) == 0 {
		return c.cols(r, false)
	}
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = c.q(n)
	}
	return out
}

func (c *compiler) distinct(d *plan.Distinct) (rel, error) {
	in, err := c.node(d.Input)
	if err != nil {
		return rel{}, err
	}
	if (d.Keep == plan.KeepAny || d.Keep == "") && len(d.Subset) == 0 {
		// SQL DISTINCT treats NULLs as equal.
		body := "SELECT DISTINCT " + strings.Join(c.cols(in, false), ", ") + " FROM " + c.from(in)
		return c.add(body, in.schema, false, false), nil
	}
	in = c.withKey(in)
	part := "PARTITION BY " + strings.Join(c.subsetCols(in, d.Subset), ", ")
	var qualify string
	switch d.Keep {
	case plan.KeepAny, plan.KeepFirst, "":
		qualify = "row_number() OVER (" + part + " ORDER BY " + c.q(rowKey) + " ASC) = 1"
	case plan.KeepLast:
		qualify = "row_number() OVER (" + part + " ORDER BY " + c.q(rowKey) + " DESC) = 1"
	case plan.KeepNone:
		qualify = "count(*) OVER (" + part + ") = 1"
	default:
		return rel{}, fmt.Errorf("frames/sqlgen: distinct: unknown keep %q", d.Keep)
	}
	return c.add(c.qualify(in, qualify), in.schema, true, false), nil
}

func (c *compiler) slice(s *plan.Slice) (rel, error) {
	in, err := c.node(s.Input)
	if err != nil {
		return rel{}, err
	}
	off := strconv.FormatInt(s.Offset, 10)
	if c.d.natural {
		src := c.from(in)
		body := "SELECT " + c.colList(in) + " FROM " + src
		natural := in.natural
		if in.key && !in.natural {
			body += " ORDER BY " + c.q(rowKey)
			natural = true
		}
		if s.Length >= 0 {
			body += " LIMIT " + strconv.FormatInt(s.Length, 10)
		}
		switch {
		case s.Offset > 0:
			body += " OFFSET " + off
		case s.Offset < 0:
			body += " OFFSET greatest((SELECT count(*) FROM " + c.from(in) + ") - " + strconv.FormatInt(-s.Offset, 10) + ", 0)"
		}
		return c.add(body, in.schema, in.key, natural), nil
	}
	in = c.withKey(in)
	inner := "SELECT " + c.colList(in) + ", row_number() OVER (ORDER BY " + c.q(rowKey) + ") AS __sl_pos"
	lower := off
	if s.Offset < 0 {
		inner += ", count(*) OVER () AS __sl_cnt"
		lower = c.d.greatest("__sl_cnt - "+strconv.FormatInt(-s.Offset, 10), "0")
	}
	inner += " FROM " + c.from(in)
	cond := "__sl_pos > " + lower
	if s.Length >= 0 {
		cond += " AND __sl_pos <= " + lower + " + " + strconv.FormatInt(s.Length, 10)
	}
	body := "SELECT " + c.colList(in) + " FROM (" + inner + ") AS __sl_s WHERE " + cond
	return c.add(body, in.schema, true, false), nil
}

func (c *compiler) dropNulls(d *plan.DropNulls) (rel, error) {
	in, err := c.node(d.Input)
	if err != nil {
		return rel{}, err
	}
	conds := c.subsetCols(in, d.Subset)
	for i := range conds {
		conds[i] += " IS NOT NULL"
	}
	body := "SELECT " + c.colList(in) + " FROM " + c.from(in)
	if len(conds) > 0 {
		body += " WHERE " + strings.Join(conds, " AND ")
	}
	return c.add(body, in.schema, in.key, in.natural), nil
}

func (c *compiler) fillNull(f *plan.FillNull) (rel, error) {
	in, err := c.node(f.Input)
	if err != nil {
		return rel{}, err
	}
	targets := map[string]bool{}
	for _, n := range f.Columns {
		targets[n] = true
	}
	if len(f.Columns) == 0 {
		for _, fl := range in.schema.Fields() {
			if f.Strategy != plan.FillValue || f.Value == nil || arrow.TypeEqual(fl.Type, f.Value.Type) {
				targets[fl.Name] = true
			}
		}
	}
	win := f.Strategy == plan.FillForward || f.Strategy == plan.FillBackward ||
		(!c.d.natural && (f.Strategy == plan.FillMin || f.Strategy == plan.FillMax || f.Strategy == plan.FillMean))
	if f.Strategy == plan.FillForward || f.Strategy == plan.FillBackward {
		in = c.withKey(in)
	}
	src := c.from(in)
	if c.correlatedFill(f) {
		src += " AS " + c.q(fillAlias)
	}
	sel := make([]string, 0, in.schema.NumFields()+1)
	for i, fl := range in.schema.Fields() {
		col := c.q(fl.Name)
		outType := fl.Type
		if f.Out != nil && i < f.Out.NumFields() {
			outType = f.Out.Field(i).Type
		}
		if !targets[fl.Name] {
			sel = append(sel, col)
			continue
		}
		fill, err := c.fillExpr(f, col, fl.Type, in)
		if err != nil {
			return rel{}, err
		}
		s, err := c.castTo("coalesce("+col+", "+fill+")", outType)
		if err != nil {
			return rel{}, err
		}
		sel = append(sel, s+" AS "+col)
	}
	if in.key {
		sel = append(sel, c.q(rowKey))
	}
	out := f.Out
	if out == nil {
		out = in.schema
	}
	return c.add("SELECT "+strings.Join(sel, ", ")+" FROM "+src, out, in.key, in.natural && !win), nil
}

// fillExpr is the value that replaces NULLs of col.
func (c *compiler) fillExpr(f *plan.FillNull, col string, t arrow.DataType, in rel) (string, error) {
	key := c.q(rowKey)
	switch f.Strategy {
	case plan.FillValue:
		if f.Value == nil {
			return "", fmt.Errorf("frames/sqlgen: fill_null: strategy value without a value")
		}
		lit, err := c.d.Literal(f.Value.Value, f.Value.Type)
		if err != nil {
			return "", err
		}
		return c.castTo(lit, t)
	case plan.FillZero:
		return c.castTo("0", t)
	case plan.FillOne:
		return c.castTo("1", t)
	case plan.FillForward, plan.FillBackward:
		if c.correlatedFill(f) {
			return c.correlatedFillExpr(f, col, in), nil
		}
	}
	switch f.Strategy {
	case plan.FillForward:
		if c.d.natural {
			return "last_value(" + col + " IGNORE NULLS) OVER (ORDER BY " + key + frameRunning + ")", nil
		}
		return "last_value(" + col + ", true) OVER (ORDER BY " + key + frameRunning + ")", nil
	case plan.FillBackward:
		frame := " ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING"
		if c.d.natural {
			return "first_value(" + col + " IGNORE NULLS) OVER (ORDER BY " + key + frame + ")", nil
		}
		return "first_value(" + col + ", true) OVER (ORDER BY " + key + frame + ")", nil
	case plan.FillMin, plan.FillMax, plan.FillMean:
		fn := map[plan.FillStrategy]string{plan.FillMin: "min", plan.FillMax: "max", plan.FillMean: "avg"}[f.Strategy]
		if c.d.natural {
			// A scalar subquery keeps DuckDB's row order (a window would not).
			return "(SELECT " + fn + "(" + col + ") FROM " + c.from(in) + ")", nil
		}
		return fn + "(" + col + ") OVER ()", nil
	}
	return "", fmt.Errorf("frames/sqlgen: fill_null: unknown strategy %q", f.Strategy)
}

// fillAlias names the outer relation of correlated fill subqueries.
const fillAlias = "__sl_f"

// correlatedFill reports whether forward/backward fills are written as
// correlated subqueries (dialects without IGNORE NULLS in windows).
func (c *compiler) correlatedFill(f *plan.FillNull) bool {
	return (c.d.kind == kindPostgres || c.d.kind == kindSQLite) &&
		(f.Strategy == plan.FillForward || f.Strategy == plan.FillBackward)
}

// correlatedFillExpr is the nearest non-NULL value of col before (forward)
// or after (backward) the current row, by row key.
func (c *compiler) correlatedFillExpr(f *plan.FillNull, col string, in rel) string {
	key := c.q(rowKey)
	outer := c.q(fillAlias) + "." + key
	cmp, dir := " <= ", " DESC"
	if f.Strategy == plan.FillBackward {
		cmp, dir = " >= ", " ASC"
	}
	inner := c.q("__sl_fi")
	return "(SELECT " + inner + "." + col + " FROM " + c.from(in) + " AS " + inner +
		" WHERE " + inner + "." + key + cmp + outer + " AND " + inner + "." + col + " IS NOT NULL ORDER BY " +
		inner + "." + key + dir + " LIMIT 1)"
}

// qualify keeps the rows of in (with its row key) for which cond, a window
// condition, holds: QUALIFY where the dialect has it, a subquery otherwise.
func (c *compiler) qualify(in rel, cond string) string {
	if c.d.kind == kindDuckDB || c.d.kind == kindDatabricks {
		return "SELECT " + c.colList(in) + " FROM " + c.from(in) + " QUALIFY " + cond
	}
	return "SELECT " + c.colList(in) + " FROM (SELECT " + c.colList(in) + ", " + cond + " AS __sl_q FROM " +
		c.from(in) + ") AS __sl_qs WHERE __sl_q"
}
