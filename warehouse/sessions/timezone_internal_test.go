package sessions

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestParseZone: Databricks TIMEZONE values → Arrow zone and DuckDB zone.
func TestParseZone(t *testing.T) {
	ok := map[string]zone{
		"":                 {"Etc/UTC", "UTC"},
		"utc":              {"Etc/UTC", "UTC"},
		"Z":                {"Etc/UTC", "UTC"},
		"+00:00":           {"Etc/UTC", "UTC"},
		"Europe/Amsterdam": {"Europe/Amsterdam", "Europe/Amsterdam"},
		"+01:00":           {"+01:00", "Etc/GMT-1"},
		"-08":              {"-08:00", "Etc/GMT+8"},
		"UTC+5":            {"+05:00", "Etc/GMT-5"},
		"GMT-03:00":        {"-03:00", "Etc/GMT+3"},
		"+14:00":           {"+14:00", "Etc/GMT-14"},
	}
	for in, want := range ok {
		got, err := parseZone(in)
		require.NoError(t, err, in)
		require.Equal(t, want, got, in)
	}
	for _, bad := range []string{"+05:30", "+19", "-13:00", "+18:30"} {
		_, err := parseZone(bad)
		require.Error(t, err, bad)
	}
}

// TestIntervalOffset: the INTERVAL forms of SET TIME ZONE.
func TestIntervalOffset(t *testing.T) {
	cases := map[string]string{
		"INTERVAL 1 HOUR":                    "+01:00",
		"interval -8 hours":                  "-08:00",
		"INTERVAL 5 HOURS 30 MINUTES":        "+05:30",
		"INTERVAL '10' HOUR":                 "+10:00",
		"INTERVAL '-05:00' HOUR TO MINUTE":   "-05:00",
		"INTERVAL '08:30:15' HOUR TO SECOND": "+08:30:15",
		"INTERVAL 0 HOURS":                   "Z",
	}
	for in, want := range cases {
		got, isInterval, err := intervalOffset(in)
		require.NoError(t, err, in)
		require.True(t, isInterval, in)
		require.Equal(t, want, got, in)
	}
	_, isInterval, err := intervalOffset("'Europe/Paris'")
	require.NoError(t, err)
	require.False(t, isInterval)
	_, _, err = intervalOffset("INTERVAL 1 DAY")
	require.Error(t, err)
}

// TestLocalZone: LOCAL follows TZ, else the system zone, else UTC.
func TestLocalZone(t *testing.T) {
	t.Setenv("TZ", "America/Chicago")
	require.Equal(t, "America/Chicago", localZone())
	t.Setenv("TZ", ":Asia/Tokyo")
	require.Equal(t, "Asia/Tokyo", localZone())
	t.Setenv("TZ", "")
	require.NotEmpty(t, localZone())
}
