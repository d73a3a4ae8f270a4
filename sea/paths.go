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
func ParseWaitTimeout(s string) (d time.Duration, present bool, err error) {
	if s == "" {
		return 0, false, nil
	}
	num, ok := strings.CutSuffix(s, "s")
	if !ok {
		return 0, true, fmt.Errorf("%w: %q must be \"<N>s\"", ErrInvalidWaitTimeout, s)
	}
	n, err := strconv.Atoi(num)
	if err != nil {
		return 0, true, fmt.Errorf("%w: %q must be \"<N>s\"", ErrInvalidWaitTimeout, s)
	}
	d = time.Duration(n) * time.Second
	if n != 0 && (d < MinWaitTimeout || d > MaxWaitTimeout) {
		return 0, true, fmt.Errorf("%w: %q must be 0s or between 5s and 50s", ErrInvalidWaitTimeout, s)
	}
	return d, true, nil
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
