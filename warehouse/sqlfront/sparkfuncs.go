package sqlfront

import (
	"strings"
)

// sparkFunc says how Spark prints a call of one function.
type sparkFunc struct {
	// name is the printed name; "" prints the name as called, in lower case.
	name string
	// defaults are the default arguments from position first on: the
	// analyser appends those a call leaves out, and they show in the name.
	defaults []string
	first    int
	// frame is the window frame the function imposes, for ranking and
	// offset functions: "rows" (ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT
	// ROW), "range" (RANGE … CURRENT ROW), "lag" or "lead".
	frame string
}

// plainFuncs are functions printed as called, lower case, with their
// arguments and nothing added (Spark 4.3.0, recorded).
var plainFuncs = strings.Fields(`
	abs add_months any_value approx_count_distinct array array_append array_contains array_distinct
	array_intersect array_join array_position array_prepend arrays_zip ascii avg base64 bin bit_length
	bool_and btrim cardinality ceiling char char_length character_length chr coalesce collect_list
	collect_set concat concat_ws contains conv count count_if cume_dist current_catalog current_date
	current_schema current_timestamp current_timezone current_user date_add date_format date_part
	date_sub date_trunc datediff day dayname dayofmonth dayofweek dayofyear decode element_at elt
	endswith equal_null every first first_value flatten format_string get greatest grouping hash hex
	hour ifnull initcap instr isnan jaro_winkler_similarity json_array_length last last_day last_value
	lcase least left len length levenshtein ln lower ltrim make_date map map_keys map_values max
	max_by md5 median min min_by minute mod mode monotonically_increasing_id month monthname
	named_struct nanvl negative now nth_value ntile nullif nullifzero nvl nvl2 octet_length pmod pow
	quarter rand randn regexp_extract_all repeat reverse right row_number rtrim second sequence sha1
	sha2 sign size slice some split_part startswith stddev struct sum timestampadd to_char to_date
	to_timestamp translate trim trunc try_add try_divide try_element_at try_multiply try_subtract
	typeof ucase unhex upper url_decode url_encode user uuid variance version weekday weekofyear
	width_bucket xxhash64 year zeroifnull
`)

// sparkFuncs maps a function name (lower case) to how Spark prints it.
var sparkFuncs = func() map[string]sparkFunc {
	m := map[string]sparkFunc{
		// Renamed by the analyser.
		"array_agg":        {name: "collect_list"},
		"random":           {name: "rand"},
		"current_database": {name: "current_schema"},
		"dateadd":          {name: "timestampadd"},
		"date_diff":        {name: "timestampdiff"},
		"timestampdiff":    {name: "timestampdiff"},
		// Printed in upper case.
		"rank":               {name: "RANK", frame: "rows"},
		"dense_rank":         {name: "DENSE_RANK", frame: "rows"},
		"percent_rank":       {name: "PERCENT_RANK", frame: "rows"},
		"row_number":         {frame: "rows"},
		"ntile":              {frame: "rows"},
		"cume_dist":          {frame: "range"},
		"spark_partition_id": {name: "SPARK_PARTITION_ID"},
		"e":                  {name: "E"},
		"pi":                 {name: "PI"},
		"signum":             {name: "SIGNUM"},
		"ceil":               {name: "CEIL"},
		"floor":              {name: "FLOOR"},
		"power":              {name: "POWER"},
		"sqrt":               {name: "SQRT"},
		"exp":                {name: "EXP"},
		"log10":              {name: "LOG10"},
		"log":                {name: "LOG"},
		"acos":               {name: "ACOS"},
		"acosh":              {name: "ACOSH"},
		"asin":               {name: "ASIN"},
		"asinh":              {name: "ASINH"},
		"atan":               {name: "ATAN"},
		"atan2":              {name: "ATAN2"},
		"atanh":              {name: "ATANH"},
		"cbrt":               {name: "CBRT"},
		"cos":                {name: "COS"},
		"cosh":               {name: "COSH"},
		"cot":                {name: "COT"},
		"degrees":            {name: "DEGREES"},
		"log2":               {name: "LOG2"},
		"radians":            {name: "RADIANS"},
		"sin":                {name: "SIN"},
		"sinh":               {name: "SINH"},
		"tan":                {name: "TAN"},
		"tanh":               {name: "TANH"},
		// Default arguments the analyser adds.
		"lag":               {first: 1, defaults: []string{"1", "NULL"}, frame: "lag"},
		"lead":              {first: 1, defaults: []string{"1", "NULL"}, frame: "lead"},
		"percentile":        {first: 2, defaults: []string{"1"}},
		"percentile_approx": {first: 2, defaults: []string{"10000"}},
		"approx_percentile": {first: 2, defaults: []string{"10000"}},
		"round":             {first: 1, defaults: []string{"0"}},
		"bround":            {first: 1, defaults: []string{"0"}},
		"substring":         {first: 2, defaults: []string{"2147483647"}},
		"substr":            {first: 2, defaults: []string{"2147483647"}},
		"listagg":           {first: 1, defaults: []string{"NULL"}},
		"string_agg":        {first: 1, defaults: []string{"NULL"}},
		"lpad":              {first: 2, defaults: []string{" "}},
		"rpad":              {first: 2, defaults: []string{" "}},
		"replace":           {first: 2, defaults: []string{""}},
		"split":             {first: 2, defaults: []string{"-1"}},
		"locate":            {first: 2, defaults: []string{"1"}},
		"regexp_replace":    {first: 3, defaults: []string{"1"}},
		"regexp_extract":    {first: 2, defaults: []string{"1"}},
		"sort_array":        {first: 1, defaults: []string{"true"}},
		"months_between":    {first: 2, defaults: []string{"true"}},
		"from_unixtime":     {first: 1, defaults: []string{"yyyy-MM-dd HH:mm:ss"}},
		"unix_timestamp":    {defaults: []string{"current_timestamp()", "yyyy-MM-dd HH:mm:ss"}},
	}
	for _, f := range plainFuncs {
		if _, ok := m[f]; !ok {
			m[f] = sparkFunc{}
		}
	}
	return m
}()

// call prints a function call, with its DISTINCT, FILTER and window.
func (n *namer) call(c *callExpr) {
	switch c.name {
	case "positive":
		if len(c.args) == 1 && c.over == nil {
			n.unary(&unaryExpr{op: "+", x: c.args[0]})
			return
		}
	case "isnull", "isnotnull":
		if len(c.args) == 1 && c.over == nil {
			n.is(&isExpr{x: c.args[0], what: "NULL", not: c.name == "isnotnull"})
			return
		}
	case "if":
		if len(c.args) == 3 && c.over == nil && c.filter == nil && !c.distinct {
			n.w("(")
			n.fn("IF", c.args...)
			n.w(")")
			return
		}
	case "log":
		if len(c.args) == 1 && c.over == nil {
			n.fn("LOG", &callExpr{name: "e", parens: true}, c.args[0])
			return
		}
	case "datepart":
		// datepart('YEAR', d) prints as datepart(YEAR FROM d).
		if f, ok := litOf(c.args0(), litString); ok && len(c.args) == 2 && c.over == nil {
			n.print(&seqExpr{parts: []any{"datepart(" + f.pretty + " FROM ", c.args[1], ")"}})
			return
		}
	case "first", "last", "first_value", "last_value":
		// first(x, ignoreNulls) prints without its flag.
		if len(c.args) == 2 {
			if l, ok := c.args[1].(*litExpr); !ok || l.kind != litBool {
				n.unknown = true
				return
			}
			c = &callExpr{name: c.name, args: c.args[:1], distinct: c.distinct, parens: true, filter: c.filter, over: c.over}
		}
		n.plainCall(c, sparkFunc{})
		return
	}
	f, ok := sparkFuncs[c.name]
	if !ok {
		n.unknown = true
		return
	}
	n.plainCall(c, f)
}

// plainCall prints name(args, defaults) [FILTER (WHERE …)] [OVER (…)].
func (n *namer) plainCall(c *callExpr, f sparkFunc) {
	name := f.name
	if name == "" {
		name = c.name
	}
	if c.star {
		if c.name != "count" || c.distinct {
			n.unknown = true
			return
		}
		n.w("count(1)")
	} else {
		n.w(name + "(")
		if c.distinct {
			n.w("DISTINCT ")
		}
		for i, a := range c.args {
			if i > 0 {
				n.w(", ")
			}
			n.print(a)
		}
		for i := len(c.args); i < f.first+len(f.defaults); i++ {
			if i < f.first {
				n.unknown = true // a required argument is missing
				return
			}
			if i > 0 {
				n.w(", ")
			}
			n.w(f.defaults[i-f.first])
		}
		n.w(")")
	}
	if c.filter != nil {
		n.w(" FILTER (WHERE ")
		n.print(c.filter)
		n.w(")")
	}
	if c.over != nil {
		n.window(c, f)
	} else if f.frame != "" {
		n.unknown = true // a window function outside a window is an error
	}
}

// window prints OVER (PARTITION BY … ORDER BY … frame) with Spark's
// defaults: ASC NULLS FIRST / DESC NULLS LAST, and the frame the function
// imposes or RANGE … CURRENT ROW with an ORDER BY, ROWS … UNBOUNDED
// FOLLOWING without.
func (n *namer) window(c *callExpr, f sparkFunc) {
	w := c.over
	n.w(" OVER (")
	if len(w.partition) > 0 {
		n.w("PARTITION BY ")
		for i, p := range w.partition {
			if i > 0 {
				n.w(", ")
			}
			n.print(p)
		}
		n.w(" ")
	}
	if len(w.order) > 0 {
		n.w("ORDER BY ")
		for i, s := range w.order {
			if i > 0 {
				n.w(", ")
			}
			n.print(s.x)
			dir, nulls := " ASC", " NULLS LAST"
			if s.desc {
				dir = " DESC"
			}
			if s.nullsFirst {
				nulls = " NULLS FIRST"
			}
			n.w(dir + nulls)
		}
		n.w(" ")
	}
	switch f.frame {
	case "rows", "range":
		if w.frame != nil || len(w.order) == 0 {
			n.unknown = true // Spark rejects or keeps a frame we do not model
			return
		}
		n.w(strings.ToUpper(f.frame) + " BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)")
	case "lag", "lead":
		off := "1"
		if len(c.args) >= 2 {
			l, ok := c.args[1].(*litExpr)
			if !ok || l.kind != litNumber || strings.HasPrefix(l.pretty, "-") {
				n.unknown = true
				return
			}
			off = l.pretty
		}
		if f.frame == "lag" && off != "0" {
			off = "-" + off
		}
		if w.frame != nil || len(w.order) == 0 {
			n.unknown = true
			return
		}
		n.w("ROWS BETWEEN " + off + " FOLLOWING AND " + off + " FOLLOWING)")
	default:
		switch {
		case w.frame != nil:
			n.w(w.frame.kind + " BETWEEN " + w.frame.lower + " AND " + w.frame.upper + ")")
		case len(w.order) > 0:
			n.w("RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)")
		default:
			n.w("ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)")
		}
	}
}

// args0 returns the first argument, or nil.
func (c *callExpr) args0() exprNode {
	if len(c.args) == 0 {
		return nil
	}
	return c.args[0]
}
