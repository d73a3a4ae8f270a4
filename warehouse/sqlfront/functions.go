package sqlfront

// fn is one entry of the function catalog: how a Databricks function that
// DuckDB lacks, spells or types differently becomes DuckDB SQL.
//
// A template is DuckDB text in which $1 … $9 stand for the call's arguments
// as written (each used at most once, in increasing order; an argument the
// template leaves out is dropped) and $* for all of them with their commas.
// A template without '$' and without '(' is a function name, shorthand for
// name($*). Anything that needs an argument twice or out of order goes
// through a macro (see macros) that the template calls.
type fn struct {
	// min and max bound the number of arguments Spark accepts (max -1: no
	// upper bound); a call outside them fails with ErrWrongNumArgs. Zero
	// values leave the count unchecked.
	min, max int
	// to is the template for every argument count not in byArity.
	to string
	// byArity holds templates for particular argument counts; "" leaves
	// the call as written (a form DuckDB shares, such as EXISTS (subquery)).
	byArity map[int]string
	// pattern is the 1-based position of an argument holding a Java
	// datetime pattern (yyyy-MM-dd …), translated to strftime's when it is
	// a string literal; parse tells whether the pattern parses (strptime)
	// rather than formats.
	pattern int
	parse   bool
	// pairs, when set, writes a call of key, value, key, value … arguments
	// as DuckDB's literal syntax: pairs[0], the pairs separated by ", ",
	// each key from its value by pairs[1], then pairs[2].
	pairs *[3]string
	// castTo, for a window function, casts the call with its OVER clause
	// to this DuckDB type (ranks are INT in Spark, BIGINT in DuckDB).
	castTo string
	// fields writes struct(a, b AS n, …) as a DuckDB struct literal with
	// Spark's field names: the alias, a column's name, or colN.
	fields bool
	// keywordArgs are keywords that separate arguments as commas do, for
	// Spark's SQL-standard forms (overlay(s PLACING r FROM p FOR l)).
	keywordArgs []string
	// fail, when set, refuses every call with Spark's error (see SparkError).
	fail *failure
}

// intCast wraps a DuckDB function whose result is BIGINT where Spark's is INT.
func intCast(duck string) fn { return fn{to: "CAST(" + duck + "($*) AS INTEGER)"} }

// datePart is a Spark date part (INT) of a date, timestamp or a string
// Spark casts to one; DuckDB's are BIGINT and take no strings.
func datePart(duck string) fn {
	return fn{min: 1, max: 1, to: "CAST(" + duck + "(CAST($1 AS TIMESTAMP)) AS INTEGER)"}
}

// catalog maps Databricks function names (lower case) to DuckDB. Adding a
// function is one entry here, plus a macro in macros when the template
// cannot say it, plus its test in functions_test.go.
var catalog = map[string]fn{
	"array":      {to: "list_value"},
	"startswith": {min: 2, max: 2, to: "sl_starts_with($*)"},
	"endswith":   {min: 2, max: 2, to: "sl_ends_with($*)"},
	"contains":   {min: 2, max: 2, to: "sl_contains($*)"},
	// Databricks min_by/max_by keep a NULL value of the row they pick (and
	// skip rows whose ordering is NULL); DuckDB's min_by/arg_min skip NULL
	// values, arg_min_null does not.
	"min_by": {min: 2, max: 3, to: "arg_min_null", byArity: map[int]string{3: "arg_min($*)"}},
	"max_by": {min: 2, max: 3, to: "arg_max_null", byArity: map[int]string{3: "arg_max($*)"}},
	// Databricks: Sunday = 1 … Saturday = 7; DuckDB: Sunday = 0 … Saturday = 6.
	"dayofweek": {min: 1, max: 1, to: "CAST(dayofweek(CAST($1 AS TIMESTAMP)) + 1 AS INTEGER)"},
	// Databricks: Monday = 0 … Sunday = 6; DuckDB's weekday is its dayofweek.
	"weekday": {min: 1, max: 1, to: "CAST(isodow(CAST($1 AS TIMESTAMP)) - 1 AS INTEGER)"},

	// Date parts are INT in Spark, BIGINT in DuckDB.
	"year": datePart("year"), "quarter": datePart("quarter"), "month": datePart("month"),
	"day": datePart("day"), "dayofmonth": datePart("dayofmonth"), "dayofyear": datePart("dayofyear"),
	"hour": datePart("hour"), "minute": datePart("minute"), "second": datePart("second"),
	"weekofyear": datePart("weekofyear"),
	"extract":    intCast("extract"), "date_part": intCast("date_part"), "datepart": intCast("date_part"),
	"dayname":   {min: 1, max: 1, to: "strftime(CAST($1 AS TIMESTAMP), '%a')"},
	"monthname": {min: 1, max: 1, to: "strftime(CAST($1 AS TIMESTAMP), '%b')"},
	// String and array lengths are INT in Spark.
	// Of a BINARY, in bytes (see sl_blen).
	"length": intCast("sl_blen"), "char_length": intCast("sl_blen"), "character_length": intCast("sl_blen"),
	"len": intCast("sl_blen"), "bit_length": {min: 1, max: 1, to: "sl_bit_length($1)"},
	"instr": {min: 2, max: 4, to: "CAST(instr($*) AS INTEGER)",
		byArity: map[int]string{3: "sl_instr4($1, $2, $3, 1)", 4: "sl_instr4($*)"}},
	"locate": {min: 2, max: 3, byArity: map[int]string{2: "sl_locate($*)"}, to: "sl_locate($*)"},
	// position(s IN str) is DuckDB's too.
	"position":       {min: 1, max: 3, to: "sl_locate($*)", byArity: map[int]string{1: "CAST(position($1) AS INTEGER)"}},
	"ascii":          {min: 1, max: 1, to: "CAST(ascii(CAST($1 AS VARCHAR)) AS INTEGER)"},
	"char":           {min: 1, max: 1, to: "chr(CAST($1 AS INTEGER))"},
	"bit_count":      intCast("bit_count"),
	"bin":            {min: 1, max: 1, to: "sl_bin($1)"},
	"array_position": {min: 2, max: 2, to: "CAST(coalesce(list_position($1, $2), 0) AS BIGINT)"},
	// DuckDB's subscript is 1-based and reads maps too, as element_at does;
	// an array index out of range fails, as in Spark with ANSI on.
	"element_at":  {min: 2, max: 2, to: "sl_element_at($*)"},
	"size":        {min: 1, max: 1, to: "CAST(len($1) AS INTEGER)"},
	"cardinality": {min: 1, max: 1, to: "CAST(len($1) AS INTEGER)"},

	// Aggregates.
	"collect_list":   {min: 1, max: 1, to: "sl_collect_list($1)"},
	"array_agg":      {min: 1, max: 1, to: "sl_collect_list($1)"},
	"collect_set":    {min: 1, max: 1, to: "list_sort(list_distinct(list($1)))"},
	"count_if":       {min: 1, max: 1, to: "CAST(count_if($1) AS BIGINT)"},
	"kurtosis":       {min: 1, max: 1, to: "kurtosis_pop"},
	"skewness":       {min: 1, max: 1, to: "sl_skewness($1)"},
	"array_contains": {min: 2, max: 2, to: "sl_array_contains($*)"},
	// Spark's separator defaults to the empty string, DuckDB's to a comma.
	"listagg":    {min: 1, max: 2, byArity: map[int]string{1: "string_agg($1, '')"}, to: "string_agg"},
	"string_agg": {min: 1, max: 2, byArity: map[int]string{1: "string_agg($1, '')"}, to: "string_agg"},
	"grouping":   {to: "CAST(grouping($*) AS TINYINT)"},
	// Spark's first/last/any_value keep a NULL unless told to ignore them.
	"first":             {min: 1, max: 2, byArity: map[int]string{1: "first($1)"}, to: "sl_first($*)"},
	"any_value":         {min: 1, max: 2, byArity: map[int]string{1: "first($1)"}, to: "sl_first($*)"},
	"last":              {min: 1, max: 2, byArity: map[int]string{1: "last($1)"}, to: "sl_last($*)"},
	"percentile":        {min: 2, max: 3, to: "quantile_cont($1, $2)"},
	"percentile_approx": {min: 2, max: 3, to: "quantile_disc($1, $2)"},
	"approx_percentile": {min: 2, max: 3, to: "quantile_disc($1, $2)"},
	"every":             {min: 1, max: 1, to: "bool_and"},
	"some":              {min: 1, max: 1, to: "bool_or"},
	"any":               {min: 1, max: 1, to: "bool_or"},
	"std":               {min: 1, max: 1, to: "stddev_samp"},

	// Window functions: INT in Spark.
	"row_number": {castTo: "INTEGER"}, "rank": {castTo: "INTEGER"}, "dense_rank": {castTo: "INTEGER"},
	"ntile": {castTo: "INTEGER"},

	// Maps and structs from key, value … arguments.
	"map":          {pairs: &[3]string{"MAP {", ": ", "}"}},
	"named_struct": {min: 2, max: -1, pairs: &[3]string{"{", ": ", "}"}},
	"struct":       {min: 1, max: -1, fields: true},

	// Conditionals and null handling.
	"nvl":       {min: 2, max: 2, to: "coalesce"},
	"nvl2":      {min: 3, max: 3, to: "sl_nvl2($*)"},
	"isnull":    {min: 1, max: 1, to: "($1 IS NULL)"},
	"isnotnull": {min: 1, max: 1, to: "($1 IS NOT NULL)"},

	// Math and bits.
	"shiftleft":    {min: 2, max: 2, to: "($1 << $2)"},
	"shiftright":   {min: 2, max: 2, to: "($1 >> $2)"},
	"pmod":         {min: 2, max: 2, to: "sl_pmod($*)"},
	"mod":          {min: 2, max: 2, to: "($1 % sl_nonzero_rem($2))"},
	"div":          {min: 2, max: 2, to: "sl_div($*)"},
	"bround":       {min: 1, max: 2, to: "round_even", byArity: map[int]string{1: "round_even($1, 0)"}},
	"signum":       {min: 1, max: 1, to: "CAST(sign($1) AS DOUBLE)"},
	"sign":         {min: 1, max: 1, to: "CAST(sign($1) AS DOUBLE)"},
	"positive":     {min: 1, max: 1, to: "(+$1)"},
	"negative":     {min: 1, max: 1, to: "(-$1)"},
	"e":            {min: 0, max: 0, to: "exp(1)"},
	"factorial":    {min: 1, max: 1, to: "CAST(factorial($1) AS BIGINT)"},
	"log1p":        {min: 1, max: 1, to: "ln(1 + $1)"},
	"expm1":        {min: 1, max: 1, to: "(exp($1) - 1)"},
	"sec":          {min: 1, max: 1, to: "(1 / cos($1))"},
	"csc":          {min: 1, max: 1, to: "(1 / sin($1))"},
	"rint":         {min: 1, max: 1, to: "CAST(round_even($1, 0) AS DOUBLE)"},
	"hypot":        {min: 2, max: 2, to: "sl_hypot($*)"},
	"nanvl":        {min: 2, max: 2, to: "sl_nanvl($*)"},
	"width_bucket": {min: 4, max: 4, to: "sl_width_bucket($*)"},
	// Spark answers NaN outside the domain; DuckDB fails.
	"acos":  {min: 1, max: 1, to: "sl_acos($1)"},
	"asin":  {min: 1, max: 1, to: "sl_asin($1)"},
	"atanh": {min: 1, max: 1, to: "sl_atanh($1)"},

	// try_ forms: NULL where the plain form fails.
	"try_add":        {min: 2, max: 2, to: "($1 + $2)"},
	"try_subtract":   {min: 2, max: 2, to: "($1 - $2)"},
	"try_multiply":   {min: 2, max: 2, to: "($1 * $2)"},
	"try_divide":     {min: 2, max: 2, to: "sl_try_divide($*)"},
	"try_mod":        {min: 2, max: 2, to: "sl_try_mod($*)"},
	"try_sum":        {min: 1, max: 1, to: "sum"},
	"try_avg":        {min: 1, max: 1, to: "avg"},
	"try_element_at": {min: 2, max: 2, to: "($1)[$2]"},
	"try_to_date": {min: 1, max: 2, byArity: map[int]string{1: "TRY_CAST($1 AS DATE)"},
		to: "CAST(try_strptime($1, $2) AS DATE)", pattern: 2, parse: true},
	"try_to_timestamp": {min: 1, max: 2, byArity: map[int]string{1: "TRY_CAST($1 AS TIMESTAMPTZ)"},
		to: "CAST(try_strptime($1, $2) AS TIMESTAMPTZ)", pattern: 2, parse: true},
	"zeroifnull": {min: 1, max: 1, to: "coalesce($1, 0)"},
	"nullifzero": {min: 1, max: 1, to: "nullif($1, 0)"},
	"equal_null": {min: 2, max: 2, to: "($1 IS NOT DISTINCT FROM $2)"},

	// Errors raised on purpose.
	"raise_error": {min: 1, max: 1, to: "sl_raise_error($1)"},
	"assert_true": {min: 1, max: 2, byArity: map[int]string{1: "sl_assert_true($1, 'Assertion failed')"}, to: "sl_assert_true($*)"},

	// Arrays; lambdas (x -> …) are DuckDB's syntax too.
	"sort_array": {min: 1, max: 2, byArity: map[int]string{1: "list_sort($1, 'ASC', 'NULLS FIRST')"}, to: "sl_sort_array($*)"},
	"transform":  {min: 2, max: 2, to: "list_transform"},
	// exists(array, x -> …); EXISTS (subquery) is left as it is.
	"exists":           {min: 1, max: 2, byArity: map[int]string{1: ""}, to: "sl_exists(list_transform($1, $2))"},
	"forall":           {min: 2, max: 2, to: "sl_forall(list_transform($1, $2))"},
	"array_append":     {min: 2, max: 2, to: "sl_array_append($*)"},
	"array_prepend":    {min: 2, max: 2, to: "sl_array_prepend($*)"},
	"array_size":       {min: 1, max: 1, to: "CAST(len($1) AS INTEGER)"},
	"array_min":        {min: 1, max: 1, to: "list_min"},
	"array_max":        {min: 1, max: 1, to: "list_max"},
	"array_join":       {min: 2, max: 3, to: "array_to_string"},
	"array_remove":     {min: 2, max: 2, to: "list_filter($1, lambda __sl_e: __sl_e IS DISTINCT FROM $2)"},
	"array_compact":    {min: 1, max: 1, to: "list_filter($1, lambda __sl_e: __sl_e IS NOT NULL)"},
	"array_repeat":     {min: 2, max: 2, to: "repeat([$1], $2)"},
	"arrays_overlap":   {min: 2, max: 2, to: "list_has_any"},
	"slice":            {min: 3, max: 3, to: "sl_slice($*)"},
	"get":              {min: 2, max: 2, to: "($1)[$2 + 1]"},
	"map_contains_key": {min: 2, max: 2, to: "map_contains"},
	"map_from_arrays":  {min: 2, max: 2, to: "map"},
	"array_sort":       {min: 1, max: 2, byArity: map[int]string{1: "list_sort($1, 'ASC', 'NULLS LAST')"}, to: "array_sort"},
	"filter":           {min: 2, max: 2, to: "list_filter"},
	"sequence":         {min: 2, max: 3, byArity: map[int]string{2: "sl_sequence($*)"}, to: "generate_series"},

	// Strings.
	// substring(s FROM p FOR l) is DuckDB's too.
	"substr":         {min: 1, max: 3, byArity: map[int]string{1: "substring($1)"}, to: "sl_substr($*)"},
	"substring":      {min: 1, max: 3, byArity: map[int]string{1: "substring($1)"}, to: "sl_substr($*)"},
	"regexp_replace": {min: 3, max: 4, to: "regexp_replace($1, $2, $3, 'g')"},
	"split":          {min: 2, max: 3, to: "sl_split($*)", byArity: map[int]string{2: "string_split_regex($1, $2)"}},
	"overlay":        {min: 3, max: 4, to: "sl_overlay($*)", keywordArgs: []string{"PLACING", "FROM", "FOR"}},
	"initcap":        {min: 1, max: 1, to: "sl_initcap($1)"},
	"encode":         {min: 2, max: 2, to: "encode($1)"},
	"decode":         {min: 2, max: -1, byArity: map[int]string{2: "decode($1)"}, to: "decode($*)"},
	"octet_length":   {min: 1, max: 1, to: "sl_octet_length($1)"},
	"abs":            {min: 1, max: 1, to: "abs"},
	// Of a BINARY too, whose bytes are read as text (Spark answers a STRING).
	"btrim": {min: 1, max: 2, to: "trim(CAST($1 AS VARCHAR), CAST($2 AS VARCHAR))",
		byArity: map[int]string{1: "trim(CAST($1 AS VARCHAR))"}},
	"left":        {min: 2, max: 2, to: "sl_substr($1, 1, $2)"},
	"space":       {min: 1, max: 1, to: "repeat(' ', $1)"},
	"rlike":       {min: 2, max: 2, to: "regexp_matches"},
	"regexp":      {min: 2, max: 2, to: "regexp_matches"},
	"regexp_like": {min: 2, max: 2, to: "regexp_matches"},
	"like":        {min: 2, max: 2, to: "($1 LIKE $2 ESCAPE '\\')"},
	"ilike":       {min: 2, max: 2, to: "($1 ILIKE $2 ESCAPE '\\')"},
	// The pad defaults to a blank (of a string).
	"lpad": {min: 2, max: 3, byArity: map[int]string{2: "lpad($1, $2, ' ')"}, to: "lpad"},
	"rpad": {min: 2, max: 3, byArity: map[int]string{2: "rpad($1, $2, ' ')"}, to: "rpad"},
	// With a threshold: -1 when the distance exceeds it.
	"levenshtein":      {min: 2, max: 3, byArity: map[int]string{3: "sl_levenshtein($*)"}, to: "CAST(levenshtein($*) AS INTEGER)"},
	"concat_ws":        {min: 1, max: -1, byArity: map[int]string{1: "(CASE WHEN $1 IS NULL THEN NULL ELSE '' END)"}, to: "concat_ws"},
	"find_in_set":      {min: 2, max: 2, to: "sl_find_in_set($*)"},
	"mask":             {min: 1, max: 5, to: "sl_mask($*)"},
	"sha":              {min: 1, max: 1, to: "sha1"},
	"get_json_object":  {min: 2, max: 2, to: "json_extract_string"},
	"json_object_keys": {min: 1, max: 1, to: "json_keys"},
	"sha2":             {min: 2, max: 2, to: "sl_sha2($*)"},
	// concat is NULL when any argument is (DuckDB's skips NULLs).
	"concat":   {to: "sl_concat($*)", byArity: map[int]string{0: "''", 1: "($1)"}},
	"unbase64": {min: 1, max: 1, to: "from_base64"},

	// Dates and times; patterns are Java's, translated (see javaPattern).
	"to_date": {min: 1, max: 2, byArity: map[int]string{1: "CAST($1 AS DATE)"},
		to: "CAST(strptime($1, $2) AS DATE)", pattern: 2, parse: true},
	"to_timestamp": {min: 1, max: 2, byArity: map[int]string{1: "CAST($1 AS TIMESTAMPTZ)"},
		to: "CAST(strptime($1, $2) AS TIMESTAMPTZ)", pattern: 2, parse: true},
	"date_format": {min: 2, max: 2, to: "strftime(CAST($1 AS TIMESTAMP), $2)", pattern: 2},
	"date_trunc":  {min: 2, max: 2, to: "CAST(date_trunc(sl_trunc_unit($1), CAST($2 AS TIMESTAMP)) AS TIMESTAMPTZ)"},
	"date_diff":   {min: 2, max: 3, to: "sl_datediff($*)", byArity: map[int]string{3: ""}}, // 3: datetime_units.go
	"from_unixtime": {min: 1, max: 2, byArity: map[int]string{1: "strftime(to_timestamp($1), '%Y-%m-%d %H:%M:%S')"},
		to: "strftime(to_timestamp($1), $2)", pattern: 2},
	"unix_timestamp": {max: 2, byArity: map[int]string{0: "CAST(epoch(current_timestamp) AS BIGINT)",
		1: "CAST(epoch(CAST($1 AS TIMESTAMPTZ)) AS BIGINT)"},
		to: "CAST(epoch(strptime($1, $2)) AS BIGINT)", pattern: 2, parse: true},
	"to_unix_timestamp": {min: 1, max: 2, byArity: map[int]string{1: "CAST(epoch(CAST($1 AS TIMESTAMPTZ)) AS BIGINT)"},
		to: "CAST(epoch(strptime($1, $2)) AS BIGINT)", pattern: 2, parse: true},
	"add_months": {min: 2, max: 2, to: "CAST(CAST($1 AS DATE) + to_months(CAST($2 AS INTEGER)) AS DATE)"},
	"last_day":   {min: 1, max: 1, to: "last_day(CAST($1 AS DATE))"},
	"trunc": {min: 1, max: 2, byArity: map[int]string{1: "trunc($1)"},
		to: "sl_trunc($*)"},
	"timestamp_seconds":   {min: 1, max: 1, to: "to_timestamp($1)"},
	"timestamp_millis":    {min: 1, max: 1, to: "CAST(epoch_ms(CAST($1 AS BIGINT)) AS TIMESTAMPTZ)"},
	"timestamp_micros":    {min: 1, max: 1, to: "CAST(make_timestamp(CAST($1 AS BIGINT)) AS TIMESTAMPTZ)"},
	"unix_seconds":        {min: 1, max: 1, to: "CAST(epoch($1) AS BIGINT)"},
	"unix_millis":         {min: 1, max: 1, to: "epoch_ms($1)"},
	"unix_micros":         {min: 1, max: 1, to: "epoch_us($1)"},
	"unix_date":           {min: 1, max: 1, to: "CAST(CAST($1 AS DATE) - DATE '1970-01-01' AS INTEGER)"},
	"date_from_unix_date": {min: 1, max: 1, to: "CAST(DATE '1970-01-01' + CAST($1 AS INTEGER) AS DATE)"},
	"make_timestamp_ntz":  {min: 2, max: 6, byArity: map[int]string{2: "sl_make_timestamp_dt($*)"}, to: "make_timestamp"},
	"to_timestamp_ntz": {min: 1, max: 2, byArity: map[int]string{1: "CAST($1 AS TIMESTAMP)"},
		to: "strptime($1, $2)", pattern: 2, parse: true},
	"to_timestamp_ltz": {min: 1, max: 2, byArity: map[int]string{1: "CAST($1 AS TIMESTAMPTZ)"},
		to: "CAST(strptime($1, $2) AS TIMESTAMPTZ)", pattern: 2, parse: true},
	"date_add": {min: 2, max: 2, to: "CAST(CAST($1 AS DATE) + CAST($2 AS INTEGER) AS DATE)"},
	"date_sub": {min: 2, max: 2, to: "CAST(CAST($1 AS DATE) - CAST($2 AS INTEGER) AS DATE)"},
	"datediff": {min: 2, max: 3, to: "sl_datediff($*)", byArity: map[int]string{3: ""}}, // 3: datetime_units.go
	"date":     {min: 1, max: 1, to: "sl_date($1)"},
	// rand/random: DOUBLE uniform in [0, 1); a seed is accepted (Spark's
	// rand(seed)) but not honoured: DuckDB's random() has no per-call seed.
	"rand":   {min: 0, max: 1, to: "random()"},
	"random": {min: 0, max: 1, to: "random()"},
	// randn: standard normal by Box-Muller over two uniforms (1 - u keeps
	// ln away from 0).
	"randn":     {min: 0, max: 1, to: "(sqrt(-2.0 * ln(1.0 - random())) * cos(2.0 * pi() * random()))"},
	"timestamp": {min: 1, max: 1, to: "sl_timestamp($1)"},

	"bit_get":            {min: 2, max: 2, to: "CAST(($1 >> $2) & 1 AS TINYINT)"},
	"getbit":             {min: 2, max: 2, to: "CAST(($1 >> $2) & 1 AS TINYINT)"},
	"luhn_check":         {min: 1, max: 1, to: "sl_luhn_check($1)"},
	"next_day":           {min: 2, max: 2, to: "sl_next_day(CAST($1 AS DATE), $2)"},
	"months_between":     {min: 2, max: 3, byArity: map[int]string{2: "sl_months_between(CAST($1 AS TIMESTAMP), CAST($2 AS TIMESTAMP), true)"}, to: "sl_months_between(CAST($1 AS TIMESTAMP), CAST($2 AS TIMESTAMP), $3)"},
	"from_utc_timestamp": {min: 2, max: 2, to: "sl_from_utc(CAST($1 AS TIMESTAMPTZ), $2)"},
	"to_utc_timestamp":   {min: 2, max: 2, to: "sl_to_utc(CAST($1 AS TIMESTAMPTZ), $2)"},
	// Strings carry no collation here: every one is UTF8_BINARY.
	"collation": {min: 1, max: 1, to: "CAST('SYSTEM.BUILTIN.UTF8_BINARY' AS VARCHAR)"},

	// Cast functions.
	"int":      {min: 1, max: 1, to: "CAST($1 AS INTEGER)"},
	"bigint":   {min: 1, max: 1, to: "CAST($1 AS BIGINT)"},
	"smallint": {min: 1, max: 1, to: "CAST($1 AS SMALLINT)"},
	"tinyint":  {min: 1, max: 1, to: "CAST($1 AS TINYINT)"},
	"double":   {min: 1, max: 1, to: "CAST($1 AS DOUBLE)"},
	"float":    {min: 1, max: 1, to: "CAST($1 AS FLOAT)"},
	"string":   {min: 1, max: 1, to: "CAST($1 AS VARCHAR)"},
	"boolean":  {min: 1, max: 1, to: "CAST($1 AS BOOLEAN)"},
	"binary":   {min: 1, max: 1, to: "CAST($1 AS BLOB)"},
}
