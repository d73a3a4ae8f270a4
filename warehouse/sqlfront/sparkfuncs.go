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
	abs add_months any any_value overlay ilike percentile_cont percentile_disc try_make_timestamp regexp_count regexp_substr to_json approx_count_distinct approx_top_k_combine array array_append
	array_compact array_contains array_distinct array_except array_insert array_intersect array_join
	array_max array_min array_position array_prepend array_remove array_repeat array_size array_union
	arrays_overlap arrays_zip ascii avg base64 bin bit_and bit_count bit_get bit_length bit_or bit_xor
	bitmap_and_agg bitmap_bit_position bitmap_bucket_number bitmap_construct_agg bitmap_or_agg
	bool_and bool_or btrim cardinality ceiling char char_length character_length chr coalesce
	collation collect_list collect_set collect_union concat concat_ws contains conv convert_timezone corr count
	count_if count_min_sketch covar_pop covar_samp crc32 cume_dist current_catalog current_date
	current_path current_schema current_timestamp current_timezone current_user date_add date_format
	date_from_unix_date date_part date_sub date_trunc datediff day dayname dayofmonth dayofweek
	dayofyear decode element_at elt encode endswith equal_null every factorial find_in_set first
	first_value flatten format_number format_string from_base32 from_utc_timestamp get get_json_object
	getbit greatest grouping grouping_id hash hex histogram_numeric hll_sketch_agg hll_union_agg hour
	ifnull initcap input_file_block_length input_file_block_start input_file_name instr is_valid_utf8
	is_valid_variant is_variant_null isnan jaro_winkler_similarity java_method json_array_length
	json_object_keys kll_merge_agg_bigint kll_merge_agg_double kll_merge_agg_float
	kll_sketch_agg_bigint kll_sketch_agg_double kll_sketch_agg_float kll_sketch_get_n_bigint
	kll_sketch_get_n_double kll_sketch_get_n_float kll_sketch_get_quantile_bigint
	kll_sketch_get_quantile_double kll_sketch_get_quantile_float kll_sketch_get_rank_bigint
	kll_sketch_get_rank_double kll_sketch_get_rank_float kll_sketch_merge_bigint
	kll_sketch_merge_double kll_sketch_merge_float kll_sketch_to_string_bigint
	kll_sketch_to_string_double kll_sketch_to_string_float kurtosis last last_day last_value lcase
	least left len length levenshtein ln localtimestamp lower lpad ltrim luhn_check make_date
	make_timestamp make_timestamp_ltz make_timestamp_ntz make_valid_utf8 map map_concat
	map_contains_key map_entries map_from_arrays map_from_entries map_keys map_values max max_by md5
	mean median min min_by minute mod mode monotonically_increasing_id month monthname named_struct
	nanvl negative next_day now nth_value ntile nullif nullifzero nvl nvl2 octet_length parse_json
	parse_url pmod pow printf quarter quote rand randn reflect regexp_count regexp_extract_all regexp_substr
	regr_avgx regr_avgy regr_count regr_intercept regr_r2 regr_slope regr_sxx regr_sxy regr_syy repeat
	reverse right rint row_number rpad rtrim schema_of_csv schema_of_variant schema_of_variant_agg
	second sequence session_user sha sha1 sha2 shiftleft shiftright shiftrightunsigned shuffle sign
	size skewness slice some soundex space split_part startswith std stddev stddev_pop stddev_samp
	struct substring_index sum theta_intersection_agg theta_sketch_agg timestamp_micros
	timestamp_millis timestamp_seconds timestampadd to_base32 to_binary to_char to_date to_number
	to_timestamp to_timestamp_ltz to_timestamp_ntz to_unix_timestamp to_utc_timestamp
	to_variant_object translate trim trunc try_add try_avg try_divide try_element_at
	try_make_timestamp_ltz try_make_timestamp_ntz try_mod try_multiply try_parse_json try_parse_url
	try_reflect try_subtract try_sum try_to_binary try_to_date try_to_number try_to_timestamp
	try_url_decode try_validate_utf8 try_variant_array_append try_variant_insert
	tuple_sketch_agg_double tuple_sketch_agg_integer typeof ucase unbase64 unhex unix_nanos upper
	url_decode url_encode user uuid validate_utf8 var_pop var_samp variance variant_array_append
	variant_delete variant_insert vector_avg vector_cosine_similarity vector_inner_product
	vector_l2_distance vector_sum version weekday weekofyear width_bucket xpath xpath_boolean
	transform filter exists forall zip_with map_filter transform_keys transform_values map_zip_with
	xpath_double xpath_float xpath_int xpath_long xpath_number xpath_short xpath_string xxhash64 year
	zeroifnull unix_date unix_micros unix_millis unix_seconds
`)

// arraySortComparator is how Spark prints array_sort's default comparator
// (ArraySort.defaultComparator, recorded from Spark 4.3.0).
const arraySortComparator = "lambdafunction((IF(((namedlambdavariable() IS NULL) AND (namedlambdavariable() IS NULL)), 0, " +
	"(IF((namedlambdavariable() IS NULL), 1, (IF((namedlambdavariable() IS NULL), -1, " +
	"(IF((namedlambdavariable() < namedlambdavariable()), -1, (IF((namedlambdavariable() > namedlambdavariable()), 1, 0)))))))))), namedlambdavariable(), namedlambdavariable())"

// sparkFuncs maps a function name (lower case) to how Spark prints it.
var sparkFuncs = func() map[string]sparkFunc {
	m := map[string]sparkFunc{
		// Renamed by the analyser.
		"array_agg":        {name: "collect_list"},
		"random":           {name: "rand"},
		"current_database": {name: "current_schema"},
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
		"csc":                {name: "CSC"},
		"sec":                {name: "SEC"},
		"expm1":              {name: "EXPM1"},
		"log1p":              {name: "LOG1P"},
		"hypot":              {name: "HYPOT"},
		"regexp_like":        {name: "REGEXP_LIKE"},
		"regexp":             {name: "REGEXP"},
		"rlike":              {name: "RLIKE"},
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
		"instr":             {first: 3, defaults: []string{"1"}},
		"position":          {first: 2, defaults: []string{"1"}},
		"mask":              {first: 1, defaults: []string{"X", "x", "n", "NULL"}},
		"sentences":         {first: 1, defaults: []string{"", ""}},
		"approx_top_k":      {first: 1, defaults: []string{"5", "10000"}},
		"replace":           {first: 2, defaults: []string{""}},
		"split":             {first: 2, defaults: []string{"-1"}},
		"locate":            {first: 2, defaults: []string{"1"}},
		"regexp_replace":    {first: 3, defaults: []string{"1"}},
		"regexp_extract":    {first: 2, defaults: []string{"1"}},
		"regexp_instr":      {first: 2, defaults: []string{"0"}},
		"make_dt_interval":  {defaults: []string{"0", "0", "0", "0.000000"}},
		"sort_array":        {first: 1, defaults: []string{"true"}},
		"str_to_map":        {first: 1, defaults: []string{",", ":"}},
		"months_between":    {first: 2, defaults: []string{"true"}},
		"from_unixtime":     {first: 1, defaults: []string{"yyyy-MM-dd HH:mm:ss"}},
		"to_unix_timestamp": {first: 1, defaults: []string{"yyyy-MM-dd HH:mm:ss"}},
		"unix_timestamp":    {defaults: []string{"current_timestamp()", "yyyy-MM-dd HH:mm:ss"}},
		// Higher-order functions: the finishing lambda defaults to the identity,
		// array_sort's comparator to ascending order with NULLs last.
		"array_sort": {first: 1, defaults: []string{arraySortComparator}},
		"aggregate":  {first: 3, defaults: []string{"lambdafunction(namedlambdavariable(), namedlambdavariable())"}},
		"reduce":     {first: 3, defaults: []string{"lambdafunction(namedlambdavariable(), namedlambdavariable())"}},
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
	if c.within != nil {
		if c.over != nil || c.filter != nil || c.distinct {
			n.unknown = true
			return
		}
		if c.name == "listagg" || c.name == "string_agg" {
			// Printed as listagg with its default separator and the
			// whole sort order (recorded).
			n.plainCall(&callExpr{name: "listagg", args: c.args}, sparkFuncs["listagg"])
			n.w(" WITHIN GROUP (ORDER BY ")
			n.print(c.within.x)
			if c.within.desc {
				n.w(" DESC NULLS LAST)")
			} else {
				n.w(" ASC NULLS FIRST)")
			}
			return
		}
		// Spark prints mode's order inverted (recorded: ORDER BY col
		// prints ORDER BY col DESC).
		desc := c.within.desc != (c.name == "mode")
		n.plainCall(&callExpr{name: c.name, args: c.args}, sparkFunc{})
		n.w(" WITHIN GROUP (ORDER BY ")
		n.print(c.within.x)
		if desc {
			n.w(" DESC")
		}
		n.w(")")
		return
	}
	switch c.name {
	case "assert_true":
		if n.assertTrueName(c) {
			return
		}
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
			n.fn("LOG", &callExpr{name: "e"}, c.args[0])
			return
		}
	case "datepart":
		// datepart('YEAR', d) prints as datepart(YEAR FROM d).
		if f, ok := litOf(c.args0(), litString); ok && len(c.args) == 2 && c.over == nil {
			n.print(&seqExpr{parts: []any{"datepart(" + f.pretty + " FROM ", c.args[1], ")"}})
			return
		}
	case "to_char", "to_varchar":
		// Printed as the function the format picks (recorded): to_char of
		// a date is date_format, to_char(bin, 'hex') is hex(bin).
		if len(c.args) != 2 || c.over != nil {
			break
		}
		if f, ok := litOf(c.args[1], litString); ok {
			fmtName := strings.ToLower(f.pretty)
			switch _, _, number := numberFormat(f.pretty); {
			case binaryFormats[fmtName] != "" && c.name == "to_varchar" && fmtName != "utf-8" && fmtName != "utf8":
				n.plainCall(&callExpr{name: c.name, args: c.args[:1]}, sparkFunc{})
			case binaryFormats[fmtName] != "" && c.name == "to_varchar":
				n.plainCall(c, sparkFunc{})
			case fmtName == "base64" || fmtName == "hex":
				n.plainCall(&callExpr{name: fmtName, args: c.args[:1]}, sparkFunc{})
			case binaryFormats[fmtName] != "":
				n.plainCall(c, sparkFunc{name: "decode"})
			case number:
				n.plainCall(c, sparkFunc{name: "to_char"})
			default:
				n.plainCall(c, sparkFunc{name: "date_format"})
			}
			return
		}
	case "try_make_timestamp":
		// The time zone argument does not show (recorded).
		if len(c.args) == 7 && c.over == nil {
			n.plainCall(&callExpr{name: c.name, args: c.args[:6]}, sparkFunc{})
			return
		}
	case "convert_timezone":
		// Without a source zone the session's shows first (recorded).
		if len(c.args) == 2 && c.over == nil {
			args := append([]exprNode{&callExpr{name: "current_timezone"}}, c.args...)
			n.plainCall(&callExpr{name: c.name, args: args}, sparkFunc{})
			return
		}
	case "try_make_timestamp_ntz":
		// From a DATE and a TIME it prints around make_timestamp_ntz (recorded).
		if len(c.args) == 2 && c.over == nil {
			n.w("try_make_timestamp_ntz(")
			n.plainCall(c, sparkFunc{name: "make_timestamp_ntz"})
			n.w(")")
			return
		}
	case "make_timestamp_ltz", "try_make_timestamp_ltz":
		// From a DATE and a TIME both print as make_timestamp (recorded).
		if len(c.args) <= 3 && c.over == nil {
			n.plainCall(&callExpr{name: "make_timestamp", args: c.args}, sparkFunc{})
			return
		}
	case "to_json":
		// The options map does not show.
		if len(c.args) == 2 && c.over == nil {
			n.plainCall(&callExpr{name: c.name, args: c.args[:1]}, sparkFunc{})
			return
		}
	case "from_json", "schema_of_json", "from_csv":
		// from_json's and from_csv's schema and the options do not show.
		if len(c.args) >= 1 && c.over == nil {
			n.plainCall(&callExpr{name: c.name, args: c.args[:1]}, sparkFunc{})
			return
		}
	case "variant_get", "try_variant_get":
		// The type argument does not show.
		if len(c.args) == 3 && c.over == nil {
			n.plainCall(&callExpr{name: c.name, args: c.args[:2]}, sparkFunc{})
			return
		}
	case "ceil", "floor":
		// ceil(x) prints CEIL(x), ceil(x, scale) as called.
		if len(c.args) == 2 {
			n.plainCall(c, sparkFunc{})
			return
		}
	case "dateadd", "date_diff", "datediff":
		// With a unit first they are timestampadd/timestampdiff; without,
		// dateadd is date_add and the others print as called.
		if len(c.args) == 3 {
			name := "timestampdiff"
			if c.name == "dateadd" {
				name = "timestampadd"
			}
			n.plainCall(c, sparkFunc{name: name})
			return
		}
		if c.name == "dateadd" {
			n.plainCall(c, sparkFunc{name: "date_add"})
			return
		}
		n.plainCall(c, sparkFunc{})
		return
	case "lpad", "rpad":
		// The default pad is a blank for a string, X'00' for binary.
		if len(c.args) == 2 {
			switch first := c.args[0]; {
			case isLit(first, litString):
				n.plainCall(c, sparkFunc{first: 2, defaults: []string{" "}})
			case isLit(first, litBinary), isCall(first, "unhex"):
				n.plainCall(c, sparkFunc{first: 2, defaults: []string{"X'00'"}})
			default:
				n.unknown = true
			}
			return
		}
	case "boolean", "tinyint", "smallint", "int", "bigint", "float", "double", "decimal",
		"date", "timestamp", "binary", "string":
		// Spark's cast functions build a cast it did not mark as written
		// by the user, which prints as its operand: dayname(DATE('…')) is
		// dayname(…).
		if len(c.args) == 1 && c.over == nil && c.filter == nil && !c.distinct {
			n.print(c.args[0])
			return
		}
		n.unknown = true
		return
	case "like":
		// like(a, b) prints as the operator a LIKE b.
		if len(c.args) == 2 && c.over == nil && c.filter == nil {
			n.like(&likeExpr{op: "LIKE", x: c.args[0], pat: c.args[1]})
			return
		}
	case "rank", "dense_rank", "percent_rank":
		// Arguments are ignored and not printed: rank(b) is RANK().
		c = &callExpr{name: c.name, over: c.over, filter: c.filter}
	case "first", "last", "first_value", "last_value", "any_value", "mode":
		// first(x, ignoreNulls) prints without its flag.
		if len(c.args) == 2 && c.name == "mode" {
			// mode(x, true) is a WITHIN GROUP form.
			n.unknown = !n.modeName(c)
			return
		}
		if len(c.args) == 2 {
			if l, ok := c.args[1].(*litExpr); !ok || l.kind != litBool {
				n.unknown = true
				return
			}
			c = &callExpr{name: c.name, args: c.args[:1], distinct: c.distinct, filter: c.filter, over: c.over}
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
		for i := len(c.args); i < f.first+len(f.defaults) && len(c.args) >= f.first; i++ {
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

// isLit reports whether e is a literal of kind.
func isLit(e exprNode, kind litKind) bool {
	_, ok := litOf(e, kind)
	return ok
}

// isCall reports whether e is a call of the function name.
func isCall(e exprNode, name string) bool {
	c, ok := e.(*callExpr)
	return ok && c.name == name
}
