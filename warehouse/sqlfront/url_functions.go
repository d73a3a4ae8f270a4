package sqlfront

// URL, sentence, regular-expression, interval and time-zone functions of
// Spark that DuckDB lacks or spells differently (issue 10, third round).
// Each is one entry; the macros they call are at the end of macros.go.

func init() {
	for name, f := range map[string]fn{
		// parse_url follows java.net.URI: a URL it refuses fails
		// (INVALID_URL) or, with try_parse_url, is NULL.
		"parse_url":     {min: 2, max: 3, to: "sl_parse_url($*)"},
		"try_parse_url": {min: 2, max: 3, to: "sl_try_parse_url($*)"},
		// sentences splits into sentences, then words; Spark's locale
		// arguments change nothing for these scripts.
		"sentences": {min: 1, max: 3, to: "sl_sentences($1)"},
		// regexp_instr: the 1-based position of the first match, 0 when
		// none. Only the whole match (the two-argument form) is known here.
		"regexp_instr":     {min: 2, max: 3, byArity: map[int]string{2: "sl_regexp_instr($1, $2)"}},
		"format_string":    {min: 1, max: -1, to: "printf"},
		"make_dt_interval": {min: 0, max: 4, to: "sl_make_dt_interval($*)"},
		"convert_timezone": {min: 2, max: 3, to: "sl_convert_timezone($*)"},
	} {
		catalog[name] = f
	}
}
