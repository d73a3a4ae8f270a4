package sqlfront

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestTimeTypeRefused: Spark 4 refuses the TIME type (literals and the
// functions of it) with UNSUPPORTED_TIME_TYPE at analysis.
func TestTimeTypeRefused(t *testing.T) {
	for _, sql := range []string{
		"SELECT hour(TIME'13:59:59.999999')",
		"SELECT extract(HOUR FROM time '09:08:01')",
		"SELECT time_to_seconds(x) FROM t",
		"SELECT make_time(6, 30, 45.887)",
		"SELECT to_time('00:12:00')",
	} {
		_, err := Translate(sql, Options{})
		var se *SparkError
		require.True(t, errors.As(err, &se), sql)
		require.Equal(t, "UNSUPPORTED_TIME_TYPE", se.Class)
		require.Equal(t, "0A000", se.SQLState)
		require.ErrorIs(t, err, ErrUnsupported)
	}
	for _, sql := range []string{"SELECT date_format(TIME'14:30:45', 'HH:mm:ss')",
		"SELECT t.time, 'x' AS time FROM t", "SELECT current_timestamp", "SELECT time FROM t"} {
		_, err := Translate(sql, Options{})
		require.NoError(t, err, sql)
	}
}
