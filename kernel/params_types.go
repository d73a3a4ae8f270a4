package kernel

import (
	"fmt"
	"math/big"
	"strings"
	"time"
)

// MaxParameters is the most parameters one statement may carry.
const MaxParameters = 256

// maxDecimalPrecision is the widest Databricks DECIMAL.
const maxDecimalPrecision = 38

// Decimal is an exact DECIMAL(Precision, Scale) value: Unscaled × 10^-Scale.
// A zero Precision means the fewest digits that hold the value (at least
// Scale, at most 38). A nil Unscaled is NULL of that type.
type Decimal struct {
	Unscaled         *big.Int
	Precision, Scale int
}

// ParseDecimal reads a plain decimal number ("-12.30", "7", ".5"): its scale
// is the number of digits after the point, so "12.30" is DECIMAL(4,2).
func ParseDecimal(s string) (Decimal, error) {
	t := strings.TrimSpace(s)
	neg := strings.HasPrefix(t, "-")
	if neg || strings.HasPrefix(t, "+") {
		t = t[1:]
	}
	whole, frac, _ := strings.Cut(t, ".")
	digits := whole + frac
	if digits == "" || strings.Trim(digits, "0123456789") != "" {
		return Decimal{}, fmt.Errorf("%w: %q is not a plain decimal number", ErrInvalidArgument, s)
	}
	u, _ := new(big.Int).SetString(digits, 10)
	if neg {
		u.Neg(u)
	}
	d := Decimal{Unscaled: u, Scale: len(frac)}
	if _, err := d.typeText(); err != nil {
		return Decimal{}, err
	}
	return d, nil
}

// typeText checks the decimal and returns "DECIMAL(p,s)".
func (d Decimal) typeText() (string, error) {
	n := 1
	if d.Unscaled != nil {
		n = len(new(big.Int).Abs(d.Unscaled).String())
	}
	p := d.Precision
	if p == 0 {
		p = max(n, d.Scale, 1)
	}
	switch {
	case d.Scale < 0 || p > maxDecimalPrecision || d.Scale > p:
		return "", fmt.Errorf("%w: DECIMAL(%d,%d) is not a Databricks decimal type (precision 1..38, 0 <= scale <= precision)", ErrInvalidArgument, p, d.Scale)
	case d.Unscaled != nil && d.Unscaled.Sign() != 0 && n > p:
		return "", fmt.Errorf("%w: %s does not fit DECIMAL(%d,%d)", ErrInvalidArgument, d, p, d.Scale)
	}
	return fmt.Sprintf("DECIMAL(%d,%d)", p, d.Scale), nil
}

// String renders the value with exactly Scale digits after the point.
func (d Decimal) String() string {
	if d.Unscaled == nil {
		return "NULL"
	}
	digits := new(big.Int).Abs(d.Unscaled).String()
	sign := ""
	if d.Unscaled.Sign() < 0 {
		sign = "-"
	}
	if d.Scale <= 0 {
		return sign + digits
	}
	if len(digits) <= d.Scale {
		digits = strings.Repeat("0", d.Scale-len(digits)+1) + digits
	}
	cut := len(digits) - d.Scale
	return sign + digits[:cut] + "." + digits[cut:]
}

// ratDecimal is the exact decimal form of r: its denominator must have no
// prime factors but 2 and 5.
func ratDecimal(r *big.Rat) (Decimal, error) {
	den := new(big.Int).Set(r.Denom())
	two, five, zero := big.NewInt(2), big.NewInt(5), new(big.Int)
	var m big.Int
	e2, e5 := 0, 0
	for m.Mod(den, two).Cmp(zero) == 0 {
		den.Quo(den, two)
		e2++
	}
	for m.Mod(den, five).Cmp(zero) == 0 {
		den.Quo(den, five)
		e5++
	}
	if den.Cmp(big.NewInt(1)) != 0 {
		return Decimal{}, fmt.Errorf("%w: %s has no exact decimal form (use kernel.Decimal with a scale)", ErrInvalidArgument, r.RatString())
	}
	scale := max(e2, e5)
	u := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(scale)), nil)
	u.Mul(u, r.Num())
	u.Quo(u, r.Denom())
	d := Decimal{Unscaled: u, Scale: scale}
	_, err := d.typeText()
	return d, err
}

// Date is a calendar date (DATE), without a time zone.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf is the date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// String renders the date as YYYY-MM-DD.
func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day) }

// TimestampNTZ binds a time as TIMESTAMP_NTZ: its wall clock in its own
// location, without a zone. A plain time.Time binds as TIMESTAMP (an
// instant).
type TimestampNTZ time.Time

// String renders the wall-clock time, with up to nine fraction digits.
func (t TimestampNTZ) String() string { return time.Time(t).Format("2006-01-02T15:04:05.999999999") }

// intervalText renders d as the day-time interval text the server casts:
// "3 days 00:00:01.5", negative as "-3 days -00:00:01.5". Sub-microsecond
// digits are dropped (Databricks intervals count microseconds).
func intervalText(d time.Duration) string {
	sign := ""
	u := uint64(d)
	if d < 0 {
		sign, u = "-", uint64(-(d+1))+1
	}
	us := u / 1000
	days, rest := us/86_400_000_000, us%86_400_000_000
	h, rest := rest/3_600_000_000, rest%3_600_000_000
	m, rest := rest/60_000_000, rest%60_000_000
	s, frac := rest/1_000_000, rest%1_000_000
	f := ""
	if frac != 0 {
		f = strings.TrimRight(fmt.Sprintf(".%06d", frac), "0")
	}
	return fmt.Sprintf("%s%d days %s%02d:%02d:%02d%s", sign, days, sign, h, m, s, f)
}
