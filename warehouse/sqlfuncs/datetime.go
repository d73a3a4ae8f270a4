package sqlfuncs

import (
	"fmt"
	"strings"
	"time"
	"unicode"
)

// Spark's lenient string → DATE and TIMESTAMP casts (stringToDate and
// stringToTimestamp): a year alone, a year-month, one-digit months and
// days, an hour without minutes, 'T' or ' ' between date and time, and a
// zone written as Z, ±h[h][[:]mm], UTC/GMT/UT±…, or a region id. The
// functions normalise such text to the strict form DuckDB casts
// (YYYY-MM-DD, YYYY-MM-DD HH:MM:SS.ffffff[±HH:MM| Region]); the caller
// casts the result. Text that is not a date fails with CAST_INVALID_INPUT,
// or gives NULL when the strict argument is false (try_cast, ANSI off).

func init() {
	register(
		Func{Name: "sl_spark_date_text", Args: []string{"VARCHAR", "BOOLEAN"}, Result: "VARCHAR", Eval: func(a []any) (any, error) {
			text, ok := SparkDateText(a[0].(string))
			return castResult(text, ok, a[0].(string), "DATE", a[1].(bool))
		}},
		Func{Name: "sl_spark_timestamp_text", Args: []string{"VARCHAR", "BOOLEAN"}, Result: "VARCHAR", Eval: func(a []any) (any, error) {
			text, ok := SparkTimestampText(a[0].(string), time.Now())
			return castResult(text, ok, a[0].(string), "TIMESTAMP", a[1].(bool))
		}},
	)
}

// castResult turns a normalised text (ok false: malformed) into the
// function's answer.
func castResult(text string, ok bool, in, to string, strict bool) (any, error) {
	if ok {
		return text, nil
	}
	if !strict {
		return nil, nil
	}
	return nil, sparkErr("CAST_INVALID_INPUT", "22018",
		"The value '%s' of the type \"STRING\" cannot be cast to \"%s\" because it is malformed. "+
			"Correct the value as per the syntax, or change its target type. "+
			"Use `try_cast` to tolerate malformed input and return NULL instead.", in, to)
}

// trimSpark drops what Spark's UTF8String.trimAll drops: whitespace and
// ISO control characters at both ends.
func trimSpark(s string) string {
	return strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) })
}

// digits reads 1 or more ASCII digits from s at i; it returns the value,
// their count and the index after them.
func digits(s string, i int) (v, n, next int) {
	for i < len(s) && s[i] >= '0' && s[i] <= '9' && n < 10 {
		v = v*10 + int(s[i]-'0')
		n++
		i++
	}
	return v, n, i
}

// datePart reads [+]yyyy*[-[m]m[-[d]d]] from s; rest is the index after it.
func datePart(s string) (y, m, d, rest int, ok bool) {
	i := 0
	if i < len(s) && s[i] == '+' {
		i++
	}
	y, n, i := digits(s, i)
	if n < 4 || n > 7 {
		return 0, 0, 0, 0, false
	}
	m, d = 1, 1
	if i < len(s) && s[i] == '-' {
		if m, n, i = digits(s, i+1); n < 1 || n > 2 {
			return 0, 0, 0, 0, false
		}
		if i < len(s) && s[i] == '-' {
			if d, n, i = digits(s, i+1); n < 1 || n > 2 {
				return 0, 0, 0, 0, false
			}
		}
	}
	if m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return 0, 0, 0, 0, false
	}
	return y, m, d, i, true
}

func daysIn(y, m int) int {
	return time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// SparkDateText normalises a string as Spark's cast to DATE reads it
// (the time after ' ' or 'T' is ignored); ok is false when it is not one.
func SparkDateText(s string) (string, bool) {
	s = trimSpark(s)
	y, m, d, i, ok := datePart(s)
	if !ok || (i < len(s) && s[i] != ' ' && s[i] != 'T') {
		return "", false
	}
	return fmt.Sprintf("%04d-%02d-%02d", y, m, d), true
}

// SparkTimestampText normalises a string as Spark's cast to TIMESTAMP
// reads it; a time without a date is on now's day. ok is false when it is
// not a timestamp.
func SparkTimestampText(s string, now time.Time) (string, bool) {
	s = trimSpark(s)
	var y, mo, d, i int
	var ok bool
	timeOnly := strings.HasPrefix(s, "T")
	if !timeOnly {
		if _, n, j := digits(s, 0); n > 0 && n <= 2 && j < len(s) && s[j] == ':' {
			timeOnly = true
		}
	}
	if timeOnly {
		y, mo, d = now.Year(), int(now.Month()), now.Day()
		i = strings.IndexFunc(s, func(r rune) bool { return r != 'T' })
		if i < 0 || i > 1 {
			return "", false
		}
	} else {
		if y, mo, d, i, ok = datePart(s); !ok {
			return "", false
		}
		if i == len(s) || (i == len(s)-1 && s[i] == ' ') {
			return fmt.Sprintf("%04d-%02d-%02d 00:00:00", y, mo, d), true
		}
		if s[i] != ' ' && s[i] != 'T' {
			return "", false
		}
		i++
	}
	h, n, i := digits(s, i)
	if n < 1 || n > 2 || h > 23 {
		return "", false
	}
	var mi, sec, frac int
	if i < len(s) && s[i] == ':' {
		if mi, n, i = digits(s, i+1); n < 1 || n > 2 || mi > 59 {
			return "", false
		}
		if i < len(s) && s[i] == ':' {
			if sec, n, i = digits(s, i+1); n < 1 || n > 2 || sec > 59 {
				return "", false
			}
			if i < len(s) && s[i] == '.' {
				i++
				j := i
				for j < len(s) && s[j] >= '0' && s[j] <= '9' {
					if j-i < 6 {
						frac = frac*10 + int(s[j]-'0')
					}
					j++
				}
				for k := min(j-i, 6); k < 6; k++ {
					frac *= 10
				}
				i = j
			}
		}
	}
	zone, ok := sparkZone(strings.TrimLeft(s[i:], " "))
	if !ok {
		return "", false
	}
	return fmt.Sprintf("%04d-%02d-%02d %02d:%02d:%02d.%06d%s", y, mo, d, h, mi, sec, frac, zone), true
}

// sparkZone normalises a zone suffix to ±HH:MM, " Region", or "" (none).
func sparkZone(z string) (string, bool) {
	switch {
	case z == "":
		return "", true
	case z == "Z":
		return "+00:00", true
	case z[0] == '+' || z[0] == '-':
		return offset(z)
	}
	for _, p := range []string{"UTC", "GMT", "UT"} {
		if rest, found := strings.CutPrefix(z, p); found {
			if rest == "" {
				return "+00:00", true
			}
			if rest[0] == '+' || rest[0] == '-' {
				return offset(rest)
			}
		}
	}
	for _, r := range z {
		if !zoneRune(r) {
			return "", false
		}
	}
	return " " + z, true
}

// offset reads ±h, ±hh, ±hh:mm, ±hhmm (and :ss or ss, which must be 0).
func offset(z string) (string, bool) {
	sign := z[0]
	body := strings.ReplaceAll(z[1:], ":", "")
	if len(body) == 0 || len(body) > 6 || len(body) == 3 || len(body) == 5 {
		return "", false
	}
	for _, r := range body {
		if r < '0' || r > '9' {
			return "", false
		}
	}
	if len(body) == 1 {
		body = "0" + body
	}
	h := int(body[0]-'0')*10 + int(body[1]-'0')
	m := 0
	if len(body) >= 4 {
		m = int(body[2]-'0')*10 + int(body[3]-'0')
	}
	if len(body) == 6 && body[4:] != "00" {
		return "", false
	}
	if h > 18 || m > 59 {
		return "", false
	}
	return fmt.Sprintf("%c%02d:%02d", sign, h, m), true
}

// zoneRune reports whether r may stand in a region zone id (Area/City).
func zoneRune(r rune) bool {
	switch {
	case r == '/', r == '_', r == '-', r == '+':
		return true
	case r >= '0' && r <= '9', r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
		return true
	}
	return false
}
