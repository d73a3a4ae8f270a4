package contract

import "github.com/sealane/sealane/frames/plan"

func init() { families = append(families, funcCases) }

var (
	texts = T(Cols("s:string"), R("Hello World"), R("abc"), R(""), R(nil), R("Ünïcode"))
	times = T(Cols("d:date", "ts:timestamp"),
		R(Date("2024-03-15"), TS("2024-03-15 13:45:30.5")),
		R(Date("2023-12-31"), TS("2023-12-31 23:59:59")),
		R(nil, nil),
	)
)

func textCase(e plan.Expr) func(c *C) (plan.Node, error) {
	return func(c *C) (plan.Node, error) { return c.From(texts).Select(As("s", Col("s")), As("r", e)).Plan() }
}

func timeCase(exprs ...plan.NamedExpr) func(c *C) (plan.Node, error) {
	return func(c *C) (plan.Node, error) { return c.From(times).Select(exprs...).Plan() }
}

// funcCases cover string functions, date parts and date_trunc.
func funcCases() []Case {
	sb := Cols("s:string", "r:bool")
	ss := Cols("s:string", "r:string")
	return []Case{
		{Name: "string/lower_upper_unicode", Build: func(c *C) (plan.Node, error) {
			return c.From(texts).Select(As("l", Fn(plan.FnLower, Col("s"))), As("u", Fn(plan.FnUpper, Col("s")))).Plan()
		}, Want: T(Cols("l:string", "u:string"), R("hello world", "HELLO WORLD"), R("abc", "ABC"), R("", ""), R(nil, nil), R("ünïcode", "ÜNÏCODE"))},
		{Name: "string/contains", Build: textCase(Fn(plan.FnContains, Col("s"), Lit("lo"))),
			Want: T(sb, R("Hello World", true), R("abc", false), R("", false), R(nil, nil), R("Ünïcode", false))},
		{Name: "string/starts_with", Build: textCase(Fn(plan.FnStartsWith, Col("s"), Lit("He"))),
			Want: T(sb, R("Hello World", true), R("abc", false), R("", false), R(nil, nil), R("Ünïcode", false))},
		{Name: "string/ends_with", Build: textCase(Fn(plan.FnEndsWith, Col("s"), Lit("de"))),
			Want: T(sb, R("Hello World", false), R("abc", false), R("", false), R(nil, nil), R("Ünïcode", true))},
		{Name: "string/replace_every_occurrence", Build: textCase(Fn(plan.FnReplace, Col("s"), Lit("l"), Lit("L"))),
			Want: T(ss, R("Hello World", "HeLLo WorLd"), R("abc", "abc"), R("", ""), R(nil, nil), R("Ünïcode", "Ünïcode"))},
		{Name: "string/length_in_characters", Build: textCase(Fn(plan.FnLength, Col("s"))),
			Want: T(Cols("s:string", "r:int64"), R("Hello World", 11), R("abc", 3), R("", 0), R(nil, nil), R("Ünïcode", 7))},
		{Name: "string/substr_one_based", Build: textCase(Fn(plan.FnSubstr, Col("s"), Lit(2), Lit(3))),
			Want: T(ss, R("Hello World", "ell"), R("abc", "bc"), R("", ""), R(nil, nil), R("Ünïcode", "nïc"))},
		{Name: "string/substr_to_end", Build: textCase(Fn(plan.FnSubstr, Col("s"), Lit(7))),
			Want: T(ss, R("Hello World", "World"), R("abc", ""), R("", ""), R(nil, nil), R("Ünïcode", "e"))},
		{Name: "string/concat_str_null_if_any_null", Build: textCase(Fn(plan.FnConcatStr, Col("s"), Lit("!"), Col("s"))),
			Want: T(ss, R("Hello World", "Hello World!Hello World"), R("abc", "abc!abc"), R("", "!"), R(nil, nil), R("Ünïcode", "Ünïcode!Ünïcode"))},
		{Name: "date/parts_of_dates", Build: timeCase(As("y", Fn(plan.FnYear, Col("d"))), As("m", Fn(plan.FnMonth, Col("d"))),
			As("dd", Fn(plan.FnDay, Col("d"))), As("wd", Fn(plan.FnWeekday, Col("d")))),
			Want: T(Cols("y:int64", "m:int64", "dd:int64", "wd:int64"), R(2024, 3, 15, 5), R(2023, 12, 31, 7), R(nil, nil, nil, nil))},
		{Name: "date/parts_of_timestamps", Build: timeCase(As("h", Fn(plan.FnHour, Col("ts"))), As("mi", Fn(plan.FnMinute, Col("ts"))),
			As("s", Fn(plan.FnSecond, Col("ts"))), As("y", Fn(plan.FnYear, Col("ts")))),
			Want: T(Cols("h:int64", "mi:int64", "s:int64", "y:int64"), R(13, 45, 30, 2024), R(23, 59, 59, 2023), R(nil, nil, nil, nil))},
		{Name: "date/trunc_dates", Build: timeCase(As("y", Fn(plan.FnDateTrunc, Lit("year"), Col("d"))),
			As("q", Fn(plan.FnDateTrunc, Lit("quarter"), Col("d"))), As("m", Fn(plan.FnDateTrunc, Lit("month"), Col("d"))),
			As("w", Fn(plan.FnDateTrunc, Lit("week"), Col("d")))),
			Want: T(Cols("y:date", "q:date", "m:date", "w:date"),
				R(Date("2024-01-01"), Date("2024-01-01"), Date("2024-03-01"), Date("2024-03-11")),
				R(Date("2023-01-01"), Date("2023-10-01"), Date("2023-12-01"), Date("2023-12-25")),
				R(nil, nil, nil, nil))},
		{Name: "date/trunc_timestamps", Build: timeCase(As("d", Fn(plan.FnDateTrunc, Lit("day"), Col("ts"))),
			As("h", Fn(plan.FnDateTrunc, Lit("hour"), Col("ts"))), As("mi", Fn(plan.FnDateTrunc, Lit("minute"), Col("ts"))),
			As("s", Fn(plan.FnDateTrunc, Lit("second"), Col("ts")))),
			Want: T(Cols("d:timestamp", "h:timestamp", "mi:timestamp", "s:timestamp"),
				R(TS("2024-03-15 00:00:00"), TS("2024-03-15 13:00:00"), TS("2024-03-15 13:45:00"), TS("2024-03-15 13:45:30")),
				R(TS("2023-12-31 00:00:00"), TS("2023-12-31 23:00:00"), TS("2023-12-31 23:59:00"), TS("2023-12-31 23:59:59")),
				R(nil, nil, nil, nil))},
		{Name: "date/filter_by_date_literal", Build: func(c *C) (plan.Node, error) {
			return c.From(times).Filter(Fn(plan.FnGt, Col("d"), Lit(mustDate("2024-01-01")))).Select(As("d", Col("d"))).Plan()
		}, Want: T(Cols("d:date"), R(Date("2024-03-15")))},
	}
}
