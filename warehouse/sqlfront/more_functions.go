package sqlfront

// More catalog entries: arrays kept in order, regular expressions,
// UTF-8 validation, timestamps from parts with a time zone and their try_
// forms. Each is one entry; the macros they call are in macros.go.

// dateTimeTZ makes a TIMESTAMP from a DATE, a TIME and a zone (see
// sl_make_timestamp_dt).
const dateTimeTZ = "CAST(sl_make_timestamp_dt($*) AS TIMESTAMPTZ)"

func init() {
	for name, f := range map[string]fn{
		// Arrays: Spark keeps the first occurrence of each element, in
		// order, NULL included; DuckDB's list_distinct does neither.
		"array_distinct": {min: 1, max: 1, to: "sl_array_distinct($1)"},
		"array_union":    {min: 2, max: 2, to: "sl_array_distinct(list_concat($1, $2))"},
		"array_except":   {min: 2, max: 2, to: "sl_array_except($1, $2)"},
		"array_insert":   {min: 3, max: 3, to: "sl_array_insert($*)"},

		// Regular expressions.
		"regexp_count":  {min: 2, max: 2, to: "CAST(len(regexp_extract_all($1, $2)) AS INTEGER)"},
		"regexp_substr": {min: 2, max: 2, to: "sl_regexp_substr($1, $2)"},

		// Strings.
		"substring_index": {min: 3, max: 3, to: "sl_substring_index($*)"},
		"quote":           {min: 1, max: 1, to: "sl_quote($1)"},
		"str_to_map": {min: 1, max: 3, byArity: map[int]string{1: "sl_str_to_map($1, ',', ':')",
			2: "sl_str_to_map($1, $2, ':')"}, to: "sl_str_to_map($*)"},
		"try_url_decode": {min: 1, max: 1, to: "TRY(url_decode($1))"},
		// Strings are UTF-8 here; a BINARY is valid when it decodes.
		"is_valid_utf8":     {min: 1, max: 1, to: "sl_is_valid_utf8($1)"},
		"validate_utf8":     {min: 1, max: 1, to: "sl_validate_utf8($1)"},
		"try_validate_utf8": {min: 1, max: 1, to: "TRY(decode(CAST($1 AS BLOB)))"},

		// Timestamps from parts: with a time zone the parts are its wall
		// time; the try_ forms are NULL where the parts are no time.
		// Spark 4 also makes them from a DATE and a TIME (midnight when
		// left out), the time being the wall time of the zone if given.
		"make_timestamp": {min: 1, max: 7, byArity: map[int]string{6: "CAST(make_timestamp($*) AS TIMESTAMPTZ)",
			1: dateTimeTZ, 2: dateTimeTZ, 3: dateTimeTZ}, to: "sl_make_timestamp_tz($*)"},
		"make_timestamp_ltz": {min: 1, max: 7, byArity: map[int]string{6: "CAST(make_timestamp($*) AS TIMESTAMPTZ)",
			2: dateTimeTZ, 3: dateTimeTZ}, to: "sl_make_timestamp_tz($*)"},
		"try_make_timestamp": {min: 1, max: 7, byArity: map[int]string{6: "TRY(CAST(make_timestamp($*) AS TIMESTAMPTZ))",
			1: "TRY(" + dateTimeTZ + ")", 2: "TRY(" + dateTimeTZ + ")", 3: "TRY(" + dateTimeTZ + ")"},
			to: "TRY(sl_make_timestamp_tz($*))"},
		"try_make_timestamp_ltz": {min: 2, max: 7, byArity: map[int]string{6: "TRY(CAST(make_timestamp($*) AS TIMESTAMPTZ))",
			2: "TRY(" + dateTimeTZ + ")", 3: "TRY(" + dateTimeTZ + ")"},
			to: "TRY(sl_make_timestamp_tz($*))"},
		"try_make_timestamp_ntz": {min: 2, max: 6, byArity: map[int]string{2: "TRY(sl_make_timestamp_dt($*))"},
			to: "TRY(make_timestamp($*))"},
		"json_array_length": {min: 1, max: 1, to: "CAST(TRY(json_array_length($1)) AS INTEGER)"},
		"unix_nanos":        {min: 1, max: 1, to: "CAST(epoch_ns($1) AS DECIMAL(21,0))"},
		"typeof":            {min: 1, max: 1, to: "sl_spark_type(typeof($1))"},
		"dateadd": {min: 2, max: 3, to: "CAST(CAST($1 AS DATE) + CAST($2 AS INTEGER) AS DATE)",
			byArity: map[int]string{3: ""}}, // timestampadd: datetime_units.go
	} {
		catalog[name] = f
	}
}
