package contract

import (
	"time"

	"github.com/sealane/sealane/frames"
	"github.com/sealane/sealane/frames/plan"
)

func init() { families = append(families, funcCases) }

var (
	texts = T(Cols("s:string"), R("Hello World"), R("abc"), R(""), R(nil), R("Ünïcode"))
	times = T(Cols("d:date", "ts:timestamp"),
		R(Date("2024-03-15"), TS("2024-03-15 13:45:30.5")),
		R(Date("2023-12-31"), TS("2023-12-31 23:59:59")),
		R(nil, nil),
	)
)

// textCase keeps s and adds r = e over texts.
func textCase(e frames.Expr) func(c *C) (plan.Node, error) {
	return frame(func(c *C) *frames.Frame { return c.From(texts).Select("s", e.Alias("r")) })
}

// timeCase selects exprs over times.
func timeCase(exprs ...any) func(c *C) (plan.Node, error) {
	return frame(func(c *C) *frames.Frame { return c.From(times).Select(exprs...) })
}

// funcCases cover string functions, date parts and date_trunc.
func funcCases() []Case {
	sb := Cols("s:string", "r:bool")
	ss := Cols("s:string", "r:string")
	s := frames.Col("s").Str()
	d, ts := frames.Col("d").Dt(), frames.Col("ts").Dt()
	return []Case{
		{Name: "string/lower_upper_unicode", Build: frame(func(c *C) *frames.Frame {
			return c.From(texts).Select(s.Lower().Alias("l"), s.Upper().Alias("u"))
		}), Want: T(Cols("l:string", "u:string"), R("hello world", "HELLO WORLD"), R("abc", "ABC"), R("", ""), R(nil, nil), R("ünïcode", "ÜNÏCODE"))},
		{Name: "string/contains", Build: textCase(s.Contains("lo")),
			Want: T(sb, R("Hello World", true), R("abc", false), R("", false), R(nil, nil), R("Ünïcode", false))},
		{Name: "string/starts_with", Build: textCase(s.StartsWith("He")),
			Want: T(sb, R("Hello World", true), R("abc", false), R("", false), R(nil, nil), R("Ünïcode", false))},
		{Name: "string/ends_with", Build: textCase(s.EndsWith("de")),
			Want: T(sb, R("Hello World", false), R("abc", false), R("", false), R(nil, nil), R("Ünïcode", true))},
		{Name: "string/replace_every_occurrence", Build: textCase(s.Replace("l", "L")),
			Want: T(ss, R("Hello World", "HeLLo WorLd"), R("abc", "abc"), R("", ""), R(nil, nil), R("Ünïcode", "Ünïcode"))},
		{Name: "string/length_in_characters", Build: textCase(s.Len()),
			Want: T(Cols("s:string", "r:int64"), R("Hello World", 11), R("abc", 3), R("", 0), R(nil, nil), R("Ünïcode", 7))},
		{Name: "string/substr_one_based", Build: textCase(s.Slice(2, 3)),
			Want: T(ss, R("Hello World", "ell"), R("abc", "bc"), R("", ""), R(nil, nil), R("Ünïcode", "nïc"))},
		{Name: "string/substr_to_end", Build: textCase(s.Slice(7, -1)),
			Want: T(ss, R("Hello World", "World"), R("abc", ""), R("", ""), R(nil, nil), R("Ünïcode", "e"))},
		{Name: "string/concat_str_null_if_any_null", Build: textCase(frames.ConcatStr(frames.Col("s"), "!", frames.Col("s"))),
			Want: T(ss, R("Hello World", "Hello World!Hello World"), R("abc", "abc!abc"), R("", "!"), R(nil, nil), R("Ünïcode", "Ünïcode!Ünïcode"))},
		{Name: "date/parts_of_dates", Build: timeCase(d.Year().Alias("y"), d.Month().Alias("m"),
			d.Day().Alias("dd"), d.Weekday().Alias("wd")),
			Want: T(Cols("y:int64", "m:int64", "dd:int64", "wd:int64"), R(2024, 3, 15, 5), R(2023, 12, 31, 7), R(nil, nil, nil, nil))},
		{Name: "date/parts_of_timestamps", Build: timeCase(ts.Hour().Alias("h"), ts.Minute().Alias("mi"),
			ts.Second().Alias("s"), ts.Year().Alias("y")),
			Want: T(Cols("h:int64", "mi:int64", "s:int64", "y:int64"), R(13, 45, 30, 2024), R(23, 59, 59, 2023), R(nil, nil, nil, nil))},
		{Name: "date/trunc_dates", Build: timeCase(d.Truncate("year").Alias("y"),
			d.Truncate("quarter").Alias("q"), d.Truncate("month").Alias("m"),
			d.Truncate("week").Alias("w")),
			Want: T(Cols("y:date", "q:date", "m:date", "w:date"),
				R(Date("2024-01-01"), Date("2024-01-01"), Date("2024-03-01"), Date("2024-03-11")),
				R(Date("2023-01-01"), Date("2023-10-01"), Date("2023-12-01"), Date("2023-12-25")),
				R(nil, nil, nil, nil))},
		{Name: "date/trunc_timestamps", Build: timeCase(ts.Truncate("day").Alias("d"),
			ts.Truncate("hour").Alias("h"), ts.Truncate("minute").Alias("mi"),
			ts.Truncate("second").Alias("s")),
			Want: T(Cols("d:timestamp", "h:timestamp", "mi:timestamp", "s:timestamp"),
				R(TS("2024-03-15 00:00:00"), TS("2024-03-15 13:00:00"), TS("2024-03-15 13:45:00"), TS("2024-03-15 13:45:30")),
				R(TS("2023-12-31 00:00:00"), TS("2023-12-31 23:00:00"), TS("2023-12-31 23:59:00"), TS("2023-12-31 23:59:59")),
				R(nil, nil, nil, nil))},
		{Name: "date/filter_by_date_literal", Build: frame(func(c *C) *frames.Frame {
			return c.From(times).Filter(frames.Col("d").Gt(frames.LitDate(2024, time.January, 1))).Select("d")
		}), Want: T(Cols("d:date"), R(Date("2024-03-15")))},
	}
}
