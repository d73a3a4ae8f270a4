package sqlfront

import (
	"strconv"
	"strings"
)

// This file holds the calls whose DuckDB form reorders, repeats or reads
// their arguments (rather than passing them on, which a catalog template
// does): they are rewritten with the higher-order functions, after every
// other rewrite, from the arguments' final text.

func init() {
	higherOrder["decode"] = decodeCall
	higherOrder["elt"] = eltCall
	higherOrder["to_number"] = toNumber(false)
	higherOrder["try_to_number"] = toNumber(true)
	higherOrder["to_char"] = toChar
	higherOrder["to_varchar"] = toChar
	higherOrder["to_binary"] = toBinary(false)
	higherOrder["date_part"] = datePartOf
	higherOrder["datepart"] = datePartOf
	higherOrder["format_number"] = formatNumber
	higherOrder["array_join"] = arrayJoin
	higherOrder["try_to_binary"] = toBinary(true)
	for _, name := range []string{"rank", "dense_rank", "percent_rank"} {
		higherOrder[name] = rankCall(name)
	}
}

// rankCall drops the arguments of rank(x) OVER (…): Spark ignores them,
// DuckDB refuses them.
func rankCall(name string) func(r *rewriter, args [][2]int) (string, bool) {
	return func(r *rewriter, args [][2]int) (string, bool) {
		if len(args) == 0 || args[0][0] > args[0][1] {
			return "", false
		}
		return name + "()", true
	}
}

// argText returns the final text of each argument.
func (r *rewriter) argText(args [][2]int) []string {
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = r.text(a[0], a[1])
	}
	return out
}

// stringArg returns the value of an argument that is one string literal.
func (r *rewriter) stringArg(arg [2]int) (string, bool) {
	if arg[0] != arg[1] || !r.sigTok(arg[0]).isStringLit() {
		return "", false
	}
	return r.sigTok(arg[0]).value(), true
}

// decodeCall writes decode(x, search, result, …[, default]), Spark's
// CASE with NULL-safe comparisons; decode(bin, charset) is the catalog's.
func decodeCall(r *rewriter, args [][2]int) (string, bool) {
	if len(args) < 3 {
		return "", false
	}
	a := r.argText(args)
	var b strings.Builder
	b.WriteString("CASE")
	for i := 1; i+1 < len(a); i += 2 {
		b.WriteString(" WHEN (" + a[0] + ") IS NOT DISTINCT FROM (" + a[i] + ") THEN " + a[i+1])
	}
	if len(a)%2 == 0 {
		b.WriteString(" ELSE " + a[len(a)-1])
	}
	b.WriteString(" END")
	return b.String(), true
}

// eltCall writes elt(n, s1, s2, …): the n-th string, NULL beyond them.
func eltCall(r *rewriter, args [][2]int) (string, bool) {
	if len(args) < 2 {
		return "", false
	}
	a := r.argText(args)
	items := make([]string, len(a)-1)
	for i, s := range a[1:] {
		items[i] = "CAST(" + s + " AS VARCHAR)"
	}
	return "list_value(" + strings.Join(items, ", ") + ")[" + a[0] + "]", true
}

// numberFormat reads a Spark number format (9, 0, '.', D, ',', G, $, S,
// MI, PR): the DECIMAL it describes. ok is false for other text.
func numberFormat(f string) (precision, scale int, ok bool) {
	up := strings.ToUpper(f)
	up = strings.TrimPrefix(strings.TrimSuffix(strings.TrimSuffix(up, "MI"), "PR"), "S")
	up = strings.TrimSuffix(up, "S")
	point := false
	for _, c := range up {
		switch c {
		case '9', '0':
			precision++
			if point {
				scale++
			}
		case '.', 'D':
			if point {
				return 0, 0, false
			}
			point = true
		case ',', 'G', '$':
		default:
			return 0, 0, false
		}
	}
	return precision, scale, precision > 0 && precision <= 38
}

// toNumber writes to_number/try_to_number(s, format) for a literal format:
// the text without currency and grouping, its sign in front, cast to the
// DECIMAL the format describes.
func toNumber(try bool) func(r *rewriter, args [][2]int) (string, bool) {
	return func(r *rewriter, args [][2]int) (string, bool) {
		if len(args) != 2 {
			return "", false
		}
		f, ok := r.stringArg(args[1])
		if !ok {
			return "", false
		}
		p, s, ok := numberFormat(f)
		if !ok {
			return "", false
		}
		cast := "CAST("
		if try {
			cast = "TRY_CAST("
		}
		return cast + "sl_number_text(" + r.text(args[0][0], args[0][1]) + ") AS DECIMAL(" +
			strconv.Itoa(p) + "," + strconv.Itoa(s) + "))", true
	}
}

// binaryFormats are to_char's formats of a BINARY, with their functions.
var binaryFormats = map[string]string{"base64": "to_base64", "hex": "hex", "utf-8": "decode", "utf8": "decode"}

// toChar writes to_char/to_varchar(x, format) for a literal format, which
// tells the kind of x: a BINARY format (base64, hex, utf-8), a number
// format (9, 0, D, G, $, S, MI, PR: formatted through DOUBLE, so exact to
// 15 digits) or a datetime pattern (date_format).
func toChar(r *rewriter, args [][2]int) (string, bool) {
	if len(args) != 2 {
		return "", false
	}
	f, ok := r.stringArg(args[1])
	if !ok {
		return "", false
	}
	x := r.text(args[0][0], args[0][1])
	if duck, ok := binaryFormats[strings.ToLower(f)]; ok {
		return duck + "(" + x + ")", true
	}
	if _, scale, ok := numberFormat(f); ok {
		up := strings.ToUpper(f)
		spec := "{:"
		if strings.ContainsAny(up, ",G") {
			spec += ","
		}
		spec += "." + strconv.Itoa(scale) + "f}"
		body := "format('" + spec + "', CAST(abs(" + x + ") AS DOUBLE))"
		if strings.Contains(up, "$") {
			body = "'$' || " + body
		}
		neg := "(" + x + ") < 0"
		switch {
		case strings.HasSuffix(up, "S"):
			return "(" + body + " || CASE WHEN " + neg + " THEN '-' ELSE '+' END)", true
		case strings.HasPrefix(up, "S"):
			return "(CASE WHEN " + neg + " THEN '-' ELSE '+' END || " + body + ")", true
		case strings.HasSuffix(up, "MI"):
			return "(" + body + " || CASE WHEN " + neg + " THEN '-' ELSE ' ' END)", true
		case strings.HasSuffix(up, "PR"):
			return "(CASE WHEN " + neg + " THEN '<' || " + body + " || '>' ELSE " + body + " END)", true
		}
		return "(CASE WHEN " + neg + " THEN '-' ELSE '' END || " + body + ")", true
	}
	return "strftime(CAST(" + x + " AS TIMESTAMP), " + quoteString(javaPattern(f, false)) + ")", true
}

// toBinary writes to_binary/try_to_binary(s[, format]) for a literal
// format: hex (the default), base64 or utf-8; try_to_binary is NULL for
// text the format cannot read and for an unknown format.
func toBinary(try bool) func(r *rewriter, args [][2]int) (string, bool) {
	return func(r *rewriter, args [][2]int) (string, bool) {
		if len(args) != 1 && len(args) != 2 {
			return "", false
		}
		f := "hex"
		if len(args) == 2 {
			var ok bool
			if f, ok = r.stringArg(args[1]); !ok {
				return "", false
			}
		}
		var duck string
		switch strings.ToLower(f) {
		case "hex":
			duck = "unhex"
		case "base64":
			duck = "from_base64"
		case "utf-8", "utf8":
			duck = "encode"
		default:
			if !try {
				return "", false
			}
			return "CAST(NULL AS BLOB)", true
		}
		s := duck + "(" + r.text(args[0][0], args[0][1]) + ")"
		if try {
			s = "TRY(" + s + ")"
		}
		return s, true
	}
}

// secondsPart writes date_part/datepart('SECONDS', t): the seconds with
// their fraction, DECIMAL(8,6) in Spark; other fields are the catalog's.
func secondsPart(r *rewriter, args [][2]int) (string, bool) {
	if len(args) != 2 {
		return "", false
	}
	f, ok := r.stringArg(args[0])
	if !ok {
		return "", false
	}
	switch strings.ToUpper(f) {
	case "S", "SEC", "SECS", "SECOND", "SECONDS":
		return "CAST(date_part('microseconds', CAST(" + r.text(args[1][0], args[1][1]) +
			" AS TIMESTAMP)) / 1000000 AS DECIMAL(8,6))", true
	}
	return "", false
}

// formatNumber writes format_number(x, d) for a literal count of decimals:
// grouped thousands, d decimals (through DOUBLE).
func formatNumber(r *rewriter, args [][2]int) (string, bool) {
	if len(args) != 2 || args[1][0] != args[1][1] || r.sigTok(args[1][0]).kind != tokNumber {
		return "", false
	}
	d, err := strconv.Atoi(r.sigTok(args[1][0]).text)
	if err != nil || d > 38 {
		return "", false
	}
	return "format('{:,." + strconv.Itoa(d) + "f}', CAST(" + r.text(args[0][0], args[0][1]) + " AS DOUBLE))", true
}

// arrayJoin writes array_join(a, sep, nullReplacement): NULL elements
// replaced before joining (the two-argument form skips them, the catalog's).
func arrayJoin(r *rewriter, args [][2]int) (string, bool) {
	if len(args) != 3 {
		return "", false
	}
	a := r.argText(args)
	return "array_to_string(list_transform(" + a[0] + ", lambda __sl_e: coalesce(CAST(__sl_e AS VARCHAR), " + a[2] +
		")), " + a[1] + ")", true
}
