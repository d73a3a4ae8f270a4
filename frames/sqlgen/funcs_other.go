package sqlgen

import (
	"fmt"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/sealane/sealane/frames/engine"
	"github.com/sealane/sealane/frames/plan"
)

// otherCall renders the functions PostgreSQL and SQLite spell differently
// from DuckDB and Databricks; ok is false for those written alike.
func (w *exprWriter) otherCall(c plan.Call, args []string) (s string, ok bool, err error) {
	pg := w.d.kind == kindPostgres
	if len(args) == 0 {
		return "", false, nil
	}
	a := args[0]
	switch c.Fn {
	case plan.FnContains:
		if len(args) != 2 {
			return "", true, fmt.Errorf("frames/sqlgen: contains takes 2 arguments")
		}
		if pg {
			return "(strpos(" + a + ", " + args[1] + ") > 0)", true, nil
		}
		return "(instr(" + a + ", " + args[1] + ") > 0)", true, nil
	case plan.FnStartsWith:
		if len(args) != 2 {
			return "", true, fmt.Errorf("frames/sqlgen: starts_with takes 2 arguments")
		}
		if pg {
			return "starts_with(" + a + ", " + args[1] + ")", true, nil
		}
		return "(substr(" + a + ", 1, length(" + args[1] + ")) = " + args[1] + ")", true, nil
	case plan.FnEndsWith:
		if len(args) != 2 {
			return "", true, fmt.Errorf("frames/sqlgen: ends_with takes 2 arguments")
		}
		if pg {
			return "(right(" + a + ", length(" + args[1] + ")) = " + args[1] + ")", true, nil
		}
		return "(length(" + a + ") >= length(" + args[1] + ") AND substr(" + a + ", length(" + a + ") - length(" + args[1] + ") + 1) = " + args[1] + ")", true, nil
	case plan.FnSubstr:
		if !pg {
			return "", false, nil
		}
		rest := make([]string, len(args)-1)
		for i, x := range args[1:] {
			rest[i] = "CAST(" + x + " AS INTEGER)"
		}
		return "substr(" + a + ", " + strings.Join(rest, ", ") + ")", true, nil
	case plan.FnMod:
		if pg && len(args) == 2 {
			return "mod(" + a + ", nullif(" + args[1] + ", 0))", true, nil
		}
		return "", false, nil
	case plan.FnYear, plan.FnMonth, plan.FnDay, plan.FnHour, plan.FnMinute, plan.FnSecond, plan.FnWeekday:
		if len(args) != 1 {
			return "", true, fmt.Errorf("frames/sqlgen: %s takes 1 argument", c.Fn)
		}
		if pg {
			part := map[plan.Func]string{plan.FnYear: "year", plan.FnMonth: "month", plan.FnDay: "day",
				plan.FnHour: "hour", plan.FnMinute: "minute", plan.FnSecond: "second", plan.FnWeekday: "isodow"}[c.Fn]
			return "CAST(floor(extract(" + part + " FROM " + a + ")) AS BIGINT)", true, nil
		}
		f := map[plan.Func]string{plan.FnYear: "%Y", plan.FnMonth: "%m", plan.FnDay: "%d",
			plan.FnHour: "%H", plan.FnMinute: "%M", plan.FnSecond: "%S", plan.FnWeekday: "%u"}[c.Fn]
		return "CAST(strftime('" + f + "', " + a + ") AS INTEGER)", true, nil
	case plan.FnDateTrunc:
		if pg || len(args) != 2 {
			return "", false, nil
		}
		s, err := w.sqliteTrunc(c, args[1])
		return s, true, err
	}
	return "", false, nil
}

// sqliteTrunc truncates an ISO-8601 date or timestamp text: the truncated
// timestamp text, cut to its date for date inputs (10 characters).
func (w *exprWriter) sqliteTrunc(c plan.Call, x string) (string, error) {
	lit, ok := plan.Deref(c.Args[0]).(plan.Literal)
	unit, _ := lit.Value.(string)
	if !ok || unit == "" {
		return "", engine.Unsupported(w.d.name, "func date_trunc", "the unit must be a string literal")
	}
	var full string
	switch unit {
	case "year":
		full = "strftime('%Y-01-01 00:00:00', " + x + ")"
	case "quarter":
		// printf turns NULL into '' and 0: keep NULL explicitly.
		full = "CASE WHEN " + x + " IS NOT NULL THEN printf('%s-%02d-01 00:00:00', strftime('%Y', " + x + "), ((CAST(strftime('%m', " + x + ") AS INTEGER) - 1) / 3) * 3 + 1) END"
	case "month":
		full = "strftime('%Y-%m-01 00:00:00', " + x + ")"
	case "week":
		full = "strftime('%Y-%m-%d 00:00:00', " + x + ", '-6 days', 'weekday 1')"
	case "day":
		full = "strftime('%Y-%m-%d 00:00:00', " + x + ")"
	case "hour":
		full = "strftime('%Y-%m-%d %H:00:00', " + x + ")"
	case "minute":
		full = "strftime('%Y-%m-%d %H:%M:00', " + x + ")"
	case "second":
		full = "strftime('%Y-%m-%d %H:%M:%S', " + x + ")"
	default:
		return "", engine.Unsupported(w.d.name, "func date_trunc", fmt.Sprintf("unit %q", unit))
	}
	return "substr(" + full + ", 1, CASE WHEN length(" + x + ") = 10 THEN 10 ELSE 19 END)", nil
}

// otherCast renders casts for PostgreSQL and SQLite; ok is false when the
// plain CAST is right.
func (w *exprWriter) otherCast(c plan.Cast, in string) (s string, ok bool, err error) {
	if c.Try {
		return "", true, engine.Unsupported(w.d.name, "try_cast", "the dialect has no TRY_CAST")
	}
	if w.d.kind == kindPostgres {
		// PostgreSQL writes integral floats without a fraction (6); the
		// other dialects write 6.0.
		if _, ok := c.To.(*arrow.StringType); ok && w.isFloatColumn(c.Input) {
			t := "CAST(" + in + " AS TEXT)"
			return "(CASE WHEN " + t + " ~ '^-?[0-9]+$' THEN " + t + " || '.0' ELSE " + t + " END)", true, nil
		}
		return "", false, nil
	}
	if w.d.kind != kindSQLite {
		return "", false, nil
	}
	switch c.To.(type) {
	case *arrow.Date32Type:
		return "date(" + in + ")", true, nil
	case *arrow.TimestampType:
		return "(CASE WHEN length(" + in + ") = 10 THEN " + in + " || ' 00:00:00' ELSE " + in + " END)", true, nil
	}
	return "", false, nil
}

// isFloatColumn reports whether e is a reference to a floating-point
// column of the input.
func (w *exprWriter) isFloatColumn(e plan.Expr) bool {
	ref, ok := plan.Deref(e).(plan.ColumnRef)
	if !ok || w.schema == nil {
		return false
	}
	idx := w.schema.FieldIndices(ref.Name)
	return len(idx) == 1 && arrow.IsFloating(w.schema.Field(idx[0]).Type.ID())
}
