package faults

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Stats counts what an Injector saw and did. Maps are keyed by the Call the
// classifier reported; calls with no count are absent.
type Stats struct {
	// Requests counts the requests that reached the middleware, whatever
	// happened to them.
	Requests map[Call]int64
	// Errors counts injected HTTP errors.
	Errors map[Call]int64
	// Resets counts connections aborted part-way through a body (only
	// downloads are ever reset). A download selected for a reset whose body
	// was too short to be cut is not counted.
	Resets map[Call]int64
	// TotalErrors is the sum of Errors.
	TotalErrors int64
	// TotalResets is the sum of Resets.
	TotalResets int64
}

// newStats returns Stats with empty, non-nil maps.
func newStats() Stats {
	return Stats{Requests: map[Call]int64{}, Errors: map[Call]int64{}, Resets: map[Call]int64{}}
}

// clone returns a deep copy of s.
func (s Stats) clone() Stats {
	s.Requests, s.Errors, s.Resets = maps.Clone(s.Requests), maps.Clone(s.Errors), maps.Clone(s.Resets)
	return s
}

// Total is the number of faults injected: TotalErrors + TotalResets.
func (s Stats) Total() int64 { return s.TotalErrors + s.TotalResets }

// String summarises the faults for a log line, e.g.
// "faults: 3 errors (download=1 execute=2), 1 resets (download=1)".
func (s Stats) String() string {
	return fmt.Sprintf("faults: %d errors%s, %d resets%s",
		s.TotalErrors, breakdown(s.Errors), s.TotalResets, breakdown(s.Resets))
}

// breakdown renders a per-call count as " (a=1 b=2)", sorted by call, or "".
func breakdown(m map[Call]int64) string {
	if len(m) == 0 {
		return ""
	}
	parts := make([]string, 0, len(m))
	for _, c := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, fmt.Sprintf("%s=%d", c, m[c]))
	}
	return " (" + strings.Join(parts, " ") + ")"
}
