package sea

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ErrInvalidWaitTimeout reports a wait_timeout outside "0s" and "5s".."50s".
var ErrInvalidWaitTimeout = errors.New("sea: invalid wait_timeout")

// MinWaitTimeout and MaxWaitTimeout bound a positive wait_timeout.
const (
	MinWaitTimeout = 5 * time.Second
	MaxWaitTimeout = 50 * time.Second
)

// ParseWaitTimeout parses a wait_timeout value. An empty string means the field
// was absent (direct results): present is false. "0s" means asynchronous.
//
// The value must be "<N>s" with N written in decimal digits without sign or
// leading zeros, and N must be 0 or from 5 to 50, as the service requires:
// "92233720368570s", "+5s", "05s", "5 s" and "5.0s" are all invalid (N is
// never converted before its range is known, so it cannot overflow).
func ParseWaitTimeout(s string) (d time.Duration, present bool, err error) {
	if s == "" {
		return 0, false, nil
	}
	num, ok := strings.CutSuffix(s, "s")
	if !ok || !canonicalDigits(num) {
		return 0, true, fmt.Errorf("%w: %s must be \"<N>s\" with N 0 or 5 to 50, e.g. \"10s\"", ErrInvalidWaitTimeout, quoteShort(s))
	}
	if len(num) > 2 {
		return 0, true, fmt.Errorf("%w: %s must be 0s or between 5s and 50s", ErrInvalidWaitTimeout, quoteShort(s))
	}
	n, _ := strconv.Atoi(num) // at most two digits
	d = time.Duration(n) * time.Second
	if n != 0 && (d < MinWaitTimeout || d > MaxWaitTimeout) {
		return 0, true, fmt.Errorf("%w: %s must be 0s or between 5s and 50s", ErrInvalidWaitTimeout, quoteShort(s))
	}
	return d, true, nil
}

// canonicalDigits reports whether s is a non-empty run of ASCII digits
// without a leading zero (other than "0" itself).
func canonicalDigits(s string) bool {
	if s == "" || (len(s) > 1 && s[0] == '0') {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// quoteShort quotes s for an error message, cut to 24 bytes so that a huge
// value is not echoed back whole.
func quoteShort(s string) string {
	const max = 24
	if len(s) <= max {
		return strconv.Quote(s)
	}
	return strconv.Quote(s[:max]) + fmt.Sprintf("… (%d bytes)", len(s))
}

// FormatWaitTimeout renders d as a wait_timeout value ("0s", "10s").
func FormatWaitTimeout(d time.Duration) string {
	return strconv.Itoa(int(d/time.Second)) + "s"
}

// ChunkPath is the API path of chunk n of a statement, used both as the
// next_chunk_internal_link and as the route a client fetches.
func ChunkPath(statementID string, n int) string {
	return APIPrefix + "/statements/" + statementID + "/result/chunks/" + strconv.Itoa(n)
}

// WarehouseIDFromHTTPPath extracts the warehouse id from an http_path such as
// "/sql/1.0/warehouses/abc" or "/sql/1.0/endpoints/abc?o=123". It returns ""
// when the path names no warehouse.
func WarehouseIDFromHTTPPath(httpPath string) string {
	for _, marker := range []string{"/warehouses/", "/endpoints/"} {
		if _, rest, ok := strings.Cut(httpPath, marker); ok {
			if i := strings.IndexAny(rest, "?&"); i >= 0 {
				rest = rest[:i]
			}
			return strings.TrimSuffix(rest, "/")
		}
	}
	return ""
}
