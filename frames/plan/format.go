package plan

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
)

var infix = map[Func]string{
	FnAdd: "+", FnSub: "-", FnMul: "*", FnDiv: "/", FnMod: "%",
	FnEq: "=", FnNe: "!=", FnLt: "<", FnLe: "<=", FnGt: ">", FnGe: ">=", FnEqNullSafe: "<=>",
	FnAnd: "AND", FnOr: "OR",
}

// ExprString renders an expression in a SQL-like notation for Explain and
// error messages, e.g. `(price * 2)`, `lower(name)`, `sum(x)`,
// `rank() OVER (PARTITION BY g ORDER BY x DESC)`.
func ExprString(e Expr) string {
	switch x := Deref(e).(type) {
	case nil:
		return "<nil>"
	case ColumnRef:
		return x.Name
	case Literal:
		return LiteralString(x)
	case Call:
		return callString(x)
	case Cast:
		return castString(x)
	case Case:
		return caseString(x)
	case Agg:
		return aggString(x)
	case Window:
		return windowString(x)
	}
	return fmt.Sprintf("%v", e)
}

// LiteralString renders a literal's value: NULL, true, 42, 1.5, "text",
// x'0a0b', 2024-01-31, 2024-01-31T10:00:00Z, 12.50.
func LiteralString(l Literal) string {
	switch v := l.Value.(type) {
	case nil:
		return "NULL"
	case string:
		return strconv.Quote(v)
	case []byte:
		return fmt.Sprintf("x'%x'", v)
	case arrow.Date32:
		return v.FormattedString()
	case time.Time:
		return v.Format(time.RFC3339Nano)
	case decimal128.Num:
		if d, ok := l.Type.(*arrow.Decimal128Type); ok {
			return v.ToString(d.Scale)
		}
		return v.ToString(0)
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	return fmt.Sprintf("%v", l.Value)
}

func joinExprs(es []Expr) string {
	parts := make([]string, len(es))
	for i, e := range es {
		parts[i] = ExprString(e)
	}
	return strings.Join(parts, ", ")
}

func callString(c Call) string {
	if op, ok := infix[c.Fn]; ok && len(c.Args) >= 2 {
		parts := make([]string, len(c.Args))
		for i, a := range c.Args {
			parts[i] = ExprString(a)
		}
		return "(" + strings.Join(parts, " "+op+" ") + ")"
	}
	switch {
	case c.Fn == FnNeg && len(c.Args) == 1:
		return "-" + ExprString(c.Args[0])
	case c.Fn == FnNot && len(c.Args) == 1:
		return "NOT " + ExprString(c.Args[0])
	case c.Fn == FnIsNull && len(c.Args) == 1:
		return ExprString(c.Args[0]) + " IS NULL"
	case c.Fn == FnIsNotNull && len(c.Args) == 1:
		return ExprString(c.Args[0]) + " IS NOT NULL"
	case c.Fn == FnIn && len(c.Args) >= 1:
		return ExprString(c.Args[0]) + " IN (" + joinExprs(c.Args[1:]) + ")"
	}
	return string(c.Fn) + "(" + joinExprs(c.Args) + ")"
}

func castString(c Cast) string {
	fn := "cast"
	if c.Try {
		fn = "try_cast"
	}
	return fmt.Sprintf("%s(%s AS %s)", fn, ExprString(c.Input), TypeName(c.To))
}

func caseString(c Case) string {
	var b strings.Builder
	b.WriteString("CASE")
	for _, wt := range c.Whens {
		fmt.Fprintf(&b, " WHEN %s THEN %s", ExprString(wt.When), ExprString(wt.Then))
	}
	if c.Else != nil {
		fmt.Fprintf(&b, " ELSE %s", ExprString(c.Else))
	}
	b.WriteString(" END")
	return b.String()
}

func aggString(a Agg) string {
	if a.Input == nil {
		return string(a.Fn) + "(*)"
	}
	d := ""
	if a.Distinct {
		d = "DISTINCT "
	}
	return string(a.Fn) + "(" + d + ExprString(a.Input) + ")"
}

func sortKeyString(k SortKey) string {
	s := ExprString(k.Expr)
	if k.Desc {
		s += " DESC"
	}
	if k.NullsFirst {
		s += " NULLS FIRST"
	} else {
		s += " NULLS LAST"
	}
	return s
}

func windowString(w Window) string {
	var fn string
	if w.Agg != nil {
		fn = aggString(*w.Agg)
	} else {
		fn = string(w.Rank) + "(" + joinExprs(w.Args) + ")"
	}
	var parts []string
	if len(w.PartitionBy) > 0 {
		parts = append(parts, "PARTITION BY "+joinExprs(w.PartitionBy))
	}
	if len(w.OrderBy) > 0 {
		keys := make([]string, len(w.OrderBy))
		for i, k := range w.OrderBy {
			keys[i] = sortKeyString(k)
		}
		parts = append(parts, "ORDER BY "+strings.Join(keys, ", "))
	}
	if w.Agg != nil && w.Frame == FrameRunning {
		parts = append(parts, "ROWS UNBOUNDED PRECEDING")
	}
	return fn + " OVER (" + strings.Join(parts, " ") + ")"
}

// SchemaString renders a schema as `a: int64, b: string?` (? marks nullable
// columns).
func SchemaString(s *arrow.Schema) string {
	if s == nil {
		return "<nil>"
	}
	parts := make([]string, s.NumFields())
	for i, f := range s.Fields() {
		parts[i] = f.Name + ": " + TypeName(f.Type)
		if f.Nullable {
			parts[i] += "?"
		}
	}
	return strings.Join(parts, ", ")
}

// Render renders a plan as an indented tree, one line per node: the
// operation, its key arguments and its output columns with their types
// (`?` marks nullable columns). Explain prints it.
func Render(n Node) string {
	return RenderAnnotated(n, nil)
}

// RenderAnnotated is [Render] with note(node) appended to each node's line
// (when note is not nil and returns a non-empty string).
func RenderAnnotated(n Node, note func(Node) string) string {
	var b strings.Builder
	formatNode(&b, n, 0, note)
	return b.String()
}

func formatNode(b *strings.Builder, n Node, depth int, note func(Node) string) {
	b.WriteString(strings.Repeat("  ", depth))
	b.WriteString(string(n.Op()))
	if args := NodeArgs(n); args != "" {
		b.WriteString(" " + args)
	}
	b.WriteString(" → [" + SchemaString(n.Schema()) + "]")
	if note != nil {
		if s := note(n); s != "" {
			b.WriteString("  " + s)
		}
	}
	b.WriteString("\n")
	for _, in := range n.Inputs() {
		formatNode(b, in, depth+1, note)
	}
}

func namedString(ns []NamedExpr) string {
	parts := make([]string, len(ns))
	for i, ne := range ns {
		s := ExprString(ne.Expr)
		if c, ok := ne.Expr.(ColumnRef); !ok || c.Name != ne.Name {
			s += " AS " + ne.Name
		}
		parts[i] = s
	}
	return strings.Join(parts, ", ")
}

// NodeArgs renders a node's arguments (without its inputs) on one line.
func NodeArgs(n Node) string {
	switch x := n.(type) {
	case *Source:
		switch x.Kind {
		case SourceRecords:
			return fmt.Sprintf("%s (%d batches)", x.ID, len(x.Records))
		case SourceTable:
			return x.Table
		}
		return strings.Join(x.Paths, ", ")
	case *Project:
		return namedString(x.Exprs)
	case *Filter:
		return ExprString(x.Pred)
	case *Sort:
		keys := make([]string, len(x.Keys))
		for i, k := range x.Keys {
			keys[i] = sortKeyString(k)
		}
		s := strings.Join(keys, ", ")
		if x.Stable {
			s += " (stable)"
		}
		return s
	case *Distinct:
		return fmt.Sprintf("subset=[%s] keep=%s", strings.Join(x.Subset, ", "), x.Keep)
	case *Slice:
		return fmt.Sprintf("offset=%d length=%d", x.Offset, x.Length)
	case *FillNull:
		s := "strategy=" + string(x.Strategy)
		if x.Value != nil {
			s += " value=" + LiteralString(*x.Value)
		}
		if len(x.Columns) > 0 {
			s += " columns=[" + strings.Join(x.Columns, ", ") + "]"
		}
		return s
	case *DropNulls:
		return "subset=[" + strings.Join(x.Subset, ", ") + "]"
	case *Join:
		s := fmt.Sprintf("on [%s] = [%s]", strings.Join(x.LeftOn, ", "), strings.Join(x.RightOn, ", "))
		if x.Kind == JoinCross {
			s = ""
		}
		if x.NullsEqual {
			s += " nulls_equal"
		}
		return strings.TrimSpace(s + " suffix=" + strconv.Quote(x.Suffix))
	case *Aggregate:
		return "keys=[" + namedString(x.Keys) + "] aggs=[" + namedString(x.Aggs) + "]"
	case *Pivot:
		vals := make([]string, len(x.Values))
		for i, v := range x.Values {
			vals[i] = LiteralString(v)
		}
		return fmt.Sprintf("index=[%s] on=%s values=[%s] %s(%s)", strings.Join(x.Index, ", "), x.On,
			strings.Join(vals, ", "), x.Agg, x.ValueCol)
	case *Melt:
		return fmt.Sprintf("id=[%s] values=[%s] as (%s, %s)", strings.Join(x.IDVars, ", "),
			strings.Join(x.ValueVars, ", "), x.VariableName, x.ValueName)
	case *Explode:
		return x.Column
	case *SetOp:
		if x.All {
			return "all"
		}
	}
	return ""
}
