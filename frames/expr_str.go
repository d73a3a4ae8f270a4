package frames

import "github.com/sealane/sealane/frames/plan"

// StrExpr holds the string functions of an expression (x.Str()).
type StrExpr struct{ x Expr }

// Str gives access to string functions: Col("name").Str().Lower().
func (x Expr) Str() StrExpr { return StrExpr{x} }

// Lower lower-cases the string.
func (s StrExpr) Lower() Expr { return call(plan.FnLower, s.x) }

// Upper upper-cases the string.
func (s StrExpr) Upper() Expr { return call(plan.FnUpper, s.x) }

// Contains is true where the string contains sub (literal, not a pattern).
func (s StrExpr) Contains(sub any) Expr { return call(plan.FnContains, s.x, value(sub)) }

// StartsWith is true where the string starts with prefix.
func (s StrExpr) StartsWith(prefix any) Expr { return call(plan.FnStartsWith, s.x, value(prefix)) }

// EndsWith is true where the string ends with suffix.
func (s StrExpr) EndsWith(suffix any) Expr { return call(plan.FnEndsWith, s.x, value(suffix)) }

// Replace replaces every occurrence of from (literal) by to.
func (s StrExpr) Replace(from, to any) Expr { return call(plan.FnReplace, s.x, value(from), value(to)) }

// Len is the length in characters (int64).
func (s StrExpr) Len() Expr { return call(plan.FnLength, s.x) }

// Slice is the substring of length characters from start (1-based, like
// SQL's substr). A negative length means to the end.
func (s StrExpr) Slice(start, length int) Expr {
	if length < 0 {
		return call(plan.FnSubstr, s.x, Lit(start))
	}
	return call(plan.FnSubstr, s.x, Lit(start), Lit(length))
}

// DtExpr holds the date/time functions of an expression (x.Dt()).
type DtExpr struct{ x Expr }

// Dt gives access to date and time functions: Col("ts").Dt().Year().
func (x Expr) Dt() DtExpr { return DtExpr{x} }

// Year of a date or timestamp (int64).
func (d DtExpr) Year() Expr { return call(plan.FnYear, d.x) }

// Month (1–12).
func (d DtExpr) Month() Expr { return call(plan.FnMonth, d.x) }

// Day of the month (1–31).
func (d DtExpr) Day() Expr { return call(plan.FnDay, d.x) }

// Hour (0–23).
func (d DtExpr) Hour() Expr { return call(plan.FnHour, d.x) }

// Minute (0–59).
func (d DtExpr) Minute() Expr { return call(plan.FnMinute, d.x) }

// Second (0–59).
func (d DtExpr) Second() Expr { return call(plan.FnSecond, d.x) }

// Weekday is the ISO day of the week: Monday = 1 … Sunday = 7.
func (d DtExpr) Weekday() Expr { return call(plan.FnWeekday, d.x) }

// Truncate truncates to unit: "year", "quarter", "month", "week" (to
// Monday), "day", "hour", "minute" or "second"; the type is unchanged.
func (d DtExpr) Truncate(unit string) Expr {
	return call(plan.FnDateTrunc, Expr{e: plan.Literal{Value: unit, Type: plan.LiteralTypeString}}, d.x)
}

// WhenExpr is a when/then/otherwise chain waiting for its Then.
type WhenExpr struct {
	whens []plan.WhenThen
	cond  Expr
	err   error
}

// ThenExpr is a when/then chain: add another When, finish with Otherwise,
// or use it as it is (an Expr whose value is NULL where no condition
// holds).
type ThenExpr struct {
	Expr
	whens []plan.WhenThen
}

// When starts a conditional expression:
//
//	When(Col("x").Gt(0)).Then("pos").When(Col("x").Lt(0)).Then("neg").Otherwise("zero")
func When(cond any) WhenExpr {
	c := value(cond)
	return WhenExpr{cond: c, err: c.err}
}

// Then gives the value where the pending condition holds.
func (w WhenExpr) Then(v any) ThenExpr {
	t := value(v)
	err := w.err
	if err == nil {
		err = t.err
	}
	if err != nil {
		return ThenExpr{Expr: Expr{err: err}}
	}
	whens := append(append([]plan.WhenThen(nil), w.whens...), plan.WhenThen{When: w.cond.e, Then: t.e})
	return ThenExpr{Expr: Expr{e: plan.Case{Whens: whens}}, whens: whens}
}

// When adds another condition, tried when the earlier ones do not hold.
func (t ThenExpr) When(cond any) WhenExpr {
	c := value(cond)
	err := t.err
	if err == nil {
		err = c.err
	}
	return WhenExpr{whens: t.whens, cond: c, err: err}
}

// Otherwise gives the value where no condition holds.
func (t ThenExpr) Otherwise(v any) Expr {
	e := value(v)
	if t.err != nil {
		return t.Expr
	}
	if e.err != nil {
		return e
	}
	return Expr{e: plan.Case{Whens: t.whens, Else: e.e}}
}
