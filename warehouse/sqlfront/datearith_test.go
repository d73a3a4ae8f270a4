package sqlfront

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestDateArithmetic checks the types Spark gives DATE ± day interval
// (DATE) and DATE - DATE (INTERVAL DAY) in the DuckDB text, and the names.
func TestDateArithmetic(t *testing.T) {
	for in, want := range map[string]string{
		"SELECT DATE '2021-09-01' + INTERVAL 1 DAY": `SELECT CAST((DATE '2021-09-01' + INTERVAL 1 DAY) AS DATE) AS ` +
			`"date_add(DATE '2021-09-01', extractansiintervaldays(INTERVAL '1' DAY))"`,
		"SELECT DATE '2021-09-01' - DATE '2021-08-01'": `SELECT to_days(CAST((DATE '2021-09-01' - DATE '2021-08-01') AS INTEGER)) AS ` +
			`"(DATE '2021-09-01' - DATE '2021-08-01')"`,
		"SELECT TIMESTAMP_NTZ '2021-09-01 00:00:00' + INTERVAL 90 MINUTES": `SELECT TIMESTAMP '2021-09-01 00:00:00' + INTERVAL 90 MINUTES AS ` +
			`"TIMESTAMP_NTZ '2021-09-01 00:00:00' + INTERVAL '90' MINUTE"`,
		"SELECT x FROM t WHERE d = DATE '2021-09-01' - INTERVAL '2' DAY": `SELECT x FROM t WHERE d = CAST((DATE '2021-09-01' - INTERVAL '2' DAY) AS DATE)`,
		"SELECT DATE '2021-09-01' - INTERVAL '1-2' YEAR TO MONTH AS d":   `SELECT CAST((DATE '2021-09-01' - to_months(14)) AS DATE) AS d`,
		"SELECT try_add(date'2021-01-01', interval 1 year)": `SELECT CAST(((date'2021-01-01' + interval 1 year)) AS DATE) AS ` +
			`"try_add(DATE '2021-01-01', INTERVAL '1' YEAR)"`,
		"SELECT try_subtract(DATE '2021-01-01', INTERVAL 3 HOURS)": `SELECT (DATE '2021-01-01' - INTERVAL 3 HOURS) AS ` +
			`"try_subtract(DATE '2021-01-01', INTERVAL '03' HOUR)"`,
		"SELECT to_date('2021-09-01') - DATE '2021-08-01' AS d": `SELECT to_days(CAST((CAST('2021-09-01' AS DATE) - DATE '2021-08-01') AS INTEGER)) AS d`,
		"SELECT sequence(to_date('2018-01-01'), to_date('2018-03-01'), INTERVAL '1' MONTH) AS s": `SELECT CAST((generate_series(` +
			`CAST('2018-01-01' AS DATE), CAST('2018-03-01' AS DATE), INTERVAL '1' MONTH)) AS DATE[]) AS s`,
		"SELECT sequence(1, 3) AS s, x.to_date(d) - DATE '2021-08-01' AS d": `SELECT CAST(sl_sequence(1, 3) AS INT[]) AS s, x.to_date(d) - DATE '2021-08-01' AS d`,
		"SELECT DATE '2021-09-01' + INTERVAL 2 HOURS":                       `SELECT DATE '2021-09-01' + INTERVAL 2 HOURS`,
		"SELECT DATE '2021-09-01' - DATE '2021-08-01' * 2":                  `SELECT DATE '2021-09-01' - DATE '2021-08-01' * 2`,
	} {
		got, err := Translate(in, Options{SparkNames: true})
		require.NoError(t, err, in)
		require.Equal(t, want, got.SQL, in)
	}
}
