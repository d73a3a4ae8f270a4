package sqlfront

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
)

// Interval literals in Spark's forms: INTERVAL '1-2' YEAR TO MONTH,
// INTERVAL '3 04:05:06' DAY TO SECOND (every start TO end of the day-time
// fields), INTERVAL -'100' YEAR, and unit lists INTERVAL 5 days 3 hours,
// INTERVAL 1.5 SECONDS. DuckDB parses none of these, so rewriteIntervals
// writes them as DuckDB intervals (days kept in the day field, so that
// extract(DAY …) reads them), and the namer prints them as Spark does
// (INTERVAL '5 03:07' DAY TO MINUTE). The forms DuckDB shares (INTERVAL 3
// DAYS, INTERVAL '1' DAY) are left to it. A unit list mixing year-month and
// day-time units is Spark's calendar interval, left alone.

func init() {
	// make_ym_interval([years[, months]]): a year-month interval (typed so
	// by position, see yearMonthColumns).
	catalog["make_ym_interval"] = fn{min: 0, max: 2, byArity: map[int]string{
		0: "to_months(0)",
		1: "to_months(CAST($1 AS INTEGER) * 12)",
		2: "to_months(CAST($1 AS INTEGER) * 12 + CAST($2 AS INTEGER))",
	}}
	sparkFuncs["make_ym_interval"] = sparkFunc{first: 1, defaults: []string{"0"}}
}

// Interval fields, in order.
const (
	ivYear = iota
	ivMonth
	ivDay
	ivHour
	ivMinute
	ivSecond
)

var ivFieldNames = [...]string{"YEAR", "MONTH", "DAY", "HOUR", "MINUTE", "SECOND"}

const (
	usSecond = int64(1_000_000)
	usMinute = 60 * usSecond
	usHour   = 60 * usMinute
	usDay    = 24 * usHour
)

// ivUnits maps a unit word of a unit list (singular or plural) to its
// field and its size: months for YEAR and MONTH, microseconds otherwise.
var ivUnits = map[string]struct {
	field int
	size  int64
}{
	"year": {ivYear, 12}, "month": {ivMonth, 1}, "week": {ivDay, 7 * usDay}, "day": {ivDay, usDay},
	"hour": {ivHour, usHour}, "minute": {ivMinute, usMinute}, "second": {ivSecond, usSecond},
	"millisecond": {ivSecond, 1000}, "microsecond": {ivSecond, 1},
}

func ivUnit(t token) (field int, size int64, ok bool) {
	if t.kind != tokWord {
		return 0, 0, false
	}
	w := strings.TrimSuffix(strings.ToLower(t.text), "s")
	u, ok := ivUnits[w]
	return u.field, u.size, ok
}

// interval is a parsed ANSI interval: year-month (months) or day-time
// (micros), with its start and end fields.
type interval struct {
	ym         bool
	months     int64
	micros     int64
	start, end int
	// native is set for the forms DuckDB parses itself.
	native bool
}

// ivQualified are the patterns of INTERVAL 'text' start TO end, by start
// and end field.
var ivQualified = map[[2]int]*regexp.Regexp{
	{ivYear, ivMonth}:    regexp.MustCompile(`^([+-]?)(\d+)-(\d+)$`),
	{ivDay, ivHour}:      regexp.MustCompile(`^([+-]?)(\d+) (\d+)$`),
	{ivDay, ivMinute}:    regexp.MustCompile(`^([+-]?)(\d+) (\d+):(\d+)$`),
	{ivDay, ivSecond}:    regexp.MustCompile(`^([+-]?)(\d+) (\d+):(\d+):(\d+(?:\.\d+)?)$`),
	{ivHour, ivMinute}:   regexp.MustCompile(`^([+-]?)(\d+):(\d+)$`),
	{ivHour, ivSecond}:   regexp.MustCompile(`^([+-]?)(\d+):(\d+):(\d+(?:\.\d+)?)$`),
	{ivMinute, ivSecond}: regexp.MustCompile(`^([+-]?)(\d+):(\d+(?:\.\d+)?)$`),
}

// ivSingle is the text of INTERVAL 'text' unit.
var ivSingle = regexp.MustCompile(`^([+-]?)(\d+(?:\.\d+)?)$`)

// parseInterval reads an interval literal whose INTERVAL keyword is at(0);
// n is the number of tokens it spans.
func parseInterval(at func(int) token) (iv interval, n int, ok bool) {
	if !at(0).isKeyword("INTERVAL") {
		return interval{}, 0, false
	}
	k, neg := 1, false
	if at(1).isPunct('-') || at(1).isPunct('+') {
		neg, k = at(1).isPunct('-'), 2
	}
	if at(k).isStringLit() {
		iv, n, ok = qualifiedInterval(at, k)
		if ok && neg {
			iv.months, iv.micros, iv.native = -iv.months, -iv.micros, false
		}
		return iv, n, ok
	}
	if neg {
		return interval{}, 0, false
	}
	return unitList(at)
}

// qualifiedInterval reads 'text' unit [TO unit] from at(k).
func qualifiedInterval(at func(int) token, k int) (interval, int, bool) {
	text := strings.TrimSpace(at(k).value())
	from, _, ok := ivUnit(at(k + 1))
	if !ok || strings.HasSuffix(strings.ToLower(at(k+1).text), "s") {
		return interval{}, 0, false
	}
	iv := interval{start: from, end: from, ym: from <= ivMonth}
	n := k + 2
	if at(n).isKeyword("TO") {
		to, _, ok := ivUnit(at(n + 1))
		if !ok || to <= from || (from <= ivMonth) != (to <= ivMonth) {
			return interval{}, 0, false
		}
		iv.end, n = to, n+2
	}
	var parts []string
	if iv.start == iv.end {
		m := ivSingle.FindStringSubmatch(text)
		if m == nil || (strings.Contains(m[2], ".") && iv.start != ivSecond) {
			return interval{}, 0, false
		}
		parts = m[1:]
		iv.native = k == 1
	} else {
		m := ivQualified[[2]int{iv.start, iv.end}].FindStringSubmatch(text)
		if m == nil {
			return interval{}, 0, false
		}
		parts = m[1:]
	}
	sign := int64(1)
	if parts[0] == "-" {
		sign = -1
	}
	for i, p := range parts[1:] {
		field := iv.start + i
		if iv.ym {
			v, err := strconv.ParseInt(p, 10, 64)
			if err != nil {
				return interval{}, 0, false
			}
			if field == ivYear {
				v *= 12
			}
			iv.months += v
			continue
		}
		us, ok := fieldMicros(p, field)
		if !ok {
			return interval{}, 0, false
		}
		iv.micros += us
	}
	iv.months *= sign
	iv.micros *= sign
	return iv, n, true
}

// fieldMicros is a day-time field's value in microseconds (a SECOND may
// have a fraction).
func fieldMicros(text string, field int) (int64, bool) {
	size := [...]int64{0, 0, usDay, usHour, usMinute, usSecond}[field]
	whole, frac, _ := strings.Cut(text, ".")
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || w > math.MaxInt64/size {
		return 0, false
	}
	us := w * size
	if frac != "" {
		if len(frac) > 6 {
			frac = frac[:6]
		}
		f, err := strconv.ParseInt(frac+strings.Repeat("0", 6-len(frac)), 10, 64)
		if err != nil {
			return 0, false
		}
		us += f
	}
	return us, true
}

// unitList reads n unit [n unit …] after INTERVAL; a number may be
// negative, and have a fraction in day-time units.
func unitList(at func(int) token) (interval, int, bool) {
	iv := interval{start: -1}
	k, pairs, ym, dt := 1, 0, false, false
	for {
		neg := false
		j := k
		if at(j).isPunct('-') {
			neg, j = true, j+1
		}
		num := at(j)
		field, size, ok := ivUnit(at(j + 1))
		if num.kind != tokNumber || !ok {
			break
		}
		v, err := strconv.ParseFloat(num.text, 64)
		if err != nil {
			return interval{}, 0, false
		}
		if neg {
			v = -v
		}
		if field <= ivMonth {
			if v != math.Trunc(v) {
				return interval{}, 0, false
			}
			iv.months += int64(v) * size
			ym = true
		} else {
			iv.micros += int64(math.Round(v * float64(size)))
			dt = true
		}
		if iv.start < 0 || field < iv.start {
			iv.start = field
		}
		if field > iv.end {
			iv.end = field
		}
		pairs++
		k = j + 2
		if strings.Contains(num.text, ".") || neg {
			pairs++ // not a form DuckDB reads
		}
	}
	if pairs == 0 || ym && dt {
		return interval{}, 0, false
	}
	iv.ym = ym
	iv.native = pairs == 1
	return iv, k, true
}

// duck is the interval as DuckDB SQL.
func (iv interval) duck() string {
	if iv.ym {
		return fmt.Sprintf("to_months(%d)", iv.months)
	}
	days, rest := iv.micros/usDay, iv.micros%usDay
	switch {
	case rest == 0:
		return fmt.Sprintf("to_days(%d)", days)
	case days == 0:
		return fmt.Sprintf("to_microseconds(%d)", rest)
	}
	return fmt.Sprintf("(to_days(%d) + to_microseconds(%d))", days, rest)
}

// pretty is the literal as Spark prints it: INTERVAL '5 03:07' DAY TO
// MINUTE, INTERVAL '01.5' SECOND, INTERVAL '1-2' YEAR TO MONTH.
func (iv interval) pretty() string {
	var b strings.Builder
	b.WriteString("INTERVAL '")
	if iv.ym {
		m := iv.months
		if m < 0 {
			b.WriteByte('-')
			m = -m
		}
		switch {
		case iv.start == ivYear && iv.end == ivMonth:
			fmt.Fprintf(&b, "%d-%d", m/12, m%12)
		case iv.start == ivYear:
			fmt.Fprintf(&b, "%d", m/12)
		default:
			fmt.Fprintf(&b, "%d", m)
		}
	} else {
		us := iv.micros
		if us < 0 {
			b.WriteByte('-')
			us = -us
		}
		sizes := [...]int64{0, 0, usDay, usHour, usMinute, usSecond}
		for f := iv.start; f <= iv.end; f++ {
			v := us / sizes[f]
			us %= sizes[f]
			switch {
			case f == iv.start && f == ivDay:
				fmt.Fprintf(&b, "%d", v)
			case f == iv.start:
				fmt.Fprintf(&b, "%02d", v)
			case f == ivHour:
				fmt.Fprintf(&b, " %02d", v)
			default:
				fmt.Fprintf(&b, ":%02d", v)
			}
			if f == ivSecond && us > 0 {
				b.WriteString(strings.TrimRight(fmt.Sprintf(".%06d", us), "0"))
			}
		}
	}
	b.WriteString("' ")
	b.WriteString(ivFieldNames[iv.start])
	if iv.end != iv.start {
		b.WriteString(" TO ")
		b.WriteString(ivFieldNames[iv.end])
	}
	return b.String()
}

// rewriteIntervals writes the interval literals DuckDB cannot parse as
// DuckDB intervals.
func (r *rewriter) rewriteIntervals() {
	for k := 0; k < len(r.sig); k++ {
		if !r.sigTok(k).isKeyword("INTERVAL") {
			continue
		}
		iv, n, ok := parseInterval(func(j int) token { return r.sigTok(k + j) })
		if !ok || iv.native {
			continue
		}
		r.out[r.si(k)] = iv.duck()
		r.dropRaw(r.si(k)+1, r.si(k+n-1))
		k += n - 1
	}
}

// intervalLiteral is the namer's interval literal.
func (p *exprParser) intervalLiteral() (exprNode, error) {
	iv, n, ok := parseInterval(p.at)
	if !ok {
		return nil, errUnknownExpr
	}
	p.pos += n
	return &litExpr{kind: litDatetime, pretty: iv.pretty()}, nil
}

// yearMonthColumns returns the 0-based positions of the select-list items
// that are a year-month interval literal, make_ym_interval(…), a try_
// arithmetic function of year-month literals (see ymArithmeticEnd) or an
// aggregate of a year-month column of an inline table (ymAggregateEnd),
// optionally aliased: DuckDB's INTERVAL does not tell them from day-time intervals,
// so the warehouse types them (INTERVAL YEAR TO MONTH) by position.
func (r *rewriter) yearMonthColumns() []int {
	return r.itemColumns(func(start, end int) bool {
		k := start
		if t := r.sigTok(k); t.isKeyword("make_ym_interval") && r.sigTok(k+1).isPunct('(') {
			k = r.matchClose(k+1) + 1
			if k <= start {
				return false
			}
		} else if e, ok := r.ymArithmeticEnd(k, end); ok {
			k = e
		} else if e, ok := r.ymAggregateEnd(k, end); ok {
			k = e
		} else if e, ok := r.ymLiteralEnd(k, end); ok {
			k = e
		} else {
			return false
		}
		switch end - k {
		case 0:
			return true
		case 1:
			return r.sigTok(k).isIdent()
		case 2:
			return r.sigTok(k).isKeyword("AS") && r.sigTok(k+1).isIdent()
		}
		return false
	})
}

// ymLiteralEnd returns the significant index just past the year-month
// interval literal starting at k (before end).
func (r *rewriter) ymLiteralEnd(k, end int) (int, bool) {
	iv, n, ok := parseInterval(func(j int) token {
		if k+j >= end {
			return token{kind: tokSpace}
		}
		return r.sigTok(k + j)
	})
	if !ok || !iv.ym {
		return 0, false
	}
	return k + n, true
}

// ymArithmeticEnd returns the significant index just past the call starting
// at k (before end) when it is a year-month interval in Spark:
// try_add/try_subtract of two year-month literals, try_multiply/try_divide
// of a year-month literal by a number, abs of a year-month literal.
func (r *rewriter) ymArithmeticEnd(k, end int) (int, bool) {
	t := r.sigTok(k)
	if t.isKeyword("abs") && r.sigTok(k+1).isPunct('(') {
		if e, ok := r.ymLiteralEnd(k+2, end); ok && r.sigTok(e).isPunct(')') {
			return e + 1, true
		}
		return 0, false
	}
	both := t.isKeyword("try_add") || t.isKeyword("try_subtract")
	if !both && !t.isKeyword("try_multiply") && !t.isKeyword("try_divide") || !r.sigTok(k+1).isPunct('(') {
		return 0, false
	}
	closing := r.matchClose(k + 1)
	if closing <= k || closing >= end {
		return 0, false
	}
	comma, ok := r.ymLiteralEnd(k+2, closing)
	if !ok || !r.sigTok(comma).isPunct(',') {
		return 0, false
	}
	if both {
		if e, ok := r.ymLiteralEnd(comma+1, closing); !ok || e != closing {
			return 0, false
		}
	}
	return closing + 1, true
}
