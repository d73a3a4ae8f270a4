package faults

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// ParseRule parses the command-line form of a Rule:
//
//	CALL:STATUS[:rate=R][:count=N][:retry-after=D]
//
// CALL is a Call name ("execute", "download", ...) or "*" for every API call;
// STATUS is an HTTP status from 400 to 599; R is a probability in [0,1]; N is
// a non-negative integer; D is a Go duration ("2s", "500ms") or a whole
// number of seconds ("2"). Options may come in any order, each at most once.
// Examples: "execute:503:retry-after=1s:count=2", "*:500:rate=0.1",
// "download:500:count=1". Errors wrap ErrBadRule.
func ParseRule(s string) (Rule, error) {
	parts := strings.Split(strings.TrimSpace(s), ":")
	if len(parts) < 2 {
		return Rule{}, fmt.Errorf("%w: %q: want CALL:STATUS[:rate=R][:count=N][:retry-after=D]", ErrBadRule, s)
	}
	var r Rule
	switch call := strings.TrimSpace(parts[0]); call {
	case "*":
	case "":
		return Rule{}, fmt.Errorf("%w: %q: empty call (use * for every API call)", ErrBadRule, s)
	default:
		if !Call(call).Valid() {
			return Rule{}, fmt.Errorf("%w: %q: unknown call %q (want * or one of %s)", ErrBadRule, s, call, callNames())
		}
		r.Call = Call(call)
	}
	status, err := strconv.Atoi(strings.TrimSpace(parts[1]))
	if err != nil {
		return Rule{}, fmt.Errorf("%w: %q: status %q is not a number", ErrBadRule, s, parts[1])
	}
	r.Status = status
	seen := map[string]bool{}
	for _, opt := range parts[2:] {
		key, val, ok := strings.Cut(strings.TrimSpace(opt), "=")
		key, val = strings.ToLower(strings.TrimSpace(key)), strings.TrimSpace(val)
		if !ok || key == "" || val == "" {
			return Rule{}, fmt.Errorf("%w: %q: option %q is not key=value", ErrBadRule, s, opt)
		}
		if seen[key] {
			return Rule{}, fmt.Errorf("%w: %q: option %q given twice", ErrBadRule, s, key)
		}
		seen[key] = true
		switch key {
		case "rate":
			f, err := strconv.ParseFloat(val, 64)
			if err != nil || math.IsNaN(f) {
				return Rule{}, fmt.Errorf("%w: %q: rate %q is not a number", ErrBadRule, s, val)
			}
			r.Rate = f
		case "count":
			n, err := strconv.Atoi(val)
			if err != nil {
				return Rule{}, fmt.Errorf("%w: %q: count %q is not an integer", ErrBadRule, s, val)
			}
			r.Count = n
		case "retry-after":
			d, err := parseSeconds(val)
			if err != nil {
				return Rule{}, fmt.Errorf("%w: %q: retry-after %q is not a duration (e.g. 2s) or whole seconds", ErrBadRule, s, val)
			}
			r.RetryAfter = d
		default:
			return Rule{}, fmt.Errorf("%w: %q: unknown option %q (want rate, count or retry-after)", ErrBadRule, s, key)
		}
	}
	if msg := r.problem(); msg != "" {
		return Rule{}, fmt.Errorf("%w: %q: %s", ErrBadRule, s, msg)
	}
	return r, nil
}

// parseSeconds parses a Go duration or a bare number of whole seconds.
func parseSeconds(s string) (time.Duration, error) {
	if n, err := strconv.Atoi(s); err == nil {
		return time.Duration(n) * time.Second, nil
	}
	return time.ParseDuration(s)
}

// callNames lists the valid call names for error messages.
func callNames() string {
	names := make([]string, len(allCalls))
	for i, c := range allCalls {
		names[i] = string(c)
	}
	return strings.Join(names, ", ")
}
