package plan

import (
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
)

// FillApplies reports whether strategy (and value, for [FillValue]) fits a
// column of type col: a value fits columns of its type, an untyped number
// fits every numeric column it converts to; forward and backward fit every
// column; min and max orderable ones; mean, zero and one numeric ones.
func FillApplies(col arrow.DataType, strategy FillStrategy, value *Literal) bool {
	if col.ID() == arrow.LIST {
		return strategy == FillForward || strategy == FillBackward
	}
	switch strategy {
	case FillValue:
		if value == nil || value.Value == nil {
			return false
		}
		if value.Untyped {
			_, err := retypeLiteral(*value, col)
			return err == nil
		}
		s, ok := Supertype(col, value.Type)
		return ok && arrow.TypeEqual(s, col)
	case FillForward, FillBackward:
		return true
	case FillMin, FillMax:
		return IsOrderable(col)
	case FillMean, FillZero, FillOne:
		return IsNumeric(col)
	}
	return false
}

// NewFillNull replaces NULLs by strategy. With columns empty it fills every
// column the strategy fits (see [FillApplies]) and lists them in Columns;
// a named column it does not fit is an error, and so is a fill that fits no
// column. The stored Value is typed (not untyped); engines cast it to each
// column's type.
func NewFillNull(input Node, strategy FillStrategy, value *Literal, columns []string) (*FillNull, error) {
	if err := checkInput(input, "fill_null"); err != nil {
		return nil, err
	}
	in := input.Schema()
	if err := requireColumns(in, columns); err != nil {
		return nil, err
	}
	switch strategy {
	case FillValue:
		if value == nil || value.Value == nil {
			return nil, invalidf("fill_null: strategy value needs a non-NULL value")
		}
		if _, err := literal(*value); err != nil {
			return nil, err
		}
	case FillForward, FillBackward, FillMin, FillMax, FillMean, FillZero, FillOne:
		value = nil
	default:
		return nil, invalidf("fill_null: unknown strategy %q", strategy)
	}
	var fill []string
	if len(columns) > 0 {
		for _, c := range columns {
			f := field(in, c)
			if !FillApplies(f.Type, strategy, value) {
				what := string(strategy)
				if value != nil {
					what = "value " + LiteralString(*value)
				}
				return nil, typeErrorf("fill_null: %s does not fit %s %q", what, TypeName(f.Type), c)
			}
			fill = append(fill, c)
		}
	} else {
		for _, f := range in.Fields() {
			if FillApplies(f.Type, strategy, value) {
				fill = append(fill, f.Name)
			}
		}
		if len(fill) == 0 {
			return nil, typeErrorf("fill_null: %s fits no column of [%s]", strategy, SchemaString(in))
		}
	}
	out := &FillNull{Input: input, Columns: fill, Strategy: strategy, Out: in}
	if value != nil {
		v := *value
		v.Untyped = false
		out.Value = &v
	}
	return out, nil
}

// NewJoin joins left and right (see [Join] for the output columns).
// Key lists must have equal lengths, name existing columns and pair
// comparable types; a cross join takes no keys. suffix "" means "_right".
func NewJoin(left, right Node, kind JoinKind, leftOn, rightOn []string, suffix string, nullsEqual bool) (*Join, error) {
	if left == nil || right == nil {
		return nil, invalidf("join needs two inputs")
	}
	switch kind {
	case JoinInner, JoinLeft, JoinRight, JoinFull, JoinSemi, JoinAnti:
		if len(leftOn) == 0 || len(leftOn) != len(rightOn) {
			return nil, invalidf("%s join needs as many left keys as right keys (at least one), got %v and %v", kind, leftOn, rightOn)
		}
	case JoinCross:
		if len(leftOn) > 0 || len(rightOn) > 0 {
			return nil, invalidf("cross join takes no keys")
		}
	default:
		return nil, invalidf("unknown join kind %q", kind)
	}
	if suffix == "" {
		suffix = "_right"
	}
	ls, rs := left.Schema(), right.Schema()
	if err := requireColumns(ls, leftOn); err != nil {
		return nil, fmt.Errorf("%w (left side of the join)", err)
	}
	if err := requireColumns(rs, rightOn); err != nil {
		return nil, fmt.Errorf("%w (right side of the join)", err)
	}
	keyType := map[string]arrow.Field{} // left key name -> coalesced field
	rightKey := map[string]bool{}
	for i := range leftOn {
		lf, rf := field(ls, leftOn[i]), field(rs, rightOn[i])
		t, ok := Supertype(lf.Type, rf.Type)
		if !ok || t.ID() == arrow.LIST {
			return nil, typeErrorf("join: cannot compare %s %q with %s %q", TypeName(lf.Type), lf.Name, TypeName(rf.Type), rf.Name)
		}
		null := lf.Nullable || rf.Nullable
		if kind == JoinRight {
			null = rf.Nullable
		}
		keyType[leftOn[i]] = arrow.Field{Name: lf.Name, Type: t, Nullable: null}
		rightKey[rightOn[i]] = true
	}
	j := &Join{Left: left, Right: right, Kind: kind, LeftOn: append([]string(nil), leftOn...),
		RightOn: append([]string(nil), rightOn...), Suffix: suffix, NullsEqual: nullsEqual}
	if kind == JoinSemi || kind == JoinAnti {
		j.Out = ls
		return j, nil
	}
	var fields []arrow.Field
	names := map[string]bool{}
	for _, f := range ls.Fields() {
		if kf, isKey := keyType[f.Name]; isKey && (kind == JoinRight || kind == JoinFull) {
			f = kf
		} else if kind == JoinRight || kind == JoinFull {
			f.Nullable = true
		}
		fields = append(fields, f)
		names[f.Name] = true
	}
	for _, f := range rs.Fields() {
		if rightKey[f.Name] && kind != JoinCross {
			continue
		}
		if names[f.Name] {
			f.Name += suffix
			if names[f.Name] {
				return nil, invalidf("join: column %q exists on both sides even with suffix %q", f.Name, suffix)
			}
		}
		if kind == JoinLeft || kind == JoinFull {
			f.Nullable = true
		}
		fields = append(fields, f)
		names[f.Name] = true
	}
	j.Out = arrow.NewSchema(fields, nil)
	return j, nil
}

// NewAggregate groups by keys (row expressions) and computes aggs; every
// agg expression must contain an aggregate, and columns may appear only
// inside aggregates. Output: the keys, then the aggregates.
func NewAggregate(input Node, keys, aggs []NamedExpr) (*Aggregate, error) {
	if err := checkInput(input, "group_by"); err != nil {
		return nil, err
	}
	if len(keys) == 0 && len(aggs) == 0 {
		return nil, invalidf("group_by without keys or aggregates")
	}
	in := input.Schema()
	a := &Aggregate{Input: input}
	var fields []arrow.Field
	seen := map[string]bool{}
	add := func(ne NamedExpr, isKey bool) error {
		if ne.Name == "" {
			return invalidf("group_by: %s has no name", ExprString(ne.Expr))
		}
		if err := checkName("group_by", ne.Name); err != nil {
			return err
		}
		if seen[ne.Name] {
			return invalidf("group_by: duplicate output column %q", ne.Name)
		}
		seen[ne.Name] = true
		e, t, null, err := ResolveExpr(ne.Expr, in)
		if err != nil {
			return err
		}
		if isNullType(t) {
			return typeErrorf("group_by: column %q is an untyped NULL", ne.Name)
		}
		if ContainsWindow(e) {
			return invalidf("group_by: window %s not allowed", ExprString(e))
		}
		if isKey {
			if ContainsAgg(e) {
				return invalidf("group_by: key %q is an aggregate (%s)", ne.Name, ExprString(e))
			}
			a.Keys = append(a.Keys, NamedExpr{Name: ne.Name, Expr: e})
		} else {
			if !ContainsAgg(e) {
				return invalidf("group_by: %q (%s) has no aggregate", ne.Name, ExprString(e))
			}
			if c := bareColumn(e); c != "" {
				return invalidf("group_by: column %q is used outside an aggregate in %q (%s)", c, ne.Name, ExprString(e))
			}
			a.Aggs = append(a.Aggs, NamedExpr{Name: ne.Name, Expr: e})
		}
		fields = append(fields, arrow.Field{Name: ne.Name, Type: t, Nullable: null})
		return nil
	}
	for _, k := range keys {
		if err := add(k, true); err != nil {
			return nil, err
		}
	}
	for _, g := range aggs {
		if err := add(g, false); err != nil {
			return nil, err
		}
	}
	a.Out = arrow.NewSchema(fields, nil)
	return a, nil
}

// bareColumn returns the first column referenced outside an aggregate.
func bareColumn(e Expr) string {
	name := ""
	WalkExpr(e, func(x Expr) bool {
		switch c := x.(type) {
		case Agg:
			return false
		case ColumnRef:
			if name == "" {
				name = c.Name
			}
		}
		return name == ""
	})
	return name
}
