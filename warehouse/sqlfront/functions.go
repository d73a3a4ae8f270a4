package sqlfront

import (
	"fmt"
	"strconv"
	"strings"
)

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
	"startswith": {min: 2, max: 2, to: "starts_with"},
	"endswith":   {min: 2, max: 2, to: "ends_with"},
	// Databricks min_by/max_by keep a NULL value of the row they pick (and
	// skip rows whose ordering is NULL); DuckDB's min_by/arg_min skip NULL
	// values, arg_min_null does not.
	"min_by": {min: 2, max: 2, to: "arg_min_null"},
	"max_by": {min: 2, max: 2, to: "arg_max_null"},
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
	"length": intCast("length"), "char_length": intCast("length"), "character_length": intCast("length"),
	"len": intCast("length"), "bit_length": intCast("bit_length"),
	"instr":  {min: 2, max: -1, to: "CAST(instr($*) AS INTEGER)"},
	"locate": {min: 2, max: 3, byArity: map[int]string{2: "sl_locate($*)"}, to: "sl_locate($*)"},
	// position(s IN str) is DuckDB's too.
	"position":          {min: 1, max: 3, to: "sl_locate($*)", byArity: map[int]string{1: "CAST(position($1) AS INTEGER)"}},
	"ascii":             {min: 1, max: 1, to: "CAST(ascii(CAST($1 AS VARCHAR)) AS INTEGER)"},
	"char":              {min: 1, max: 1, to: "chr(CAST($1 AS INTEGER))"},
	"bit_count":         intCast("bit_count"),
	"json_array_length": intCast("json_array_length"),
	"levenshtein":       intCast("levenshtein"),
	"array_position":    {min: 2, max: 2, to: "CAST(coalesce(list_position($1, $2), 0) AS BIGINT)"},
	// DuckDB's subscript is 1-based and reads maps too, as element_at does.
	"element_at":  {min: 2, max: 2, to: "($1)[$2]"},
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
	"array_join":       {min: 2, max: 2, to: "array_to_string"},
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
	"substr":           {min: 1, max: 3, byArity: map[int]string{1: "substring($1)"}, to: "sl_substr($*)"},
	"substring":        {min: 1, max: 3, byArity: map[int]string{1: "substring($1)"}, to: "sl_substr($*)"},
	"regexp_replace":   {min: 3, max: 4, to: "regexp_replace($1, $2, $3, 'g')"},
	"split":            {min: 2, max: 3, to: "string_split_regex($1, $2)"},
	"overlay":          {min: 3, max: 4, to: "sl_overlay($*)", keywordArgs: []string{"PLACING", "FROM", "FOR"}},
	"initcap":          {min: 1, max: 1, to: "sl_initcap($1)"},
	"encode":           {min: 2, max: 2, to: "encode($1)"},
	"decode":           {min: 2, max: -1, byArity: map[int]string{2: "decode($1)"}, to: "decode($*)"},
	"octet_length":     {min: 1, max: 1, to: "CAST(strlen($1) AS INTEGER)"},
	"abs":              {min: 1, max: 1, to: "abs"},
	"btrim":            {min: 1, max: 2, to: "trim"},
	"space":            {min: 1, max: 1, to: "repeat(' ', $1)"},
	"rlike":            {min: 2, max: 2, to: "regexp_matches"},
	"regexp":           {min: 2, max: 2, to: "regexp_matches"},
	"regexp_like":      {min: 2, max: 2, to: "regexp_matches"},
	"like":             {min: 2, max: 2, to: "($1 LIKE $2 ESCAPE '\\')"},
	"ilike":            {min: 2, max: 2, to: "($1 ILIKE $2 ESCAPE '\\')"},
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
	"date_diff":   {min: 2, max: 2, to: "sl_datediff($*)"},
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
	"make_timestamp_ntz":  {min: 6, max: 6, to: "make_timestamp"},
	"make_timestamp_ltz":  {min: 6, max: 6, to: "CAST(make_timestamp($*) AS TIMESTAMPTZ)"},
	"try_make_timestamp":  {min: 6, max: 6, to: "CAST(make_timestamp($*) AS TIMESTAMPTZ)"},
	"to_timestamp_ntz": {min: 1, max: 2, byArity: map[int]string{1: "CAST($1 AS TIMESTAMP)"},
		to: "strptime($1, $2)", pattern: 2, parse: true},
	"to_timestamp_ltz": {min: 1, max: 2, byArity: map[int]string{1: "CAST($1 AS TIMESTAMPTZ)"},
		to: "CAST(strptime($1, $2) AS TIMESTAMPTZ)", pattern: 2, parse: true},
	"make_timestamp": {min: 6, max: 7, byArity: map[int]string{6: "CAST(make_timestamp($*) AS TIMESTAMPTZ)"},
		to: "make_timestamp($*)"},
	"date_add":  {min: 2, max: 2, to: "CAST(CAST($1 AS DATE) + CAST($2 AS INTEGER) AS DATE)"},
	"date_sub":  {min: 2, max: 2, to: "CAST(CAST($1 AS DATE) - CAST($2 AS INTEGER) AS DATE)"},
	"datediff":  {min: 2, max: 2, to: "sl_datediff($*)"},
	"date":      {min: 1, max: 1, to: "sl_date($1)"},
	"timestamp": {min: 1, max: 1, to: "CAST($1 AS TIMESTAMPTZ)"},

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

// macros are DuckDB macros the catalog's templates call, created as
// temporary macros on an engine session before the first statement that
// calls them (see MacrosFor): name, then the definition after CREATE MACRO
// name. A macro may call only macros listed before it.
var macros = [][2]string{
	// Spark's ANSI arithmetic fails on a zero divisor; DuckDB gives NULL or
	// infinity. try_cast keeps intervals (never zero here) from failing.
	{"sl_nonzero", "(x) AS CASE WHEN try_cast(x AS DOUBLE) = 0 THEN " +
		sparkError("DIVIDE_BY_ZERO", "22012", "Division by zero. Use `try_divide` to tolerate divisor being 0 and return NULL instead.") +
		" ELSE x END"},
	{"sl_nonzero_rem", "(x) AS CASE WHEN try_cast(x AS DOUBLE) = 0 THEN " +
		sparkError("REMAINDER_BY_ZERO", "22012", "Remainder by zero. Use `try_mod` to tolerate divisor being 0 and return NULL instead.") +
		" ELSE x END"},
	// A HUGEINT sum of integers as Spark's BIGINT (see the warehouse's bigintSums).
	{"sl_sum_bigint", "(x) AS CASE WHEN x > 9223372036854775807 OR x < -9223372036854775808 THEN " +
		sparkError("ARITHMETIC_OVERFLOW", "22003", "long overflow. Use 'try_sum' to tolerate overflow and return NULL instead.") +
		" ELSE CAST(x AS BIGINT) END"},
	{"sl_try_divide", "(a, b) AS CASE WHEN try_cast(b AS DOUBLE) = 0 THEN NULL ELSE a / b END"},
	{"sl_try_mod", "(a, b) AS CASE WHEN try_cast(b AS DOUBLE) = 0 THEN NULL ELSE a % b END"},
	{"sl_slice", "(a, s, l) AS list_slice(a, CASE WHEN s < 0 THEN len(a) + s + 1 ELSE s END, " +
		"CASE WHEN s < 0 THEN len(a) + s + l ELSE s + l - 1 END)"},
	{"sl_find_in_set", "(s, l) AS CAST(coalesce(list_position(string_split(l, ','), s), 0) AS INTEGER)"},
	{"sl_hypot", "(a, b) AS sqrt(a * a + b * b)"},
	{"sl_nanvl", "(a, b) AS CASE WHEN isnan(a) THEN b ELSE a END"},
	{"sl_width_bucket", "(v, lo, hi, n) AS CAST(CASE WHEN lo < hi THEN (CASE WHEN v < lo THEN 0 WHEN v >= hi THEN n + 1 " +
		"ELSE floor((v - lo) / (hi - lo) * n) + 1 END) ELSE (CASE WHEN v > lo THEN 0 WHEN v <= hi THEN n + 1 " +
		"ELSE floor((lo - v) / (lo - hi) * n) + 1 END) END AS BIGINT)"},
	// mask: upper, lower, digit and other characters replaced (NULL keeps them).
	{"sl_mask_one", "(s, pattern, c) AS CASE WHEN c IS NULL THEN s ELSE regexp_replace(s, pattern, c, 'g') END"},
	{"sl_mask5", "(s, u, l, d, o) AS sl_mask_one(sl_mask_one(sl_mask_one(sl_mask_one(s, '[A-Z]', u), " +
		"'[a-z]', l), '[0-9]', d), '[^A-Za-z0-9]', o)"},
	{"sl_mask", "(s) AS sl_mask5(s, 'X', 'x', 'n', NULL), (s, u) AS sl_mask5(s, u, 'x', 'n', NULL), " +
		"(s, u, l) AS sl_mask5(s, u, l, 'n', NULL), (s, u, l, d) AS sl_mask5(s, u, l, d, NULL), " +
		"(s, u, l, d, o) AS sl_mask5(s, u, l, d, o)"},
	{"sl_array_append", "(a, x) AS CASE WHEN a IS NOT NULL THEN list_append(a, x) END"},
	{"sl_array_prepend", "(a, x) AS CASE WHEN a IS NOT NULL THEN list_prepend(x, a) END"},
	// overlay of strings (DuckDB has no substr of a BLOB).
	{"sl_overlay", "(s, r, p) AS substr(s, 1, p - 1) || r || substr(s, p + length(r)), " +
		"(s, r, p, l) AS substr(s, 1, p - 1) || r || substr(s, p + CASE WHEN l < 0 THEN length(r) ELSE l END)"},
	{"sl_array_at", "(a, i) AS CASE WHEN i < 0 OR i >= len(a) THEN error('[INVALID_ARRAY_INDEX] The index ' || i || " +
		"' is out of bounds. The array has ' || len(a) || ' elements. SQLSTATE: 22003') ELSE a[i + 1] END"},
	// Three-valued exists/forall over the results of a lambda.
	{"sl_exists", "(t) AS CASE WHEN list_bool_or(t) THEN true WHEN len(list_filter(t, lambda e: e IS NULL)) > 0 THEN NULL ELSE false END"},
	{"sl_forall", "(t) AS CASE WHEN len(list_filter(t, lambda e: NOT e)) > 0 THEN false " +
		"WHEN len(list_filter(t, lambda e: e IS NULL)) > 0 THEN NULL ELSE true END"},
	{"sl_array_contains", "(a, x) AS CASE WHEN list_contains(a, x) THEN true " +
		"WHEN len(list_filter(a, lambda e: e IS NULL)) > 0 THEN NULL ELSE list_contains(a, x) END"},
	// Spark's skewness is the population's; DuckDB's the sample's.
	{"sl_skewness", "(x) AS skewness(x) * (count(x) - 2) / sqrt(count(x) * (count(x) - 1))"},
	{"sl_raise_error", "(msg) AS error('[USER_RAISED_EXCEPTION] ' || msg || ' SQLSTATE: P0001')"},
	{"sl_assert_true", "(c, msg) AS CASE WHEN c THEN NULL ELSE error('[USER_RAISED_EXCEPTION] ' || msg || ' SQLSTATE: P0001') END"},
	{"sl_sort_array", "(a, up) AS CASE WHEN up THEN list_sort(a, 'ASC', 'NULLS FIRST') ELSE list_sort(a, 'DESC', 'NULLS LAST') END"},
	{"sl_sequence", "(a, b) AS generate_series(a, b, CASE WHEN a <= b THEN 1 ELSE -1 END)"},
	// Spark's position 0 is the first character, as 1 is.
	{"sl_substr", "(s, p) AS substr(s, CASE WHEN p = 0 THEN 1 ELSE p END), " +
		"(s, p, l) AS substr(s, CASE WHEN p = 0 THEN 1 ELSE p END, l)"},
	{"sl_initcap", "(s) AS array_to_string(list_transform(string_split(s, ' '), lambda w: upper(w[1]) || lower(w[2:])), ' ')"},
	{"sl_sha2", "(s, n) AS CASE WHEN n = 256 OR n = 0 THEN sha256(s) END"},
	// a DIV b: integral quotient, truncated, as BIGINT; DuckDB's // divides
	// decimals and doubles without truncating.
	{"sl_div", "(a, b) AS CAST(trunc(a // sl_nonzero(b)) AS BIGINT)"},
	{"sl_pmod", "(a, n) AS CASE WHEN a % sl_nonzero(n) < 0 THEN (a % n + n) % n ELSE a % n END"},
	{"sl_nvl2", "(a, b, c) AS CASE WHEN a IS NOT NULL THEN b ELSE c END"},
	// collect_list skips NULLs and gives [] for a group of them.
	{"sl_collect_list", "(x) AS coalesce(list(x) FILTER (WHERE x IS NOT NULL), [])"},
	{"sl_locate", "(s, str) AS CAST(instr(str, s) AS INTEGER), " +
		"(s, str, pos) AS CAST(CASE WHEN pos < 1 THEN 0 WHEN instr(substr(str, pos), s) = 0 THEN 0 " +
		"ELSE instr(substr(str, pos), s) + pos - 1 END AS INTEGER)"},
	{"sl_datediff", "(e, s) AS CAST(CAST(e AS DATE) - CAST(s AS DATE) AS INTEGER)"},
	// DATE('2021-09') is 2021-09-01 in Spark: a year or year-month string
	// is completed before the cast.
	{"sl_date", `(x) AS CAST(CASE WHEN regexp_full_match(CAST(x AS VARCHAR), '\d{4}') THEN CAST(x AS VARCHAR) || '-01-01' ` +
		`WHEN regexp_full_match(CAST(x AS VARCHAR), '\d{4}-\d{1,2}') THEN CAST(x AS VARCHAR) || '-01' ` +
		`ELSE CAST(x AS VARCHAR) END AS DATE)`},
	{"sl_first", "(x, ignore) AS CASE WHEN ignore THEN any_value(x) ELSE first(x) END"},
	{"sl_last", "(x, ignore) AS CASE WHEN ignore THEN last(x) FILTER (WHERE x IS NOT NULL) ELSE last(x) END"},
	{"sl_acos", "(x) AS CASE WHEN abs(x) > 1 THEN CAST('NaN' AS DOUBLE) ELSE acos(x) END"},
	{"sl_asin", "(x) AS CASE WHEN abs(x) > 1 THEN CAST('NaN' AS DOUBLE) ELSE asin(x) END"},
	{"sl_atanh", "(x) AS CASE WHEN abs(x) > 1 THEN CAST('NaN' AS DOUBLE) WHEN abs(x) = 1 THEN CAST(sign(x) AS DOUBLE) * CAST('Infinity' AS DOUBLE) ELSE atanh(x) END"},
	// Spark's truncation units (YYYY, MM, MON, DD …) in DuckDB's words.
	{"sl_trunc_unit", "(u) AS CASE upper(u) WHEN 'YYYY' THEN 'year' WHEN 'YY' THEN 'year' WHEN 'MM' THEN 'month' " +
		"WHEN 'MON' THEN 'month' WHEN 'DD' THEN 'day' ELSE lower(u) END"},
	{"sl_trunc", "(d, u) AS CAST(date_trunc(sl_trunc_unit(u), CAST(d AS DATE)) AS DATE)"},
	{"sl_concat", "(a, b) AS CASE WHEN a IS NOT NULL AND b IS NOT NULL THEN concat(a, b) END, " +
		"(a, b, c) AS CASE WHEN a IS NOT NULL AND b IS NOT NULL AND c IS NOT NULL THEN concat(a, b, c) END, " +
		"(a, b, c, d) AS CASE WHEN a IS NOT NULL AND b IS NOT NULL AND c IS NOT NULL AND d IS NOT NULL THEN concat(a, b, c, d) END, " +
		"(a, b, c, d, e) AS CASE WHEN a IS NOT NULL AND b IS NOT NULL AND c IS NOT NULL AND d IS NOT NULL AND e IS NOT NULL " +
		"THEN concat(a, b, c, d, e) END, (a, b, c, d, e, f) AS CASE WHEN a IS NOT NULL AND b IS NOT NULL AND c IS NOT NULL " +
		"AND d IS NOT NULL AND e IS NOT NULL AND f IS NOT NULL THEN concat(a, b, c, d, e, f) END"},
}

// sparkError is DuckDB SQL raising an error that the engine reports with
// Spark's class and SQLSTATE (see duckengine's classify).
func sparkError(class, state, msg string) string {
	return "error(" + quoteString("["+class+"] "+msg+" SQLSTATE: "+state) + ")"
}

// template returns the entry's template for n arguments.
func (f fn) template(n int) string {
	if t, ok := f.byArity[n]; ok {
		return t
	}
	if !strings.ContainsAny(f.to, "$(") {
		return f.to + "($*)"
	}
	return f.to
}

// segment is one piece of a parsed template: literal text, then the
// argument it is followed by (0: none, -1: all of them).
type segment struct {
	text string
	arg  int
}

// parseTemplate splits a template into segments, checking that the
// arguments it names stay within n and appear in increasing order.
func parseTemplate(tmpl string, n int) ([]segment, error) {
	var segs []segment
	last := 0
	for {
		i := strings.IndexByte(tmpl, '$')
		if i < 0 || i+1 >= len(tmpl) {
			return append(segs, segment{text: tmpl}), nil
		}
		arg := 0
		switch c := tmpl[i+1]; {
		case c == '*':
			arg = -1
		case c >= '1' && c <= '9':
			arg = int(c - '0')
		default:
			segs = append(segs, segment{text: tmpl[:i+1]})
			tmpl = tmpl[i+1:]
			continue
		}
		if arg > n || (arg > 0 && arg <= last) || (arg == -1 && last != 0) {
			return nil, fmt.Errorf("template %q: argument $%c out of order or beyond %d", tmpl, tmpl[i+1], n)
		}
		if arg > 0 {
			last = arg
		} else {
			last = n + 1
		}
		segs = append(segs, segment{text: tmpl[:i], arg: arg})
		tmpl = tmpl[i+2:]
	}
}

// typeNamedFunctions are catalog functions named like a type, which in a
// type position are the type.
var typeNamedFunctions = map[string]bool{
	"CHAR": true, "STRING": true, "INT": true, "BIGINT": true, "SMALLINT": true, "TINYINT": true,
	"DOUBLE": true, "FLOAT": true, "BOOLEAN": true, "BINARY": true, "DATE": true, "TIMESTAMP": true,
	"MAP": true, "STRUCT": true,
}

// rewriteCatalogCalls rewrites the calls of catalog functions. Qualified
// names and names followed by no parenthesis are left alone; Options.Functions
// entries take precedence.
func (r *rewriter) rewriteCatalogCalls() error {
	for k := 0; k+1 < len(r.sig); k++ {
		t := r.sigTok(k)
		if t.kind != tokWord || !r.sigTok(k+1).isPunct('(') || r.sigTok(k-1).isPunct('.') || r.sigTok(k-1).isPunct(')') {
			continue // not a call: a qualified name, or a clause after one (sum(x) FILTER (WHERE …))
		}
		f, ok := lookupLower(catalog, t.text)
		if !ok {
			continue
		}
		if p := r.sigTok(k - 1); isKeywordIn(typeNamedFunctions, t.text) &&
			(p.isKeyword("AS") || p.isPunct(':') || (p.isIdent() && !isKeywordIn(reservedWords, p.text))) {
			continue // a type: CAST(x AS CHAR(3)), c CHAR(3) in a column definition
		}
		if _, session := lookupLower(r.opts.Functions, t.text); session {
			continue
		}
		if p := r.sigTok(k - 1); (t.isKeyword("ANY") || t.isKeyword("SOME")) &&
			(p.isPunct('=') || p.isPunct('<') || p.isPunct('>')) {
			continue // x = ANY (subquery)
		}
		closing := r.matchClose(k + 1)
		if closing < 0 {
			continue // unbalanced: DuckDB reports it
		}
		if r.orderDistinctAgg(k, closing) {
			continue
		}
		if err := r.applyTemplate(k, closing, f); err != nil {
			return err
		}
	}
	return nil
}

// applyTemplate rewrites the call whose name is significant token k and
// whose closing parenthesis is significant token closing.
func (r *rewriter) applyTemplate(k, closing int, f fn) error {
	name := r.sigTok(k)
	commas := r.topCommas(k+1, closing)
	if len(f.keywordArgs) > 0 && len(commas) == 0 {
		commas = r.keywordSeparators(k+1, closing, f.keywordArgs)
	}
	n := len(commas) + 1
	if closing == k+2 {
		n = 0
	}
	if (f.min > 0 || f.max != 0) && (n < f.min || (f.max >= 0 && n > f.max)) {
		want := strconv.Itoa(f.min)
		switch {
		case f.max < 0:
			want += " or more"
		case f.max != f.min:
			want += " to " + strconv.Itoa(f.max)
		}
		return fmt.Errorf("%w: `%s` requires %s parameters but %d were given (offset %d)",
			ErrWrongNumArgs, strings.ToLower(name.text), want, n, name.pos)
	}
	if f.castTo != "" {
		end := closing
		if r.sigTok(end + 1).isKeyword("OVER") {
			end += 2
			if r.sigTok(end).isPunct('(') {
				end = r.matchClose(end)
			}
		}
		if end >= 0 {
			r.pre[r.si(k)] = "CAST(" + r.pre[r.si(k)]
			r.post[r.si(end)] += " AS " + f.castTo + ")"
		}
		return nil
	}
	if f.fields {
		r.structLiteral(k, append(append([]int{k + 1}, commas...), closing))
		return nil
	}
	if f.pairs != nil {
		if n%2 == 1 {
			return fmt.Errorf("%w: `%s` requires an even number of parameters but %d were given (offset %d)",
				ErrWrongNumArgs, strings.ToLower(name.text), n, name.pos)
		}
		r.dropRaw(r.si(k)+1, r.si(k+1))
		r.out[r.si(k)] = f.pairs[0]
		for i, c := range commas {
			if i%2 == 0 {
				r.out[r.si(c)] = f.pairs[1]
				r.dropSpaceAfter(c)
			}
		}
		r.out[r.si(closing)] = f.pairs[2]
		return nil
	}
	if t, special := f.byArity[n]; special && t == "" {
		return nil // this form is DuckDB's too: left as written
	}
	if _, special := f.byArity[n]; !special && f.pattern == 0 && !strings.ContainsAny(f.to, "$(") {
		// A plain rename: one replacement, as cheap as it can be (a
		// million nested array( calls must not cost a map entry more).
		if !strings.EqualFold(f.to, name.text) {
			r.out[r.si(k)] = f.to
		}
		return nil
	}
	segs, err := parseTemplate(f.template(n), n)
	if err != nil {
		return fmt.Errorf("%w: %s: %v", ErrUnsupported, name.text, err)
	}
	// bounds[i] is the significant index of the token before argument i+1
	// ('(' or a comma); bounds[n] is the closing parenthesis.
	bounds := append(append([]int{k + 1}, commas...), closing)
	if f.pattern > 0 && f.pattern <= n {
		if lit := bounds[f.pattern-1] + 1; lit+1 == bounds[f.pattern] && r.sigTok(lit).isStringLit() {
			r.out[r.si(lit)] = quoteString(javaPattern(r.sigTok(lit).value(), f.parse))
		}
	}
	// The name and '(' give way to the text before the first argument, each
	// separator to the text between two arguments, ')' to the rest.
	r.dropRaw(r.si(k)+1, r.si(k+1))
	r.out[r.si(k)] = ""
	at := r.si(k) // where the pending text goes
	used := 0     // arguments kept so far
	emit := func(text string) { r.out[at] += text }
	for _, s := range segs {
		emit(s.text)
		switch {
		case s.arg == -1:
			used = n
			at = r.si(closing)
			r.out[at] = ""
		case s.arg > 0:
			// drop the arguments the template skips, then keep this one
			for a := used + 1; a < s.arg; a++ {
				r.dropRaw(r.si(bounds[a-1])+1, r.si(bounds[a]))
			}
			if s.arg > 1 && used+1 == s.arg {
				r.dropSpaceAfter(bounds[s.arg-1])
			}
			used = s.arg
			at = r.si(bounds[s.arg])
			r.out[at] = ""
		}
	}
	for a := used + 1; a <= n; a++ {
		r.dropRaw(r.si(bounds[a-1])+1, r.si(bounds[a])-1)
		if a < n {
			r.dropped[r.si(bounds[a])] = true
		}
	}
	if at != r.si(closing) {
		r.dropped[r.si(closing)] = true
	}
	return nil
}

// dropSpaceAfter drops the whitespace tokens right before and after
// significant token k (a comma the template replaced).
func (r *rewriter) dropSpaceAfter(k int) {
	for i := r.si(k) + 1; i < len(r.toks) && r.toks[i].kind == tokSpace; i++ {
		r.dropped[i] = true
	}
	for i := r.si(k) - 1; i >= 0 && r.toks[i].kind == tokSpace; i-- {
		r.dropped[i] = true
	}
}

// structLiteral writes the struct(…) call whose name is significant token k
// and whose argument bounds ('(', commas, ')') are bounds as a DuckDB
// struct literal {'name': value, …}.
func (r *rewriter) structLiteral(k int, bounds []int) {
	r.dropRaw(r.si(k)+1, r.si(k+1))
	r.out[r.si(k)] = "{"
	for a := 1; a < len(bounds); a++ {
		first, last := bounds[a-1]+1, bounds[a]-1
		key := fmt.Sprintf("col%d", a)
		switch t := r.sigTok(last); {
		case last-1 > first && r.sigTok(last-1).isKeyword("AS") && t.isIdent():
			key = t.value()
			r.dropRaw(r.si(last-1), r.si(last))
			for i := r.si(last-1) - 1; i >= 0 && r.toks[i].kind == tokSpace; i-- {
				r.dropped[i] = true
			}
		case t.isIdent() && !isKeywordIn(reservedWords, t.text) && (first == last || r.sigTok(last-1).isPunct('.')):
			key = t.value()
		}
		r.pre[r.si(first)] = quoteString(key) + ": " + r.pre[r.si(first)]
	}
	r.out[r.si(bounds[len(bounds)-1])] = "}"
}

// keywordSeparators returns the significant indices of the keywords kws
// directly inside the parentheses at open and closing, and rewrites each
// into a comma, so that a call's SQL-standard form reads as a list.
func (r *rewriter) keywordSeparators(open, closing int, kws []string) []int {
	var seps []int
	depth := 0
	for j := open; j < closing; j++ {
		switch t := r.sigTok(j); {
		case t.isPunct('(') || t.isPunct('['):
			depth++
		case t.isPunct(')') || t.isPunct(']'):
			depth--
		case depth == 1 && t.kind == tokWord && isKeywordIn(keywordSet(kws), t.text):
			seps = append(seps, j)
			r.out[r.si(j)] = ","
			if i := r.si(j) - 1; r.toks[i].kind == tokSpace {
				r.dropped[i] = true
			}
		}
	}
	return seps
}

func keywordSet(kws []string) map[string]bool {
	m := make(map[string]bool, len(kws))
	for _, k := range kws {
		m[k] = true
	}
	return m
}

// orderDistinctAgg writes listagg/string_agg(DISTINCT x) — Spark's empty
// separator — with its values in order, string_agg(DISTINCT x, ” ORDER BY
// x): DuckDB's order of distinct values varies from run to run.
func (r *rewriter) orderDistinctAgg(k, closing int) bool {
	name := r.sigTok(k)
	if !name.isKeyword("LISTAGG") && !name.isKeyword("STRING_AGG") {
		return false
	}
	if !r.sigTok(k+2).isKeyword("DISTINCT") || closing <= k+3 || len(r.topCommas(k+1, closing)) > 0 {
		return false
	}
	var arg strings.Builder
	for i := r.si(k + 3); i < r.si(closing); i++ {
		if !r.dropped[i] {
			arg.WriteString(r.outText(i))
		}
	}
	r.out[r.si(k)] = "string_agg"
	r.pre[r.si(closing)] = ", '' ORDER BY " + strings.TrimSpace(arg.String())
	return true
}
