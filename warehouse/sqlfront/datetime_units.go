package sqlfront

import "strings"

// timestampadd(unit, n, ts) and timestampdiff(unit, a, b), whose unit is a
// keyword (DAY, HOUR …), and their three-argument spellings dateadd,
// date_diff and datediff. The result of timestampadd is a TIMESTAMP (a
// DATE is its midnight); timestampdiff counts whole units, as DuckDB's
// date_sub does, as a BIGINT.

func init() {
	higherOrder["timestampadd"] = timestampAdd
	higherOrder["dateadd"] = timestampAdd
	higherOrder["timestampdiff"] = timestampDiff
	higherOrder["datediff"] = timestampDiff
	higherOrder["date_diff"] = timestampDiff
}

// timestampUnits maps Spark's units to the DuckDB interval function and
// its argument type, and to DuckDB's date part.
var timestampUnits = map[string][3]string{
	"YEAR": {"to_years", "INTEGER", "year"}, "QUARTER": {"to_months", "INTEGER", "quarter"},
	"MONTH": {"to_months", "INTEGER", "month"}, "WEEK": {"to_weeks", "INTEGER", "week"},
	"DAY": {"to_days", "INTEGER", "day"}, "DAYOFYEAR": {"to_days", "INTEGER", "day"},
	"HOUR": {"to_hours", "BIGINT", "hour"}, "MINUTE": {"to_minutes", "BIGINT", "minute"},
	"SECOND": {"to_seconds", "BIGINT", "second"}, "MILLISECOND": {"to_milliseconds", "BIGINT", "millisecond"},
	"MICROSECOND": {"to_microseconds", "BIGINT", "microsecond"},
}

// unitArg reads a unit argument: a keyword or a string literal.
func (r *rewriter) unitArg(arg [2]int) ([3]string, string, bool) {
	if arg[0] != arg[1] {
		return [3]string{}, "", false
	}
	t := r.sigTok(arg[0])
	name := t.text
	if t.isStringLit() {
		name = t.value()
	} else if t.kind != tokWord {
		return [3]string{}, "", false
	}
	name = strings.ToUpper(name)
	u, ok := timestampUnits[name]
	return u, name, ok
}

func timestampAdd(r *rewriter, args [][2]int) (string, bool) {
	if len(args) != 3 {
		return "", false
	}
	u, name, ok := r.unitArg(args[0])
	if !ok {
		return "", false
	}
	a := r.argText(args[1:])
	n := "CAST(" + a[0] + " AS " + u[1] + ")"
	if name == "QUARTER" {
		n = "3 * " + n
	}
	return "(CAST(" + a[1] + " AS TIMESTAMPTZ) + " + u[0] + "(" + n + "))", true
}

func timestampDiff(r *rewriter, args [][2]int) (string, bool) {
	if len(args) != 3 {
		return "", false
	}
	u, _, ok := r.unitArg(args[0])
	if !ok {
		return "", false
	}
	a := r.argText(args[1:])
	return "date_sub('" + u[2] + "', CAST(" + a[0] + " AS TIMESTAMPTZ), CAST(" + a[1] + " AS TIMESTAMPTZ))", true
}
