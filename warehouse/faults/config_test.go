package faults

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestParseRuleAccepts(t *testing.T) {
	tests := []struct {
		in   string
		want Rule
	}{
		{"execute:503:retry-after=1s:count=2", Rule{Call: CallExecute, Status: 503, RetryAfter: time.Second, Count: 2}},
		{"*:500:rate=0.1", Rule{Status: 500, Rate: 0.1}},
		{"download:500:count=1", Rule{Call: CallDownload, Status: 500, Count: 1}},
		{"get_statement:429", Rule{Call: CallGetStatement, Status: 429}},
		{"cancel:504:count=3:rate=1:retry-after=2", Rule{Call: CallCancel, Status: 504, Count: 3, Rate: 1, RetryAfter: 2 * time.Second}},
		{" close_statement : 502 : RATE=0 ", Rule{Call: CallCloseStatement, Status: 502}},
		{"other:400:retry-after=500ms", Rule{Call: CallOther, Status: 400, RetryAfter: 500 * time.Millisecond}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseRule(tt.in)
			require.NoError(t, err)
			require.Equal(t, tt.want, got)
			require.NoError(t, got.Validate())
			// String renders a form that parses back to the same rule.
			again, err := ParseRule(got.String())
			require.NoError(t, err)
			require.Equal(t, got, again)
		})
	}
}

func TestParseRuleRejects(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"", "want CALL:STATUS"},
		{"execute", "want CALL:STATUS"},
		{":500", "empty call"},
		{"exec:500", `unknown call "exec"`},
		{"execute:abc", `status "abc" is not a number`},
		{"execute:200", "status 200 is not an HTTP error status"},
		{"execute:600", "status 600 is not an HTTP error status"},
		{"execute:500:rate=1.5", "rate 1.5 is outside [0,1]"},
		{"execute:500:rate=-0.1", "rate -0.1 is outside [0,1]"},
		{"execute:500:rate=NaN", `rate "NaN" is not a number`},
		{"execute:500:rate=x", `rate "x" is not a number`},
		{"execute:500:count=-1", "count -1 is negative"},
		{"execute:500:count=1.5", `count "1.5" is not an integer`},
		{"execute:500:retry-after=soon", `retry-after "soon" is not a duration`},
		{"execute:500:retry-after=-1s", "retry-after -1s is negative"},
		{"execute:500:delay=1s", `unknown option "delay"`},
		{"execute:500:count", `option "count" is not key=value`},
		{"execute:500:count=", `option "count=" is not key=value`},
		{"execute:500:count=1:count=2", `option "count" given twice`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := ParseRule(tt.in)
			require.ErrorIs(t, err, ErrBadRule)
			require.ErrorContains(t, err, tt.want)
		})
	}
}

func TestRuleValidate(t *testing.T) {
	require.NoError(t, Rule{Status: 500}.Validate())
	require.ErrorIs(t, Rule{Call: "nope", Status: 500}.Validate(), ErrBadRule)
	require.ErrorIs(t, Rule{Status: 302}.Validate(), ErrBadRule)
	require.ErrorIs(t, Rule{Status: 500, Rate: math.NaN()}.Validate(), ErrBadRule)
}

func TestConfigEnabled(t *testing.T) {
	require.False(t, Config{}.Enabled())
	require.False(t, Config{Seed: 7, ResetAfterBytes: 100}.Enabled(), "ResetAfterBytes alone selects nothing")
	for name, cfg := range map[string]Config{
		"latency":          {Latency: time.Millisecond},
		"download latency": {DownloadLatency: time.Millisecond},
		"bandwidth":        {DownloadBandwidth: 1},
		"status delay":     {StatusDelay: time.Millisecond},
		"errors":           {Errors: []Rule{{Status: 500}}},
		"reset count":      {ResetCount: 1},
		"reset rate":       {ResetRate: 0.5},
		"link lifetime":    {LinkLifetime: time.Second},
	} {
		require.True(t, cfg.Enabled(), name)
	}
}

func TestConfigValidate(t *testing.T) {
	require.NoError(t, Config{}.Validate())
	require.NoError(t, Config{Latency: time.Second, Errors: []Rule{{Status: 503, Rate: 0.5}}, ResetRate: 1}.Validate())

	err := Config{Errors: []Rule{{Status: 500}, {Status: 200}}}.Validate()
	require.ErrorIs(t, err, ErrBadConfig)
	require.ErrorIs(t, err, ErrBadRule)
	require.ErrorContains(t, err, "rule 1")

	for name, cfg := range map[string]Config{
		"latency":    {Latency: -1},
		"bandwidth":  {DownloadBandwidth: -1},
		"reset rate": {ResetRate: 2},
		"reset nan":  {ResetRate: math.NaN()},
		"reset cnt":  {ResetCount: -1},
		"reset at":   {ResetAfterBytes: -1},
		"lifetime":   {LinkLifetime: -time.Second},
	} {
		require.ErrorIs(t, cfg.Validate(), ErrBadConfig, name)
	}
}

func TestErrorCodes(t *testing.T) {
	for status, want := range map[int]string{
		429: "REQUEST_LIMIT_EXCEEDED", 500: "INTERNAL_ERROR", 503: "TEMPORARILY_UNAVAILABLE",
		504: "DEADLINE_EXCEEDED", 502: "TEMPORARILY_UNAVAILABLE", 501: "NOT_IMPLEMENTED",
		400: "BAD_REQUEST", 401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED", 404: "NOT_FOUND",
		418: "BAD_REQUEST", 599: "INTERNAL_ERROR",
	} {
		require.Equal(t, want, apiErrorCode(status), status)
	}
	for status, want := range map[int]string{
		500: "InternalError", 503: "ServiceUnavailable", 403: "AccessDenied", 404: "NoSuchKey", 400: "InvalidRequest",
	} {
		require.Equal(t, want, storageErrorCode(status), status)
	}
	for d, want := range map[time.Duration]string{
		time.Nanosecond: "1", time.Second: "1", 1500 * time.Millisecond: "2", 2 * time.Second: "2",
	} {
		require.Equal(t, want, retryAfterSeconds(d), d)
	}
}

func TestStatsString(t *testing.T) {
	s := newStats()
	require.Equal(t, "faults: 0 errors, 0 resets", s.String())
	s.Errors[CallExecute], s.Errors[CallDownload], s.TotalErrors = 2, 1, 3
	s.Resets[CallDownload], s.TotalResets = 1, 1
	require.Equal(t, "faults: 3 errors (download=1 execute=2), 1 resets (download=1)", s.String())
	require.EqualValues(t, 4, s.Total())
}
