package sqlfront

import (
	"regexp"
	"strings"
)

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
	{"sl_array_at", "(a, i) AS CASE WHEN i < 0 OR i >= len(a) THEN error('[INVALID_ARRAY_INDEX] The index ' || i || " +
		"' is out of bounds. The array has ' || len(a) || ' elements. SQLSTATE: 22003') ELSE a[i + 1] END"},
	// element_at: a map's value or NULL; an array's element (from the end
	// for a negative index), failing for index 0 and outside the array. The
	// length is asked only when the subscript is NULL, and through JSON,
	// since no DuckDB length function binds for both a list and a map.
	{"sl_element_at", "(a, i) AS CASE WHEN typeof(a) LIKE 'MAP(%' OR a IS NULL OR i IS NULL OR a[i] IS NOT NULL THEN a[i] " +
		"WHEN TRY_CAST(i AS BIGINT) = 0 THEN " + sparkError("INVALID_INDEX_OF_ZERO", "22003",
		"The index 0 is invalid. An index shall be either < 0 or > 0 (the first element has index 1).") +
		" WHEN abs(TRY_CAST(i AS BIGINT)) > json_array_length(to_json(a)) THEN error('[INVALID_ARRAY_INDEX_IN_ELEMENT_AT] The index ' || i || " +
		"' is out of bounds. The array has ' || json_array_length(to_json(a)) || ' elements. Use `try_element_at` to tolerate " +
		"accessing element at invalid index and return NULL instead. SQLSTATE: 22003') ELSE a[i] END"},
	// split with a limit n > 0: at most n parts, the last one the rest of
	// the string from the (n-1)th match on (its parts and the matches
	// between them); n <= 0 splits at every match.
	{"sl_split", "(s, re, n) AS CASE WHEN n <= 0 OR len(string_split_regex(s, re)) <= n THEN string_split_regex(s, re) " +
		"ELSE list_concat(string_split_regex(s, re)[1:n - 1], [array_to_string(list_transform(range(n, len(string_split_regex(s, re)) + 1), " +
		"lambda i: string_split_regex(s, re)[i] || coalesce(regexp_extract_all(s, re)[i], '')), '')]) END"},
	// bin of a fraction is that of its integral part (Spark casts it to
	// BIGINT, truncating; DuckDB's cast rounds).
	{"sl_bin", "(x) AS CASE WHEN typeof(x) LIKE 'DECIMAL%' OR typeof(x) IN ('DOUBLE', 'FLOAT') " +
		"THEN bin(CAST(trunc(CAST(x AS DOUBLE)) AS BIGINT)) ELSE bin(CAST(x AS BIGINT)) END"},
	// The length of an interval on one scale per kind: months for a
	// year-month one, seconds (epoch) for a day-time one (DuckDB's epoch
	// counts a year 365.25 days but a month 30, not linear in months).
	{"sl_interval_length", "(i) AS CASE WHEN datepart('year', i) * 12 + datepart('month', i) <> 0 " +
		"THEN CAST(datepart('year', i) * 12 + datepart('month', i) AS DOUBLE) ELSE epoch(i) END"},
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
	// to_number's text: no currency sign or grouping, the sign in front
	// (12,454.8- and <12.5> are negative).
	{"sl_number_text1", "(t) AS CASE WHEN ends_with(t, '-') THEN '-' || rtrim(t, '-') WHEN ends_with(t, '+') THEN rtrim(t, '+') " +
		"WHEN starts_with(t, '<') AND ends_with(t, '>') THEN '-' || trim(t, '<>') ELSE t END"},
	{"sl_number_text", "(x) AS sl_number_text1(regexp_replace(trim(x), '[$,]', '', 'g'))"},
	// Luhn's checksum of a string of digits.
	{"sl_luhn_check", "(s) AS CASE WHEN s IS NULL THEN NULL WHEN NOT regexp_full_match(s, '[0-9]+') THEN false ELSE " +
		"list_sum(list_transform(string_split(reverse(s), ''), lambda c, i: CASE WHEN i % 2 = 0 THEN " +
		"(CAST(c AS INTEGER) * 2) // 10 + (CAST(c AS INTEGER) * 2) % 10 ELSE CAST(c AS INTEGER) END)) % 10 = 0 END"},
	// next_day: the first day after d that is the day of week named
	// (MO, MON, MONDAY …; ISO numbers, Monday = 1).
	{"sl_dow", "(name) AS CASE upper(name) WHEN 'MO' THEN 1 WHEN 'MON' THEN 1 WHEN 'MONDAY' THEN 1 " +
		"WHEN 'TU' THEN 2 WHEN 'TUE' THEN 2 WHEN 'TUESDAY' THEN 2 WHEN 'WE' THEN 3 WHEN 'WED' THEN 3 WHEN 'WEDNESDAY' THEN 3 " +
		"WHEN 'TH' THEN 4 WHEN 'THU' THEN 4 WHEN 'THURSDAY' THEN 4 WHEN 'FR' THEN 5 WHEN 'FRI' THEN 5 WHEN 'FRIDAY' THEN 5 " +
		"WHEN 'SA' THEN 6 WHEN 'SAT' THEN 6 WHEN 'SATURDAY' THEN 6 WHEN 'SU' THEN 7 WHEN 'SUN' THEN 7 WHEN 'SUNDAY' THEN 7 ELSE " +
		sparkError("ILLEGAL_DAY_OF_WEEK", "22009", "Illegal input for day of week.") + " END"},
	{"sl_next_day", "(d, name) AS CAST(d + CAST((sl_dow(name) - isodow(d) + 6) % 7 + 1 AS INTEGER) AS DATE)"},
	// months_between: whole months when the days of month are equal or
	// both the last; otherwise the rest over a 31-day month, rounded to 8
	// digits unless told not to.
	{"sl_month_secs", "(t) AS day(t) * 86400 + hour(t) * 3600 + minute(t) * 60 + epoch(t) - floor(epoch(t) / 60) * 60"},
	{"sl_months_between", "(a, b, r) AS CASE WHEN day(a) = day(b) OR (a::DATE = last_day(a) AND b::DATE = last_day(b)) " +
		"THEN CAST((year(a) - year(b)) * 12 + month(a) - month(b) AS DOUBLE) ELSE " +
		"(CASE WHEN r THEN round(((year(a) - year(b)) * 12 + month(a) - month(b)) + (sl_month_secs(a) - sl_month_secs(b)) / (31 * 86400.0), 8) " +
		"ELSE ((year(a) - year(b)) * 12 + month(a) - month(b)) + (sl_month_secs(a) - sl_month_secs(b)) / (31 * 86400.0) END) END"},
	// Time zone shifts: the wall time in UTC read in zone z, and back.
	{"sl_from_utc", "(t, z) AS timezone('UTC', timezone(z, t))"},
	{"sl_to_utc", "(t, z) AS timezone(z, timezone('UTC', t))"},
	{"sl_try_parse_json", "(s) AS CASE WHEN json_valid(s) THEN json(s) END"},
	{"sl_levenshtein", "(a, b, t) AS CAST(CASE WHEN levenshtein(a, b) > t THEN -1 ELSE levenshtein(a, b) END AS INTEGER)"},
	// Catalog entries of more_functions.go.
	{"sl_array_distinct", "(l) AS list_filter(l, lambda x, i: list_position(l, x) = i)"},
	{"sl_array_except", "(a, b) AS list_filter(sl_array_distinct(a), lambda x: NOT list_position(b, x) IS NOT NULL)"},
	{"sl_array_insert1", "(a, i, v) AS list_concat(list_concat(a[:i - 1], [v]), a[i:])"},
	{"sl_array_insert", "(a, p, v) AS CASE WHEN p = 0 THEN " +
		sparkError("INVALID_INDEX_OF_ZERO", "22003", "The index 0 is invalid. An index shall be either < 0 or > 0 (the first element has index 1).") +
		" WHEN p > 0 THEN sl_array_insert1(a, p, v) ELSE sl_array_insert1(a, len(a) + p + 2, v) END"},
	{"sl_regexp_substr", "(s, r) AS CASE WHEN regexp_matches(s, r) THEN regexp_extract(s, r) END"},
	{"sl_substring_index", "(s, d, n) AS CASE WHEN n = 0 THEN '' WHEN n > 0 THEN array_to_string(string_split(s, d)[:n], d) " +
		"ELSE array_to_string(string_split(s, d)[n:], d) END"},
	{"sl_quote", "(s) AS '''' || replace(s, '''', '\\''') || ''''"},
	{"sl_str_to_map", "(s, pd, kd) AS map_from_entries(list_transform(string_split_regex(s, pd), " +
		"lambda kv: {'key': string_split_regex(kv, kd)[1], 'value': string_split_regex(kv, kd)[2]}))"},
	{"sl_is_valid_utf8", "(b) AS CASE WHEN b IS NULL THEN NULL ELSE TRY(decode(CAST(b AS BLOB))) IS NOT NULL END"},
	{"sl_validate_utf8", "(b) AS coalesce(TRY(decode(CAST(b AS BLOB))), CASE WHEN b IS NOT NULL THEN " +
		sparkError("INVALID_UTF8_STRING", "22029", "Invalid UTF8 byte sequence found in string.") + " END)"},
	{"sl_make_timestamp_tz", "(y, mo, d, h, mi, s, tz) AS timezone(tz, make_timestamp(y, mo, d, h, mi, s))"},
	// A DATE and a TIME: a TIMESTAMP (NTZ); with a zone (the session's when
	// left out), the TIMESTAMP WITH TIME ZONE of that wall time there.
	{"sl_make_timestamp_dt", "(d) AS CAST(CAST(d AS DATE) AS TIMESTAMPTZ), " +
		"(d, t) AS CAST(d AS DATE) + CAST(t AS TIME), " +
		"(d, t, tz) AS timezone(tz, CAST(d AS DATE) + CAST(t AS TIME))"},
	// Spark's name of a DuckDB type, for typeof: scalars and arrays of them.
	{"sl_spark_scalar", "(t) AS CASE t WHEN 'INTEGER' THEN 'int' WHEN 'BIGINT' THEN 'bigint' WHEN 'SMALLINT' THEN 'smallint' " +
		"WHEN 'TINYINT' THEN 'tinyint' WHEN 'VARCHAR' THEN 'string' WHEN 'DOUBLE' THEN 'double' WHEN 'FLOAT' THEN 'float' " +
		"WHEN 'BOOLEAN' THEN 'boolean' WHEN 'DATE' THEN 'date' WHEN 'TIMESTAMP WITH TIME ZONE' THEN 'timestamp' " +
		"WHEN 'TIMESTAMP' THEN 'timestamp_ntz' WHEN 'BLOB' THEN 'binary' WHEN '\"NULL\"' THEN 'void' " +
		"ELSE regexp_replace(lower(t), '^decimal\\((\\d+), ?(\\d+)\\)$', 'decimal(\\1,\\2)') END"},
	{"sl_spark_type", "(t) AS CASE WHEN ends_with(t, '[][]') THEN 'array<array<' || sl_spark_scalar(t[:-5]) || '>>' " +
		"WHEN ends_with(t, '[]') THEN 'array<' || sl_spark_scalar(t[:-3]) || '>' ELSE sl_spark_scalar(t) END"},
	{"sl_sequence", "(a, b) AS generate_series(a, b, CASE WHEN a <= b THEN 1 ELSE -1 END)"},
	// Strings and BINARY alike: typeof() is constant, so DuckDB folds the
	// CASE to the branch of the argument's type when it plans the
	// statement (the other branch binds, never runs). sl_blen is the length
	// in characters of a string, in bytes of a BINARY.
	{"sl_blen", "(s) AS CASE WHEN typeof(s) = 'BLOB' THEN octet_length(CAST(s AS BLOB)) ELSE length(CAST(s AS VARCHAR)) END"},
	{"sl_octet_length", "(s) AS CAST(CASE WHEN typeof(s) = 'BLOB' THEN octet_length(CAST(s AS BLOB)) ELSE strlen(CAST(s AS VARCHAR)) END AS INTEGER)"},
	{"sl_bit_length", "(s) AS CAST(CASE WHEN typeof(s) = 'BLOB' THEN octet_length(CAST(s AS BLOB)) * 8 ELSE bit_length(CAST(s AS VARCHAR)) END AS INTEGER)"},
	// Byte strings compare as hex; a match inside must start at a byte.
	{"sl_contains", "(a, b) AS CASE WHEN typeof(a) = 'BLOB' OR typeof(b) = 'BLOB' THEN " +
		"regexp_matches(hex(CAST(a AS BLOB)), '^(?:..)*?' || hex(CAST(b AS BLOB))) ELSE contains(CAST(a AS VARCHAR), CAST(b AS VARCHAR)) END"},
	{"sl_starts_with", "(a, b) AS CASE WHEN typeof(a) = 'BLOB' OR typeof(b) = 'BLOB' THEN " +
		"starts_with(hex(CAST(a AS BLOB)), hex(CAST(b AS BLOB))) ELSE starts_with(CAST(a AS VARCHAR), CAST(b AS VARCHAR)) END"},
	{"sl_ends_with", "(a, b) AS CASE WHEN typeof(a) = 'BLOB' OR typeof(b) = 'BLOB' THEN " +
		"ends_with(hex(CAST(a AS BLOB)), hex(CAST(b AS BLOB))) ELSE ends_with(CAST(a AS VARCHAR), CAST(b AS VARCHAR)) END"},
	// substr of a string (characters) or BINARY (bytes), typed as its
	// argument: array_slice slices both. Spark's position 0 is the first
	// character, as 1 is; a negative one counts from the end; a length
	// below 1 gives the empty string.
	{"sl_sub_start", "(s, p) AS CAST(CASE WHEN p > 0 THEN p WHEN p = 0 THEN 1 ELSE sl_blen(s) + p + 1 END AS BIGINT)"},
	{"sl_substr", "(s, p) AS array_slice(s, greatest(sl_sub_start(s, p), 1), sl_blen(s)), " +
		"(s, p, l) AS CASE WHEN l < 1 THEN array_slice(s, 1, 0) ELSE " +
		"array_slice(s, greatest(sl_sub_start(s, p), 1), greatest(sl_sub_start(s, p) + l - 1, 0)) END"},
	// A concat_ws argument: an array's elements joined (none for an empty
	// array), anything else as text; typeof() folds for a string.
	{"sl_cws", "(x, sep) AS CASE WHEN typeof(x) LIKE '%[]' THEN CASE WHEN len(CAST(x AS VARCHAR[])) > 0 THEN " +
		"array_to_string(CAST(x AS VARCHAR[]), sep) END ELSE CAST(x AS VARCHAR) END"},
	// instr(s, sub, pos, occurrence): the occurrence-th match at or after
	// pos, or, for a negative pos, at or before the pos-th character from
	// the end, searching backwards; 0 when there is none.
	{"sl_instr_at", "(s, sub) AS list_filter(range(1, length(s) + 1), lambda i: substr(s, i, length(sub)) = sub)"},
	{"sl_instr4", "(s, sub, p, o) AS CAST(coalesce(CASE WHEN p > 0 THEN list_filter(sl_instr_at(s, sub), lambda i: i >= p)[o] " +
		"ELSE list_reverse(list_filter(sl_instr_at(s, sub), lambda i: i <= length(s) + p + 1))[o] END, 0) AS INTEGER)"},
	// overlay of strings or BINARY.
	{"sl_overlay", "(s, r, p) AS sl_substr(s, 1, p - 1) || r || sl_substr(s, p + sl_blen(r)), " +
		"(s, r, p, l) AS sl_substr(s, 1, p - 1) || r || sl_substr(s, p + CASE WHEN l < 0 THEN sl_blen(r) ELSE l END)"},
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
	// DATE(…) and TIMESTAMP(…) of a string read it as Spark's lenient
	// casts do (DATE('2021-09') is 2021-09-01, TIMESTAMP('2021-09-30 11'),
	// a '+0000' zone): sqlfuncs normalises the text to DuckDB's strict form.
	{"sl_date", `(x) AS CASE WHEN typeof(x) = 'VARCHAR' THEN CAST(sl_spark_date_text(CAST(x AS VARCHAR), true) AS DATE) ` +
		`ELSE CAST(x AS DATE) END`},
	{"sl_timestamp", `(x) AS CASE WHEN typeof(x) = 'VARCHAR' THEN CAST(sl_spark_timestamp_text(CAST(x AS VARCHAR), true) AS TIMESTAMPTZ) ` +
		`ELSE CAST(x AS TIMESTAMPTZ) END`},
	// Their ANSI_MODE false forms: NULL for malformed text (nonANSICatalog).
	{"sl_date_lenient", `(x) AS CASE WHEN typeof(x) = 'VARCHAR' THEN CAST(sl_spark_date_text(CAST(x AS VARCHAR), false) AS DATE) ` +
		`ELSE CAST(x AS DATE) END`},
	{"sl_timestamp_lenient", `(x) AS CASE WHEN typeof(x) = 'VARCHAR' THEN CAST(sl_spark_timestamp_text(CAST(x AS VARCHAR), false) AS TIMESTAMPTZ) ` +
		`ELSE CAST(x AS TIMESTAMPTZ) END`},
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
	// parse_url: the parts of a URL by RFC 3986's regular expression; a URL
	// java.net.URI refuses (a space, a quote, a brace …) is invalid.
	{"sl_url_invalid", "(u) AS regexp_matches(u, '[[:space:]\"<>\\\\^{|}' || chr(96) || ']')"},
	{"sl_url_part", "(u, p) AS CASE p " +
		"WHEN 'HOST' THEN nullif(regexp_extract(regexp_extract(u, '^(([^:/?#]+):)?//([^/?#]*)', 3), '^(?:[^@]*@)?(\\[[^\\]]*\\]|[^:]*)', 1), '') " +
		"WHEN 'PATH' THEN regexp_extract(u, '^(([^:/?#]+):)?(//[^/?#]*)?([^?#]*)', 4) " +
		"WHEN 'QUERY' THEN CASE WHEN regexp_matches(u, '^[^#]*\\?') THEN regexp_extract(u, '^[^?#]*\\?([^#]*)', 1) END " +
		"WHEN 'REF' THEN CASE WHEN contains(u, '#') THEN regexp_extract(u, '#(.*)$', 1) END " +
		"WHEN 'PROTOCOL' THEN nullif(regexp_extract(u, '^([^:/?#]+):', 1), '') " +
		"WHEN 'FILE' THEN regexp_extract(u, '^(([^:/?#]+):)?(//[^/?#]*)?([^#]*)', 4) " +
		"WHEN 'AUTHORITY' THEN nullif(regexp_extract(u, '^(([^:/?#]+):)?//([^/?#]*)', 3), '') " +
		"WHEN 'USERINFO' THEN nullif(regexp_extract(u, '^(([^:/?#]+):)?//([^@/?#]*)@', 3), '') END"},
	{"sl_url_query", "(u, k) AS CASE WHEN regexp_matches(sl_url_part(u, 'QUERY'), '(^|&)' || k || '=') " +
		"THEN regexp_extract(sl_url_part(u, 'QUERY'), '(^|&)' || k || '=([^&]*)', 2) END"},
	{"sl_try_parse_url", "(u, p) AS CASE WHEN NOT sl_url_invalid(u) THEN sl_url_part(u, p) END, " +
		"(u, p, k) AS CASE WHEN NOT sl_url_invalid(u) AND p = 'QUERY' THEN sl_url_query(u, k) END"},
	{"sl_parse_url", "(u, p) AS CASE WHEN sl_url_invalid(u) THEN " + invalidURL + " ELSE sl_url_part(u, p) END, " +
		"(u, p, k) AS CASE WHEN sl_url_invalid(u) THEN " + invalidURL + " WHEN p = 'QUERY' THEN sl_url_query(u, k) END"},
	// sentences: sentences end at . ! or ?, words are runs of letters,
	// digits and apostrophes; empty ones are dropped.
	{"sl_sentences", "(s) AS list_filter(list_transform(regexp_split_to_array(s, '[.!?]+'), " +
		"lambda x: list_filter(regexp_split_to_array(x, '[^\\p{L}\\p{N}'']+'), lambda w: w <> '')), lambda l: len(l) > 0)"},
	{"sl_regexp_instr", "(s, p) AS CASE WHEN regexp_matches(s, p) " +
		"THEN CAST(length(regexp_split_to_array(s, p)[1]) + 1 AS INTEGER) WHEN s IS NOT NULL AND p IS NOT NULL THEN 0 END"},
	// make_dt_interval: days, hours, minutes and seconds (DECIMAL(18,6)).
	{"sl_make_dt_interval", "(d, h, m, s) AS to_days(CAST(d AS INTEGER)) + to_hours(CAST(h AS BIGINT)) + " +
		"to_minutes(CAST(m AS BIGINT)) + to_microseconds(CAST(round(CAST(s AS DECIMAL(18,6)) * 1000000) AS BIGINT)), " +
		"() AS to_days(0), (d) AS to_days(CAST(d AS INTEGER)), " +
		"(d, h) AS to_days(CAST(d AS INTEGER)) + to_hours(CAST(h AS BIGINT)), " +
		"(d, h, m) AS to_days(CAST(d AS INTEGER)) + to_hours(CAST(h AS BIGINT)) + to_minutes(CAST(m AS BIGINT))"},
	// convert_timezone: the wall time ts of zone f as the wall time of
	// zone t; without f, the session's zone.
	{"sl_convert_timezone", "(f, t, ts) AS timezone(t, timezone(f, CAST(ts AS TIMESTAMP))), " +
		"(t, ts) AS timezone(t, CAST(CAST(ts AS TIMESTAMP) AS TIMESTAMPTZ))"},
	// approx_top_k over a list of the items: sqlfuncs' Go function gives
	// the [first position, count] of the top k in Spark's order.
	{"sl_approx_top_k", "(l, k) AS list_transform(sl_topk_positions(l, k), lambda p: {'item': l[p[1]], 'count': p[2]})"},
}

// invalidURL is parse_url's error on a URL java.net.URI refuses.
var invalidURL = sparkError("INVALID_URL", "22P02", "The url is invalid. Use `try_parse_url` to tolerate invalid URL and return NULL instead.")

// sparkError is DuckDB SQL raising an error that the engine reports with
// Spark's class and SQLSTATE (see duckengine's classify).
func sparkError(class, state, msg string) string {
	return "error(" + quoteString("["+class+"] "+msg+" SQLSTATE: "+state) + ")"
}

// macroCalls finds the calls of sl_ macros in SQL text.
var macroCalls = regexp.MustCompile(`\bsl_[a-z0-9_]+\(`)

// macroIndex maps a macro's name to its position in macros, and macroDeps
// lists, per macro, the positions of the macros its body calls.
var macroIndex, macroDeps = indexMacros()

func indexMacros() (map[string]int, [][]int) {
	index := make(map[string]int, len(macros))
	deps := make([][]int, len(macros))
	for i, m := range macros {
		index[m[0]] = i
		for _, call := range macroCalls.FindAllString(m[1], -1) {
			if j, ok := index[strings.TrimSuffix(call, "(")]; ok {
				deps[i] = append(deps[i], j)
			}
		}
	}
	return index, deps
}

// MacrosFor returns the names of the macros the translated SQL text calls,
// together with those they call, in the order they must be created; nil
// when it calls none. Creating them costs about a millisecond each, so the
// warehouse creates a session's macros as its statements first need them.
func MacrosFor(sql string) []string {
	if !strings.Contains(sql, "sl_") {
		return nil
	}
	need := make([]bool, len(macros))
	found := false
	for _, call := range macroCalls.FindAllString(sql, -1) {
		if i, ok := macroIndex[strings.TrimSuffix(call, "(")]; ok {
			need[i], found = true, true
		}
	}
	if !found {
		return nil
	}
	for i := len(macros) - 1; i >= 0; i-- { // callers come after their callees
		if need[i] {
			for _, j := range macroDeps[i] {
				need[j] = true
			}
		}
	}
	var out []string
	for i, m := range macros {
		if need[i] {
			out = append(out, m[0])
		}
	}
	return out
}

// MacroSQL returns the statement creating the named macro as a temporary
// macro of the session ("" for a name that is not one).
func MacroSQL(name string) string {
	i, ok := macroIndex[name]
	if !ok {
		return ""
	}
	return "CREATE OR REPLACE TEMP MACRO " + macros[i][0] + macros[i][1]
}
