package faults

import (
	"errors"
	"fmt"
	"math"
	"time"
)

// ErrBadRule reports an invalid Rule or an unparsable rule string.
var ErrBadRule = errors.New("faults: bad rule")

// ErrBadConfig reports an invalid Config.
var ErrBadConfig = errors.New("faults: bad config")

// Rule injects an HTTP error on matching calls.
//
// A rule fires on a matching call when it still has injections left (Count)
// and, if Rate is strictly between 0 and 1, when a draw from the injector's
// generator falls below Rate. Rate 0 means "no randomness": the rule fires on
// every matching call until Count is used up, so Rate 0 with Count 3 is "the
// first three calls" and Rate 0 with Count 0 is "every call".
type Rule struct {
	// Call selects the requests the rule applies to. The empty Call matches
	// every API call but never a download; only CallDownload matches
	// downloads.
	Call Call
	// Status is the HTTP status to answer with, 400 to 599 (e.g. 500, 503,
	// 429).
	Status int
	// RetryAfter, when > 0, adds a Retry-After header of its whole seconds,
	// rounded up and at least 1.
	RetryAfter time.Duration
	// Rate is the probability, in [0,1], that a matching call is failed.
	// 0 means every matching call (see the type's comment).
	Rate float64
	// Count caps the number of injections; 0 means unlimited.
	Count int
}

// matches reports whether the rule applies to call.
func (r Rule) matches(call Call) bool {
	if r.Call == "" {
		return call.IsAPI()
	}
	return r.Call == call
}

// Validate checks the rule's fields. Errors wrap ErrBadRule.
func (r Rule) Validate() error {
	if msg := r.problem(); msg != "" {
		return fmt.Errorf("%w: %s", ErrBadRule, msg)
	}
	return nil
}

// problem describes what is wrong with the rule, or returns "".
func (r Rule) problem() string {
	switch {
	case r.Call != "" && !r.Call.Valid():
		return fmt.Sprintf("unknown call %q", r.Call)
	case r.Status < 400 || r.Status > 599:
		return fmt.Sprintf("status %d is not an HTTP error status (400-599)", r.Status)
	case math.IsNaN(r.Rate) || r.Rate < 0 || r.Rate > 1:
		return fmt.Sprintf("rate %v is outside [0,1]", r.Rate)
	case r.Count < 0:
		return fmt.Sprintf("count %d is negative", r.Count)
	case r.RetryAfter < 0:
		return fmt.Sprintf("retry-after %v is negative", r.RetryAfter)
	}
	return ""
}

// String renders the rule in the form ParseRule accepts, e.g.
// "execute:503:retry-after=1s:count=2" or "*:500:rate=0.1".
func (r Rule) String() string {
	call := string(r.Call)
	if call == "" {
		call = "*"
	}
	s := fmt.Sprintf("%s:%d", call, r.Status)
	if r.Rate != 0 {
		s += fmt.Sprintf(":rate=%v", r.Rate)
	}
	if r.Count != 0 {
		s += fmt.Sprintf(":count=%d", r.Count)
	}
	if r.RetryAfter != 0 {
		s += ":retry-after=" + r.RetryAfter.String()
	}
	return s
}

// Config describes the faults an Injector applies. The zero Config injects
// nothing.
type Config struct {
	// Seed seeds the PCG generator (math/rand/v2) every random decision
	// draws from, so runs are reproducible.
	Seed uint64
	// Latency is added before every API call (a simulated round trip),
	// including calls that then get an injected error.
	Latency time.Duration
	// DownloadLatency is added before every download response (time to
	// first byte).
	DownloadLatency time.Duration
	// DownloadBandwidth caps each download body at this many bytes per
	// second; 0 means unlimited.
	DownloadBandwidth int64
	// StatusDelay is added to Latency on get_statement calls (a slow status
	// endpoint).
	StatusDelay time.Duration
	// Errors are evaluated in order on every call; the first rule that
	// fires wins.
	Errors []Rule
	// ResetAfterBytes is the number of body bytes a download selected for a
	// reset delivers before its connection is aborted. A body no longer
	// than this is delivered intact.
	ResetAfterBytes int64
	// ResetCount caps the number of downloads selected for a reset
	// (0 = unlimited). With ResetRate 0 it selects the first ResetCount
	// downloads.
	ResetCount int
	// ResetRate is the probability, in [0,1], that a download is selected
	// for a reset. Resets are enabled when ResetCount or ResetRate is
	// non-zero.
	ResetRate float64
	// LinkLifetime, when > 0, makes the warehouse reject external links
	// this long after issuing them even though their advertised expiration
	// is later ("links that expire early"). The warehouse reads this field;
	// the middleware does nothing with it.
	LinkLifetime time.Duration
}

// resetEnabled reports whether downloads can be selected for a reset.
func (c Config) resetEnabled() bool { return c.ResetCount > 0 || c.ResetRate > 0 }

// Enabled reports whether the Config asks for any fault at all, including
// LinkLifetime (which the warehouse applies itself).
func (c Config) Enabled() bool {
	return c.Latency > 0 || c.DownloadLatency > 0 || c.DownloadBandwidth > 0 ||
		c.StatusDelay > 0 || len(c.Errors) > 0 || c.resetEnabled() || c.LinkLifetime > 0
}

// Validate checks every field. Errors wrap ErrBadConfig, and also ErrBadRule
// for an invalid rule.
func (c Config) Validate() error {
	for _, f := range []struct {
		name string
		d    time.Duration
	}{
		{"latency", c.Latency}, {"download latency", c.DownloadLatency},
		{"status delay", c.StatusDelay}, {"link lifetime", c.LinkLifetime},
	} {
		if f.d < 0 {
			return fmt.Errorf("%w: %s %v is negative", ErrBadConfig, f.name, f.d)
		}
	}
	if c.DownloadBandwidth < 0 {
		return fmt.Errorf("%w: download bandwidth %d is negative", ErrBadConfig, c.DownloadBandwidth)
	}
	if c.ResetAfterBytes < 0 {
		return fmt.Errorf("%w: reset-after bytes %d is negative", ErrBadConfig, c.ResetAfterBytes)
	}
	if c.ResetCount < 0 {
		return fmt.Errorf("%w: reset count %d is negative", ErrBadConfig, c.ResetCount)
	}
	if math.IsNaN(c.ResetRate) || c.ResetRate < 0 || c.ResetRate > 1 {
		return fmt.Errorf("%w: reset rate %v is outside [0,1]", ErrBadConfig, c.ResetRate)
	}
	for i, r := range c.Errors {
		if err := r.Validate(); err != nil {
			return fmt.Errorf("%w: rule %d: %w", ErrBadConfig, i, err)
		}
	}
	return nil
}
