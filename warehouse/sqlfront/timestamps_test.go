package sqlfront

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestTranslateTimestampTypes: TIMESTAMP in type positions and literals
// becomes DuckDB's TIMESTAMPTZ; a column or alias named timestamp does not.
func TestTranslateTimestampTypes(t *testing.T) {
	cases := map[string]string{
		"SELECT TIMESTAMP '2024-01-02 03:04:05'":                          "SELECT TIMESTAMPTZ '2024-01-02 03:04:05'",
		"SELECT timestamp'2024-01-02'":                                    "SELECT TIMESTAMPTZ'2024-01-02'",
		"SELECT CAST(x AS TIMESTAMP), TRY_CAST(y AS timestamp)":           "SELECT CAST(x AS TIMESTAMPTZ), TRY_CAST(y AS TIMESTAMPTZ)",
		"SELECT x::TIMESTAMP, CAST(a AS ARRAY<TIMESTAMP>)":                "SELECT x::TIMESTAMPTZ, CAST(a AS TIMESTAMPTZ[])",
		"CREATE TABLE t (id INT, ts TIMESTAMP NOT NULL, n TIMESTAMP_NTZ)": "CREATE TABLE t (id INT, ts TIMESTAMPTZ NOT NULL, n TIMESTAMP)",
		"CREATE TABLE IF NOT EXISTS main.default.t (`ts` TIMESTAMP)":      `CREATE TABLE IF NOT EXISTS main."default".t ("ts" TIMESTAMPTZ)`,
		"ALTER TABLE t ADD COLUMN c TIMESTAMP":                            "ALTER TABLE t ADD COLUMN c TIMESTAMPTZ",
		// Names, not types.
		"SELECT timestamp, x AS timestamp, t.timestamp FROM t":                     "SELECT timestamp, x AS timestamp, t.timestamp FROM t",
		"SELECT a timestamp FROM t WHERE timestamp < now()":                        "SELECT a timestamp FROM t WHERE timestamp < now()",
		"CREATE TABLE t AS SELECT a, b timestamp FROM u":                           "CREATE TABLE t AS SELECT a, b timestamp FROM u",
		"SELECT f(a AS timestamp)":                                                 "SELECT f(a AS timestamp)",
		"SELECT 'TIMESTAMP', `timestamp`, TIMESTAMP_LTZ '2024-01-02'":              `SELECT 'TIMESTAMP', "timestamp", TIMESTAMPTZ '2024-01-02'`,
		"SELECT 1; CREATE TABLE t (ts TIMESTAMP); SELECT CAST(1 AS INT) timestamp": "SELECT 1; CREATE TABLE t (ts TIMESTAMPTZ); SELECT CAST(1 AS INT) timestamp",
	}
	for in, want := range cases {
		tr, err := Translate(in, Options{})
		require.NoError(t, err, in)
		require.Equal(t, want, tr.SQL, in)
	}
}
