package plan

// Deref returns e with a pointer to an expression kind (*Call, *Agg …)
// replaced by the value it points to, so a type switch over the value kinds
// covers expressions given either way. Other expressions are returned as
// they are.
func Deref(e Expr) Expr {
	switch p := e.(type) {
	case *ColumnRef:
		return *p
	case *Literal:
		return *p
	case *Call:
		return *p
	case *Cast:
		return *p
	case *Case:
		return *p
	case *Agg:
		return *p
	case *Window:
		return *p
	}
	return e
}

// Children returns the direct sub-expressions of e, in order. For a
// [Window] they are the aggregate's input (not the [Agg] itself), the rank
// arguments, the partition keys and the order keys.
func Children(e Expr) []Expr {
	switch x := Deref(e).(type) {
	case Call:
		return x.Args
	case Cast:
		return []Expr{x.Input}
	case Case:
		return caseChildren(x)
	case Agg:
		return aggChildren(x)
	case Window:
		return windowChildren(x)
	}
	return nil
}

func caseChildren(c Case) []Expr {
	out := make([]Expr, 0, 2*len(c.Whens)+1)
	for _, wt := range c.Whens {
		out = append(out, wt.When, wt.Then)
	}
	if c.Else != nil {
		out = append(out, c.Else)
	}
	return out
}

func aggChildren(a Agg) []Expr {
	if a.Input == nil {
		return nil
	}
	return []Expr{a.Input}
}

func windowChildren(w Window) []Expr {
	var out []Expr
	if w.Agg != nil && w.Agg.Input != nil {
		out = append(out, w.Agg.Input)
	}
	out = append(out, w.Args...)
	out = append(out, w.PartitionBy...)
	for _, k := range w.OrderBy {
		out = append(out, k.Expr)
	}
	return out
}

// WalkExpr calls fn for e and its sub-expressions, parents first; when fn
// returns false the children of that expression are skipped.
func WalkExpr(e Expr, fn func(Expr) bool) {
	if e == nil || !fn(e) {
		return
	}
	for _, c := range Children(e) {
		WalkExpr(c, fn)
	}
}

// ContainsAgg reports whether e has an [Agg] outside any [Window].
func ContainsAgg(e Expr) bool {
	found := false
	WalkExpr(e, func(x Expr) bool {
		switch x.(type) {
		case Agg, *Agg:
			found = true
		case Window, *Window:
			return false
		}
		return !found
	})
	return found
}

// ContainsWindow reports whether e has a [Window].
func ContainsWindow(e Expr) bool {
	found := false
	WalkExpr(e, func(x Expr) bool {
		switch x.(type) {
		case Window, *Window:
			found = true
		}
		return !found
	})
	return found
}

// NodeExprs returns the expressions a node evaluates (not those of its
// inputs): projection expressions, the filter predicate, sort keys,
// aggregate keys and aggregates. Pivot's aggregate is returned as an [Agg]
// over its value column.
func NodeExprs(n Node) []Expr {
	switch x := n.(type) {
	case *Project:
		return namedExprs(x.Exprs)
	case *Filter:
		return []Expr{x.Pred}
	case *Sort:
		out := make([]Expr, len(x.Keys))
		for i, k := range x.Keys {
			out[i] = k.Expr
		}
		return out
	case *Aggregate:
		return append(namedExprs(x.Keys), namedExprs(x.Aggs)...)
	case *Pivot:
		return []Expr{Agg{Fn: x.Agg, Input: ColumnRef{Name: x.ValueCol}}}
	}
	return nil
}

func namedExprs(ns []NamedExpr) []Expr {
	out := make([]Expr, len(ns))
	for i, n := range ns {
		out[i] = n.Expr
	}
	return out
}
