package sqlfuncs

import (
	"encoding/base32"
	"math/bits"
	"strings"
	"unicode/utf8"
)

// String and number functions: conv, soundex, base32, make_valid_utf8.

func init() {
	register(
		Func{Name: "sl_conv", Args: []string{"VARCHAR", "INTEGER", "INTEGER"}, Result: "VARCHAR", Eval: func(a []any) (any, error) {
			return Conv(a[0].(string), int(a[1].(int32)), int(a[2].(int32)))
		}},
		Func{Name: "sl_soundex", Args: []string{"VARCHAR"}, Result: "VARCHAR", Eval: func(a []any) (any, error) {
			return Soundex(a[0].(string)), nil
		}},
		Func{Name: "sl_to_base32", Args: []string{"ANY"}, Result: "VARCHAR", Eval: func(a []any) (any, error) {
			b, err := bytesOf(a[0])
			if err != nil {
				return nil, err
			}
			return base32.StdEncoding.EncodeToString(b), nil
		}},
		Func{Name: "sl_from_base32", Args: []string{"ANY"}, Result: "BLOB", Eval: func(a []any) (any, error) {
			b, err := bytesOf(a[0])
			if err != nil {
				return nil, err
			}
			out, err := base32.StdEncoding.DecodeString(string(b))
			if err != nil {
				return nil, sparkErr("INVALID_PARAMETER_VALUE", "22023",
					"The value of parameter(s) `str` in `from_base32` is invalid: %s", err)
			}
			return out, nil
		}},
		Func{Name: "sl_make_valid_utf8", Args: []string{"ANY"}, Result: "VARCHAR", Eval: func(a []any) (any, error) {
			b, err := bytesOf(a[0])
			if err != nil {
				return nil, err
			}
			return MakeValidUTF8(b), nil
		}},
	)
}

// MakeValidUTF8 replaces every byte that starts no valid UTF-8 sequence by
// U+FFFD, as Spark's make_valid_utf8 does.
func MakeValidUTF8(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	var sb strings.Builder
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if r == utf8.RuneError && n <= 1 {
			sb.WriteRune(utf8.RuneError)
		} else {
			sb.Write(b[:n])
		}
		b = b[max(n, 1):]
	}
	return sb.String()
}

// Conv is Spark's conv(num, fromBase, toBase): num read in fromBase (its
// longest valid prefix; a leading '-' negates) as an unsigned 64-bit
// number, written in |toBase|, signed when toBase is negative. Bases are
// 2…36 (toBase in magnitude); other bases and a num without digits give
// NULL (nil).
func Conv(num string, from, to int) (any, error) {
	if from < 2 || from > 36 || to == 0 || to < -36 || to > 36 || (to > 0 && to < 2) || (to < 0 && to > -2) {
		return nil, nil
	}
	s := strings.TrimSpace(num)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	var v uint64
	digits := 0
	for _, c := range strings.ToUpper(s) {
		d := digitOf(c)
		if d < 0 || d >= from {
			break
		}
		hi, lo := bits.Mul64(v, uint64(from))
		lo, carry := bits.Add64(lo, uint64(d), 0)
		if hi != 0 || carry != 0 {
			return nil, sparkErr("ARITHMETIC_OVERFLOW", "22003", "Overflow in function conv().")
		}
		v = lo
		digits++
	}
	if digits == 0 {
		return nil, nil
	}
	if neg {
		v = -v
	}
	outNeg := false
	if to < 0 {
		to = -to
		if int64(v) < 0 { //nolint:gosec // the signed reading of the bits
			outNeg = true
			v = -v
		}
	}
	var out []byte
	for {
		out = append(out, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"[v%uint64(to)]) //nolint:gosec // 2 ≤ to ≤ 36
		v /= uint64(to)                                                         //nolint:gosec // 2 ≤ to ≤ 36
		if v == 0 {
			break
		}
	}
	if outNeg {
		out = append(out, '-')
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return string(out), nil
}

func digitOf(c rune) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'A' && c <= 'Z':
		return int(c-'A') + 10
	}
	return -1
}

// Soundex is Spark's soundex: the American Soundex code of a string that
// starts with a letter (H and W do not separate equal codes), the string
// itself otherwise.
func Soundex(s string) string {
	if s == "" {
		return s
	}
	up := strings.ToUpper(s)
	first := up[0]
	if first < 'A' || first > 'Z' {
		return s
	}
	const codes = "01230120022455012623010202" // A…Z
	out := []byte{first}
	last := codes[first-'A']
	for i := 1; i < len(up) && len(out) < 4; i++ {
		c := up[i]
		if c < 'A' || c > 'Z' {
			last = '0'
			continue
		}
		code := codes[c-'A']
		if c == 'H' || c == 'W' {
			continue
		}
		if code != '0' && code != last {
			out = append(out, code)
		}
		last = code
	}
	for len(out) < 4 {
		out = append(out, '0')
	}
	return string(out)
}
