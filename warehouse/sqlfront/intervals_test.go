package sqlfront

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestIntervalLiterals: Spark's interval literal forms become DuckDB
// intervals (those DuckDB parses stay) and are named as Spark prints them
// (Spark 4.3's recorded names).
func TestIntervalLiterals(t *testing.T) {
	for _, c := range []struct{ in, duck, name string }{
		{"INTERVAL '3 04:05:06' DAY TO SECOND", "(to_days(3) + to_microseconds(14706000000))", "INTERVAL '3 04:05:06' DAY TO SECOND"},
		{"INTERVAL '10:20' HOUR TO MINUTE", "to_microseconds(37200000000)", "INTERVAL '10:20' HOUR TO MINUTE"},
		{"INTERVAL '2021-11' YEAR TO MONTH", "to_months(24263)", "INTERVAL '2021-11' YEAR TO MONTH"},
		{"INTERVAL '-1-2' YEAR TO MONTH", "to_months(-14)", "INTERVAL '-1-2' YEAR TO MONTH"},
		{"INTERVAL -'100' YEAR", "to_months(-1200)", "INTERVAL '-100' YEAR"},
		{"interval 5 days 3 hours 7 minutes", "(to_days(5) + to_microseconds(11220000000))", "INTERVAL '5 03:07' DAY TO MINUTE"},
		{"interval 5 hours 30 seconds 1 milliseconds 1 microseconds", "to_microseconds(18030001001)", "INTERVAL '05:00:30.001001' HOUR TO SECOND"},
		{"INTERVAL 1.5 SECONDS", "to_microseconds(1500000)", "INTERVAL '01.5' SECOND"},
		{"INTERVAL 1 YEAR 2 MONTHS", "to_months(14)", "INTERVAL '1-2' YEAR TO MONTH"},
		{"INTERVAL '123 23:55:59.002001' DAY TO SECOND", "(to_days(123) + to_microseconds(86159002001))", "INTERVAL '123 23:55:59.002001' DAY TO SECOND"},
		// DuckDB's own forms.
		{"INTERVAL 90 MINUTES", "INTERVAL 90 MINUTES", "INTERVAL '90' MINUTE"},
		{"INTERVAL '1' HOUR", "INTERVAL '1' HOUR", "INTERVAL '01' HOUR"},
		{"INTERVAL 3 DAYS", "INTERVAL 3 DAYS", "INTERVAL '3' DAY"},
	} {
		tr, err := Translate("SELECT "+c.in, Options{SparkNames: true})
		require.NoError(t, err, c.in)
		require.Equal(t, "SELECT "+c.duck+` AS "`+c.name+`"`, tr.SQL, c.in)
	}
	// Not interval literals Spark knows: left to DuckDB as written.
	for _, in := range []string{"INTERVAL '1' DAY TO YEAR", "INTERVAL 1 YEAR 2 DAYS", "INTERVAL '1:2' DAY TO SECOND"} {
		tr, err := Translate("SELECT "+in, Options{})
		require.NoError(t, err, in)
		require.Equal(t, "SELECT "+in, tr.SQL, in)
	}
}

func TestIntervalParts(t *testing.T) {
	tr, err := Translate("SELECT extract(MINUTE FROM INTERVAL '1 02:03' DAY TO MINUTE), date_part('MONTH', INTERVAL 14 MONTHS), extract(SECONDS FROM t)", Options{})
	require.NoError(t, err)
	require.Equal(t, "SELECT CAST(date_part('minute', (to_days(1) + to_microseconds(7380000000))) AS TINYINT), "+
		"CAST(date_part('month', INTERVAL 14 MONTHS) AS TINYINT), "+
		"CAST(date_part('microseconds', CAST(t AS TIMESTAMP)) / 1000000 AS DECIMAL(8,6))", tr.SQL)
}

func TestYearMonthColumns(t *testing.T) {
	for sql, want := range map[string][]int{
		"SELECT INTERVAL '1-2' YEAR TO MONTH, INTERVAL 3 DAYS, INTERVAL 14 MONTHS m":                                                         {0, 2},
		"SELECT make_ym_interval(1, 2) AS i, INTERVAL -'100' YEAR FROM t":                                                                    {0, 1},
		"SELECT INTERVAL 1 YEAR + INTERVAL 1 MONTH, d + INTERVAL '1' MONTH":                                                                  nil,
		"SELECT INTERVAL '1-2' YEAR TO MONTH UNION ALL SELECT INTERVAL 1 MONTH":                                                              nil,
		"SELECT INTERVAL '10:20' HOUR TO MINUTE, INTERVAL 1 YEAR 2 MONTHS":                                                                   {1},
		"SELECT try_add(interval 1 year, interval 2 month), try_divide(interval 2 month, 0) d":                                               {0, 1},
		"SELECT try_add(interval 1 day, interval 1 year), try_multiply(x, 2)":                                                                nil,
		"SELECT try_subtract(INTERVAL '1-2' YEAR TO MONTH, i) FROM t":                                                                        nil,
		"SELECT abs(INTERVAL -'1-1' YEAR TO MONTH), abs(INTERVAL 1 DAY)":                                                                     {0},
		"SELECT mode(c), median(d), percentile_disc(0.5) WITHIN GROUP (ORDER BY c) FROM VALUES (INTERVAL 1 YEAR, INTERVAL 1 DAY) AS t(c, d)": {0, 2},
		"SELECT mode(c) FROM VALUES (INTERVAL 1 DAY) AS t(c)":                                                                                nil,
	} {
		tr, err := Translate(sql, Options{})
		require.NoError(t, err, sql)
		require.Equal(t, want, tr.YearMonth, sql)
	}
}
