package sqlgen

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/sealane/sealane/frames/engine"
	"github.com/sealane/sealane/frames/plan"
)

const (
	leftAlias  = "__sl_l"
	rightAlias = "__sl_r"
)

func (c *compiler) join(j *plan.Join) (rel, error) {
	l, err := c.node(j.Left)
	if err != nil {
		return rel{}, err
	}
	r, err := c.node(j.Right)
	if err != nil {
		return rel{}, err
	}
	if len(j.LeftOn) != len(j.RightOn) {
		return rel{}, fmt.Errorf("frames/sqlgen: join: %d left keys, %d right keys", len(j.LeftOn), len(j.RightOn))
	}
	la, ra := c.q(leftAlias), c.q(rightAlias)
	conds := make([]string, len(j.LeftOn))
	for i := range j.LeftOn {
		lk, rk := la+"."+c.q(j.LeftOn[i]), ra+"."+c.q(j.RightOn[i])
		if j.NullsEqual {
			conds[i] = c.d.nullSafeEq(lk, rk)
		} else {
			conds[i] = lk + " = " + rk
		}
	}
	on := strings.Join(conds, " AND ")
	if on == "" {
		on = "TRUE"
	}
	if j.Kind == plan.JoinSemi || j.Kind == plan.JoinAnti {
		// Keep the left rows in their order.
		l = c.withKey(l)
		sel := make([]string, 0, l.schema.NumFields()+1)
		for _, col := range c.cols(l, true) {
			sel = append(sel, la+"."+col)
		}
		not := ""
		if j.Kind == plan.JoinAnti {
			not = "NOT "
		}
		body := "SELECT " + strings.Join(sel, ", ") + " FROM " + c.from(l) + " AS " + la +
			" WHERE " + not + "EXISTS (SELECT 1 FROM " + c.from(r) + " AS " + ra + " WHERE " + on + ")"
		return c.add(body, l.schema, true, false), nil
	}
	out := j.Out
	rightKeys := map[string]bool{}
	if j.Kind != plan.JoinCross {
		for _, k := range j.RightOn {
			rightKeys[k] = true
		}
	}
	leftKeyPos := map[string]int{}
	for i, k := range j.LeftOn {
		leftKeyPos[k] = i
	}
	coalesceKeys := j.Kind == plan.JoinRight || j.Kind == plan.JoinFull
	var sel []string
	for _, f := range l.schema.Fields() {
		s := la + "." + c.q(f.Name)
		if i, ok := leftKeyPos[f.Name]; ok && coalesceKeys {
			s = "coalesce(" + s + ", " + ra + "." + c.q(j.RightOn[i]) + ")"
		}
		sel = append(sel, s)
	}
	for _, f := range r.schema.Fields() {
		if !rightKeys[f.Name] {
			sel = append(sel, ra+"."+c.q(f.Name))
		}
	}
	if out == nil || out.NumFields() != len(sel) {
		return rel{}, fmt.Errorf("frames/sqlgen: join: output schema does not match the %d joined columns", len(sel))
	}
	for i, f := range out.Fields() {
		sel[i] += " AS " + c.q(f.Name)
	}
	kind := map[plan.JoinKind]string{
		plan.JoinInner: "INNER JOIN", plan.JoinLeft: "LEFT JOIN", plan.JoinRight: "RIGHT JOIN",
		plan.JoinFull: "FULL OUTER JOIN", plan.JoinCross: "CROSS JOIN",
	}[j.Kind]
	if kind == "" {
		return rel{}, fmt.Errorf("frames/sqlgen: join: unknown kind %q", j.Kind)
	}
	if j.Kind == plan.JoinFull && j.NullsEqual && c.d.kind == kindPostgres {
		// PostgreSQL runs FULL JOIN only on hash- or merge-joinable
		// conditions, which IS NOT DISTINCT FROM is not: the left join,
		// then the right rows that match nothing (the inner la shadows
		// the outer one).
		sl := strings.Join(sel, ", ")
		body := "SELECT " + sl + " FROM " + c.from(l) + " AS " + la + " LEFT JOIN " + c.from(r) + " AS " + ra + " ON " + on +
			" UNION ALL SELECT " + sl + " FROM " + c.from(r) + " AS " + ra + " LEFT JOIN " + c.from(l) + " AS " + la +
			" ON FALSE WHERE NOT EXISTS (SELECT 1 FROM " + c.from(l) + " AS " + la + " WHERE " + on + ")"
		return c.add(body, out, false, false), nil
	}
	body := "SELECT " + strings.Join(sel, ", ") + " FROM " + c.from(l) + " AS " + la + " " + kind + " " + c.from(r) + " AS " + ra
	if j.Kind != plan.JoinCross {
		body += " ON " + on
	}
	return c.add(body, out, false, false), nil
}

func (c *compiler) aggregate(a *plan.Aggregate) (rel, error) {
	in, err := c.node(a.Input)
	if err != nil {
		return rel{}, err
	}
	for _, ne := range a.Aggs {
		if needsKey(ne.Expr) {
			in = c.withKey(in)
		}
	}
	w := c.writer(in)
	keys, err := c.namedExprs(w, a.Keys, a.Out, 0)
	if err != nil {
		return rel{}, err
	}
	aggs, err := c.namedExprs(w, a.Aggs, a.Out, len(a.Keys))
	if err != nil {
		return rel{}, err
	}
	body := "SELECT " + strings.Join(append(keys, aggs...), ", ") + " FROM " + c.from(in)
	if len(a.Keys) > 0 {
		groups := make([]string, len(a.Keys))
		for i, k := range a.Keys {
			if groups[i], err = w.expr(k.Expr); err != nil {
				return rel{}, err
			}
		}
		body += " GROUP BY " + strings.Join(groups, ", ")
	}
	return c.add(body, a.Out, false, false), nil
}

func (c *compiler) pivot(p *plan.Pivot) (rel, error) {
	in, err := c.node(p.Input)
	if err != nil {
		return rel{}, err
	}
	if p.Agg == plan.AggFirst || p.Agg == plan.AggLast {
		in = c.withKey(in)
	}
	w := c.writer(in)
	if p.Out == nil || p.Out.NumFields() != len(p.Index)+len(p.Values) {
		return rel{}, fmt.Errorf("frames/sqlgen: pivot: output schema does not match index and values")
	}
	on := c.q(p.On)
	sel := make([]string, 0, p.Out.NumFields())
	for _, n := range p.Index {
		sel = append(sel, c.q(n))
	}
	var inList []string
	hasNull := false
	for i, v := range p.Values {
		cond := on + " IS NULL"
		if v.Value == nil {
			hasNull = true
		} else {
			lit, err := c.d.Literal(v.Value, v.Type)
			if err != nil {
				return rel{}, err
			}
			cond = on + " = " + lit
			inList = append(inList, lit)
		}
		agg, err := w.aggFilter(plan.Agg{Fn: p.Agg, Input: plan.ColumnRef{Name: p.ValueCol}}, cond)
		if err != nil {
			return rel{}, err
		}
		f := p.Out.Field(len(p.Index) + i)
		s, err := c.castTo(agg, f.Type)
		if err != nil {
			return rel{}, err
		}
		sel = append(sel, s+" AS "+c.q(f.Name))
	}
	var where []string
	if len(inList) > 0 {
		where = append(where, on+" IN ("+strings.Join(inList, ", ")+")")
	}
	if hasNull {
		where = append(where, on+" IS NULL")
	}
	body := "SELECT " + strings.Join(sel, ", ") + " FROM " + c.from(in)
	if len(where) > 0 {
		body += " WHERE " + strings.Join(where, " OR ")
	}
	if len(p.Index) > 0 {
		body += " GROUP BY " + strings.Join(sel[:len(p.Index)], ", ")
	}
	return c.add(body, p.Out, false, false), nil
}

func (c *compiler) melt(m *plan.Melt) (rel, error) {
	in, err := c.node(m.Input)
	if err != nil {
		return rel{}, err
	}
	if m.Out == nil || m.Out.NumFields() != len(m.IDVars)+2 {
		return rel{}, fmt.Errorf("frames/sqlgen: melt: output schema does not match id variables + 2")
	}
	varType := m.Out.Field(len(m.IDVars)).Type
	valType := m.Out.Field(len(m.IDVars) + 1).Type
	if !c.d.natural && in.ordered() {
		in = c.withKey(in)
	} else {
		in = c.toNatural(in)
	}
	parts := make([]string, len(m.ValueVars))
	for i, v := range m.ValueVars {
		sel := make([]string, 0, len(m.IDVars)+4)
		for _, id := range m.IDVars {
			sel = append(sel, c.q(id))
		}
		name, err := c.d.Literal(v, varType)
		if err != nil {
			return rel{}, err
		}
		val, err := c.castTo(c.q(v), valType)
		if err != nil {
			return rel{}, err
		}
		sel = append(sel, name+" AS "+c.q(m.VariableName), val+" AS "+c.q(m.ValueName))
		if in.key && !c.d.natural {
			sel = append(sel, strconv.Itoa(i)+" AS __sl_ci", c.q(rowKey)+" AS __sl_rn0")
		}
		parts[i] = "SELECT " + strings.Join(sel, ", ") + " FROM " + c.from(in)
	}
	body := strings.Join(parts, " UNION ALL ")
	if in.key && !c.d.natural {
		u := c.add(body, m.Out, false, false)
		return c.renumber(u, "__sl_ci, __sl_rn0"), nil
	}
	// DuckDB's UNION ALL yields its inputs' rows in turn and in order.
	return c.add(body, m.Out, false, in.natural), nil
}

// renumber gives u (whose rows carry the named order columns) a row key
// numbering its rows by them.
func (c *compiler) renumber(u rel, orderCols string) rel {
	body := "SELECT " + strings.Join(c.cols(u, false), ", ") + ", row_number() OVER (ORDER BY " + orderCols + ") AS " + c.q(rowKey) + " FROM " + c.from(u)
	return c.add(body, u.schema, true, false)
}

func (c *compiler) explode(e *plan.Explode) (rel, error) {
	in, err := c.node(e.Input)
	if err != nil {
		return rel{}, err
	}
	idx := in.schema.FieldIndices(e.Column)
	if len(idx) != 1 || e.Out == nil || e.Out.NumFields() != in.schema.NumFields() {
		return rel{}, fmt.Errorf("frames/sqlgen: explode: bad column %q", e.Column)
	}
	elemType := e.Out.Field(idx[0]).Type
	elem, err := c.d.TypeName(elemType)
	if err != nil {
		return rel{}, err
	}
	col := c.q(e.Column)
	if c.d.natural {
		in = c.toNatural(in)
		sel := c.cols(in, false)
		// Empty and NULL lists give one NULL element.
		sel[idx[0]] = "unnest(CASE WHEN " + col + " IS NULL OR len(" + col + ") = 0 THEN [CAST(NULL AS " + elem + ")] ELSE " + col + " END) AS " + col
		body := "SELECT " + strings.Join(sel, ", ") + " FROM " + c.from(in)
		// Exploded rows share their row's key, so the key is dropped; UNNEST
		// keeps DuckDB's row order.
		return c.add(body, e.Out, false, in.natural), nil
	}
	ordered := in.ordered()
	if ordered {
		in = c.withKey(in)
	}
	others := make([]string, 0, in.schema.NumFields())
	for i, f := range in.schema.Fields() {
		if i != idx[0] {
			others = append(others, c.q(f.Name))
		}
	}
	if in.key {
		others = append(others, c.q(rowKey))
	}
	var innerSQL string
	switch c.d.kind {
	case kindPostgres:
		// Empty and NULL lists give one NULL element.
		qual := make([]string, len(others))
		for i, o := range others {
			qual[i] = c.q("__sl_x") + "." + o
		}
		innerSQL = "SELECT " + strings.Join(qual, ", ") + ", __sl_u.__sl_pos, __sl_u.__sl_e AS " + col +
			" FROM " + c.from(in) + " AS " + c.q("__sl_x") + " CROSS JOIN LATERAL unnest(CASE WHEN " + c.q("__sl_x") + "." + col +
			" IS NULL OR cardinality(" + c.q("__sl_x") + "." + col + ") = 0 THEN ARRAY[CAST(NULL AS " + elem + ")] ELSE " +
			c.q("__sl_x") + "." + col + " END) WITH ORDINALITY AS __sl_u(__sl_e, __sl_pos)"
	case kindDatabricks:
		innerSQL = "SELECT " + strings.Join(others, ", ") + ", posexplode_outer(" + col + ") AS (__sl_pos, " + col + ") FROM " + c.from(in)
	default:
		return rel{}, engine.Unsupported(c.d.name, "op explode", "the dialect has no list type")
	}
	inner := c.add(innerSQL, e.Out, false, false)
	if !ordered {
		return inner, nil
	}
	return c.renumber(inner, c.q(rowKey)+", __sl_pos"), nil
}

func (c *compiler) concatVertical(items []plan.Node, out *arrow.Schema) (rel, error) {
	rels := make([]rel, len(items))
	ordered := true
	for i, it := range items {
		r, err := c.node(it)
		if err != nil {
			return rel{}, err
		}
		if r.schema.NumFields() != out.NumFields() {
			return rel{}, fmt.Errorf("frames/sqlgen: concat: input %d has %d columns, want %d", i, r.schema.NumFields(), out.NumFields())
		}
		rels[i] = r
		ordered = ordered && r.ordered()
	}
	keyed := ordered && !c.d.natural
	parts := make([]string, len(rels))
	for i, r := range rels {
		if keyed {
			r = c.withKey(r)
		} else {
			r = c.toNatural(r)
		}
		sel := make([]string, out.NumFields())
		for j, f := range out.Fields() {
			s, err := c.castTo(c.q(r.schema.Field(j).Name), f.Type)
			if err != nil {
				return rel{}, err
			}
			sel[j] = s + " AS " + c.q(f.Name)
		}
		if keyed {
			sel = append(sel, strconv.Itoa(i)+" AS __sl_ci", c.q(rowKey)+" AS __sl_rn0")
		}
		parts[i] = "SELECT " + strings.Join(sel, ", ") + " FROM " + c.from(r)
	}
	u := c.add(strings.Join(parts, " UNION ALL "), out, false, ordered && c.d.natural)
	if keyed {
		return c.renumber(u, "__sl_ci, __sl_rn0"), nil
	}
	return u, nil
}

func (c *compiler) concatHorizontal(n *plan.Concat) (rel, error) {
	var sel, joins, positions []string
	for i, it := range n.Items {
		r, err := c.node(it)
		if err != nil {
			return rel{}, err
		}
		order := ""
		if r.key && !r.natural {
			order = "ORDER BY " + c.q(rowKey)
		} else if !c.d.natural {
			r = c.withKey(r)
			order = "ORDER BY " + c.q(rowKey)
		}
		numbered := c.add("SELECT "+strings.Join(c.cols(r, false), ", ")+", row_number() OVER ("+order+") AS __sl_pos FROM "+c.from(r), r.schema, false, false)
		alias := c.q("__sl_h" + strconv.Itoa(i))
		for _, col := range c.cols(numbered, false) {
			sel = append(sel, alias+"."+col)
		}
		if i == 0 {
			joins = append(joins, c.from(numbered)+" AS "+alias)
		} else {
			prev := positions[0]
			if len(positions) > 1 {
				prev = "coalesce(" + strings.Join(positions, ", ") + ")"
			}
			joins = append(joins, "FULL OUTER JOIN "+c.from(numbered)+" AS "+alias+" ON "+alias+".__sl_pos = "+prev)
		}
		positions = append(positions, alias+".__sl_pos")
	}
	if n.Out == nil || n.Out.NumFields() != len(sel) {
		return rel{}, fmt.Errorf("frames/sqlgen: concat horizontal: output schema does not match the inputs")
	}
	for i, f := range n.Out.Fields() {
		sel[i] += " AS " + c.q(f.Name)
	}
	pos := positions[0]
	if len(positions) > 1 {
		pos = "coalesce(" + strings.Join(positions, ", ") + ")"
	}
	body := "SELECT " + strings.Join(sel, ", ") + ", " + pos + " AS " + c.q(rowKey) + " FROM " + strings.Join(joins, " ")
	return c.add(body, n.Out, true, false), nil
}

func (c *compiler) setOp(s *plan.SetOp) (rel, error) {
	if s.Kind == plan.SetUnion && s.All {
		return c.concatVertical([]plan.Node{s.Left, s.Right}, s.Schema())
	}
	l, err := c.node(s.Left)
	if err != nil {
		return rel{}, err
	}
	r, err := c.node(s.Right)
	if err != nil {
		return rel{}, err
	}
	op := map[plan.SetOpKind]string{plan.SetUnion: "UNION", plan.SetIntersect: "INTERSECT", plan.SetExcept: "EXCEPT"}[s.Kind]
	if op == "" {
		return rel{}, fmt.Errorf("frames/sqlgen: unknown set operation %q", s.Kind)
	}
	if s.All && c.d.kind == kindSQLite {
		return c.setOpAllNumbered(l, r, op), nil
	}
	if s.All {
		op += " ALL"
	}
	body := "SELECT " + strings.Join(c.cols(l, false), ", ") + " FROM " + c.from(l) + " " + op +
		" SELECT " + strings.Join(c.cols(r, false), ", ") + " FROM " + c.from(r)
	return c.add(body, l.schema, false, false), nil
}

// setOpAllNumbered writes INTERSECT ALL / EXCEPT ALL for dialects that only
// have the distinct forms: each row is numbered among its duplicates, so
// the n-th copy of a row matches the n-th copy on the other side.
func (c *compiler) setOpAllNumbered(l, r rel, op string) rel {
	number := func(x rel) string {
		cols := c.cols(x, false)
		return "SELECT " + strings.Join(cols, ", ") + ", row_number() OVER (PARTITION BY " + strings.Join(cols, ", ") +
			") AS __sl_dup FROM " + c.from(x)
	}
	body := "SELECT " + strings.Join(c.cols(l, false), ", ") + " FROM (" + number(l) + " " + op + " " + number(r) + ") AS __sl_so"
	return c.add(body, l.schema, false, false)
}
