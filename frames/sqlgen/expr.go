package sqlgen

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/sealane/sealane/frames/engine"
	"github.com/sealane/sealane/frames/plan"
)

// rowKey is the hidden column that carries a relation's row order.
const rowKey = "__sl_rn"

// exprWriter renders expressions over one input relation.
type exprWriter struct {
	d *Dialect
	// key is the quoted row-order column of the input, "" when it has none.
	key string
	// schema resolves column types (for casts the dialects need).
	schema *arrow.Schema
	// inWindow: the aggregate being written is a window function.
	inWindow bool
}

func (w *exprWriter) list(es []plan.Expr) ([]string, error) {
	out := make([]string, len(es))
	for i, e := range es {
		s, err := w.expr(e)
		if err != nil {
			return nil, err
		}
		out[i] = s
	}
	return out, nil
}

func (w *exprWriter) expr(e plan.Expr) (string, error) {
	switch e := plan.Deref(e).(type) {
	case plan.ColumnRef:
		return w.d.QuoteIdent(e.Name), nil
	case plan.Literal:
		return w.d.Literal(e.Value, e.Type)
	case plan.Call:
		return w.call(e)
	case plan.Cast:
		return w.cast(e)
	case plan.Case:
		return w.caseExpr(e)
	case plan.Agg:
		return w.agg(e)
	case plan.Window:
		return w.window(e)
	}
	return "", fmt.Errorf("frames/sqlgen: unknown expression %T", e)
}

func (w *exprWriter) cast(c plan.Cast) (string, error) {
	in, err := w.expr(c.Input)
	if err != nil {
		return "", err
	}
	if w.d.kind == kindPostgres || w.d.kind == kindSQLite {
		if s, ok, err := w.otherCast(c, in); ok || err != nil {
			return s, err
		}
	}
	typ, err := w.d.TypeName(c.To)
	if err != nil {
		return "", err
	}
	if c.Try {
		return "TRY_CAST(" + in + " AS " + typ + ")", nil
	}
	return "CAST(" + in + " AS " + typ + ")", nil
}

func (w *exprWriter) caseExpr(c plan.Case) (string, error) {
	var b strings.Builder
	b.WriteString("CASE")
	for _, wt := range c.Whens {
		when, err := w.expr(wt.When)
		if err != nil {
			return "", err
		}
		then, err := w.expr(wt.Then)
		if err != nil {
			return "", err
		}
		b.WriteString(" WHEN " + when + " THEN " + then)
	}
	if c.Else != nil {
		els, err := w.expr(c.Else)
		if err != nil {
			return "", err
		}
		b.WriteString(" ELSE " + els)
	}
	b.WriteString(" END")
	return b.String(), nil
}

var binaryOps = map[plan.Func]string{
	plan.FnAdd: "+", plan.FnSub: "-", plan.FnMul: "*",
	plan.FnEq: "=", plan.FnNe: "<>", plan.FnLt: "<", plan.FnLe: "<=", plan.FnGt: ">", plan.FnGe: ">=",
	plan.FnAnd: "AND", plan.FnOr: "OR",
}

// sameNameFuncs are spelled alike in both dialects.
var sameNameFuncs = map[plan.Func]string{
	plan.FnCoalesce: "coalesce", plan.FnLower: "lower", plan.FnUpper: "upper",
	plan.FnContains: "contains", plan.FnReplace: "replace", plan.FnLength: "length",
	plan.FnSubstr: "substr",
	plan.FnYear:   "year", plan.FnMonth: "month", plan.FnDay: "day",
	plan.FnHour: "hour", plan.FnMinute: "minute", plan.FnSecond: "second",
}

func (w *exprWriter) call(c plan.Call) (string, error) {
	args, err := w.list(c.Args)
	if err != nil {
		return "", err
	}
	need := func(n int) error {
		if len(args) != n {
			return fmt.Errorf("frames/sqlgen: %s takes %d arguments, got %d", c.Fn, n, len(args))
		}
		return nil
	}
	duck := w.d.isDuck()
	if op, ok := binaryOps[c.Fn]; ok {
		if len(args) < 2 {
			return "", fmt.Errorf("frames/sqlgen: %s takes 2 arguments, got %d", c.Fn, len(args))
		}
		return "(" + strings.Join(args, " "+op+" ") + ")", nil
	}
	if w.d.kind == kindPostgres || w.d.kind == kindSQLite {
		if s, ok, err := w.otherCall(c, args); ok || err != nil {
			return s, err
		}
	}
	if name, ok := sameNameFuncs[c.Fn]; ok {
		return name + "(" + strings.Join(args, ", ") + ")", nil
	}
	switch c.Fn {
	case plan.FnDiv:
		// Always floating point; division by zero gives NULL in both dialects
		// (Databricks' ANSI mode would raise an error).
		if err := need(2); err != nil {
			return "", err
		}
		dbl, _ := w.d.TypeName(arrow.PrimitiveTypes.Float64)
		return "(CAST(" + args[0] + " AS " + dbl + ") / nullif(CAST(" + args[1] + " AS " + dbl + "), 0))", nil
	case plan.FnMod:
		if err := need(2); err != nil {
			return "", err
		}
		return "(" + args[0] + " % nullif(" + args[1] + ", 0))", nil
	case plan.FnNeg:
		if err := need(1); err != nil {
			return "", err
		}
		return "(- " + args[0] + ")", nil
	case plan.FnEqNullSafe:
		if err := need(2); err != nil {
			return "", err
		}
		return "(" + w.d.nullSafeEq(args[0], args[1]) + ")", nil
	case plan.FnNot:
		if err := need(1); err != nil {
			return "", err
		}
		return "(NOT " + args[0] + ")", nil
	case plan.FnIsNull:
		if err := need(1); err != nil {
			return "", err
		}
		return "(" + args[0] + " IS NULL)", nil
	case plan.FnIsNotNull:
		if err := need(1); err != nil {
			return "", err
		}
		return "(" + args[0] + " IS NOT NULL)", nil
	case plan.FnIn:
		if len(args) == 0 {
			return "", fmt.Errorf("frames/sqlgen: in takes at least 1 argument")
		}
		if len(args) == 1 {
			return "FALSE", nil
		}
		return "(" + args[0] + " IN (" + strings.Join(args[1:], ", ") + "))", nil
	case plan.FnStartsWith:
		if err := need(2); err != nil {
			return "", err
		}
		if duck {
			return "starts_with(" + args[0] + ", " + args[1] + ")", nil
		}
		return "startswith(" + args[0] + ", " + args[1] + ")", nil
	case plan.FnEndsWith:
		if err := need(2); err != nil {
			return "", err
		}
		if duck {
			return "ends_with(" + args[0] + ", " + args[1] + ")", nil
		}
		return "endswith(" + args[0] + ", " + args[1] + ")", nil
	case plan.FnConcatStr:
		if len(args) == 0 {
			return "", fmt.Errorf("frames/sqlgen: concat_str takes at least 1 argument")
		}
		// || yields NULL when any operand is NULL, in both dialects.
		str, _ := w.d.TypeName(arrow.BinaryTypes.String)
		for i, a := range args {
			args[i] = "CAST(" + a + " AS " + str + ")"
		}
		return "(" + strings.Join(args, " || ") + ")", nil
	case plan.FnWeekday:
		if err := need(1); err != nil {
			return "", err
		}
		if duck {
			return "isodow(" + args[0] + ")", nil
		}
		// dayofweek: Sunday = 1 … Saturday = 7; ISO: Monday = 1 … Sunday = 7.
		return "(((dayofweek(" + args[0] + ") + 5) % 7) + 1)", nil
	case plan.FnDateTrunc:
		if err := need(2); err != nil {
			return "", err
		}
		return "date_trunc(" + args[0] + ", " + args[1] + ")", nil
	}
	return "", fmt.Errorf("frames/sqlgen: unknown function %q", c.Fn)
}

// agg renders an aggregate. first/last need the input's row key.
func (w *exprWriter) agg(a plan.Agg) (string, error) { return w.aggFilter(a, "") }

// aggFilter renders an aggregate over the rows where filter holds (all
// rows when filter is empty).
func (w *exprWriter) aggFilter(a plan.Agg, filter string) (string, error) {
	f := ""
	if filter != "" {
		f = " FILTER (WHERE " + filter + ")"
	}
	s, err := w.aggText(a, f)
	if err != nil {
		return "", err
	}
	if w.d.kind == kindPostgres && (a.Fn == plan.AggFirst || a.Fn == plan.AggLast) {
		return s, nil // the filter is inside the array_agg
	}
	return s + f, nil
}

func (w *exprWriter) aggText(a plan.Agg, filter string) (string, error) {
	in := "*"
	if a.Input != nil {
		s, err := w.expr(a.Input)
		if err != nil {
			return "", err
		}
		in = s
	} else if a.Fn != plan.AggCount {
		return "", fmt.Errorf("frames/sqlgen: aggregate %s needs an input", a.Fn)
	}
	distinct := ""
	if a.Distinct && a.Input != nil {
		distinct = "DISTINCT "
	}
	switch a.Fn {
	case plan.AggCount:
		return "count(" + distinct + in + ")", nil
	case plan.AggNUnique:
		return "count(DISTINCT " + in + ")", nil
	case plan.AggSum:
		return "sum(" + distinct + in + ")", nil
	case plan.AggMean:
		return "avg(" + distinct + in + ")", nil
	case plan.AggMin:
		return "min(" + in + ")", nil
	case plan.AggMax:
		return "max(" + in + ")", nil
	case plan.AggMedian:
		if w.d.kind == kindPostgres {
			if w.inWindow {
				return "", engine.Unsupported(w.d.name, "agg median", "PostgreSQL's percentile_cont is not a window function")
			}
			return "percentile_cont(0.5) WITHIN GROUP (ORDER BY " + in + ")", nil
		}
		return "median(" + in + ")", nil
	case plan.AggStd:
		return "stddev_samp(" + distinct + in + ")", nil
	case plan.AggVar:
		return "var_samp(" + distinct + in + ")", nil
	case plan.AggFirst, plan.AggLast:
		if w.key == "" {
			return "", fmt.Errorf("frames/sqlgen: %s needs the input's row order", a.Fn)
		}
		if w.d.isDuck() {
			return string(a.Fn) + "(" + in + " ORDER BY " + w.key + ")", nil
		}
		if w.d.kind == kindPostgres {
			dir := " ASC"
			if a.Fn == plan.AggLast {
				dir = " DESC"
			}
			return "(array_agg(" + in + " ORDER BY " + w.key + dir + ")" + filter + ")[1]", nil
		}
		if a.Fn == plan.AggFirst {
			return "min_by(" + in + ", " + w.key + ")", nil
		}
		return "max_by(" + in + ", " + w.key + ")", nil
	}
	return "", fmt.Errorf("frames/sqlgen: unknown aggregate %q", a.Fn)
}

// orderBy renders sort keys.
func (w *exprWriter) orderBy(keys []plan.SortKey) ([]string, error) {
	out := make([]string, 0, len(keys))
	for _, k := range keys {
		s, err := w.expr(k.Expr)
		if err != nil {
			return nil, err
		}
		out = append(out, sortTerm(s, k.Desc, k.NullsFirst))
	}
	return out, nil
}

func sortTerm(s string, desc, nullsFirst bool) string {
	if desc {
		s += " DESC"
	} else {
		s += " ASC"
	}
	if nullsFirst {
		return s + " NULLS FIRST"
	}
	return s + " NULLS LAST"
}

const (
	frameRunning = " ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW"
	frameWhole   = " ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING"
)

// window renders a window expression. Ties of row_number, lag, lead,
// first/last and running aggregates are broken by input order (the row key).
func (w *exprWriter) window(win plan.Window) (string, error) {
	parts, err := w.list(win.PartitionBy)
	if err != nil {
		return "", err
	}
	order, err := w.orderBy(win.OrderBy)
	if err != nil {
		return "", err
	}
	over := func(withKey bool, frame string) string {
		o := order
		if withKey && w.key != "" {
			o = append(append([]string(nil), order...), w.key+" ASC")
		}
		var b strings.Builder
		b.WriteString(" OVER (")
		sep := ""
		if len(parts) > 0 {
			b.WriteString("PARTITION BY " + strings.Join(parts, ", "))
			sep = " "
		}
		if len(o) > 0 {
			b.WriteString(sep + "ORDER BY " + strings.Join(o, ", "))
			b.WriteString(frame)
		}
		b.WriteString(")")
		return b.String()
	}
	if win.Agg != nil {
		a := *win.Agg
		if a.Fn == plan.AggFirst || a.Fn == plan.AggLast {
			in, err := w.expr(a.Input)
			if err != nil {
				return "", err
			}
			fn := "first_value"
			if a.Fn == plan.AggLast {
				fn = "last_value"
			}
			frame := frameWhole
			if win.Frame == plan.FrameRunning {
				frame = frameRunning
			}
			return fn + "(" + in + ")" + over(true, frame), nil
		}
		w.inWindow = true
		s, err := w.agg(a)
		w.inWindow = false
		if err != nil {
			return "", err
		}
		if win.Frame == plan.FrameRunning {
			return s + over(true, frameRunning), nil
		}
		if len(order) == 0 {
			return s + over(false, ""), nil
		}
		return s + over(false, frameWhole), nil
	}
	args, err := w.list(win.Args)
	if err != nil {
		return "", err
	}
	switch win.Rank {
	case plan.RankRowNumber:
		return "row_number()" + over(true, ""), nil
	case plan.RankRank:
		return "rank()" + over(false, ""), nil
	case plan.RankDense:
		return "dense_rank()" + over(false, ""), nil
	case plan.RankLag, plan.RankLead:
		if len(args) == 0 {
			return "", fmt.Errorf("frames/sqlgen: %s needs an input", win.Rank)
		}
		if len(win.Args) > 1 {
			// The offset must be a plain integer literal (Spark).
			if l, ok := win.Args[1].(plan.Literal); ok {
				if n, ok := l.Value.(int64); ok {
					args[1] = strconv.FormatInt(n, 10)
				}
			}
		}
		return string(win.Rank) + "(" + strings.Join(args, ", ") + ")" + over(true, ""), nil
	}
	return "", fmt.Errorf("frames/sqlgen: unknown window function %q", win.Rank)
}

// needsKey reports whether e needs the input's row order (first/last).
func needsKey(e plan.Expr) bool {
	found := false
	plan.WalkExpr(e, func(x plan.Expr) bool {
		switch x := plan.Deref(x).(type) {
		case plan.Agg:
			found = x.Fn == plan.AggFirst || x.Fn == plan.AggLast
		case plan.Window:
			found = true
		}
		return !found
	})
	return found
}
