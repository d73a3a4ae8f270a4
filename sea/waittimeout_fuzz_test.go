package sea_test

import (
	"testing"
	"time"

	"github.com/sealane/sealane/sea"
)

// FuzzParseWaitTimeout checks that ParseWaitTimeout never panics, accepts
// only what the service does — "0s" or "5s".."50s", spelt canonically, so
// that formatting the result gives the input back — and answers everything
// else with ErrInvalidWaitTimeout and a short message.
func FuzzParseWaitTimeout(f *testing.F) {
	for _, s := range []string{"", "0s", "5s", "10s", "50s", "4s", "51s", "92233720368570s", "+5s", "05s", "5", "s"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, present, err := sea.ParseWaitTimeout(s)
		if present != (s != "") {
			t.Fatalf("%q: present = %v", s, present)
		}
		if err != nil {
			if d != 0 {
				t.Fatalf("%q: error %v with duration %v", s, err, d)
			}
			if msg := err.Error(); len(msg) > 256 {
				t.Fatalf("%q: error message of %d bytes echoes the input", s, len(msg))
			}
			return
		}
		if !present {
			return
		}
		if d != 0 && (d < 5*time.Second || d > 50*time.Second) {
			t.Fatalf("%q accepted as %v, outside 0s and 5s..50s", s, d)
		}
		if got := sea.FormatWaitTimeout(d); got != s {
			t.Fatalf("%q accepted as %v, which formats as %q", s, d, got)
		}
	})
}
