package conformance

import (
	"encoding/json"
	"regexp"
	"sort"
	"testing"

	"github.com/stretchr/testify/require"
)

var orderBy = regexp.MustCompile(`(?i)^ORDER\s+BY\b`)

// hasOrderBy reports whether sql has an ORDER BY outside parentheses (a
// window's or a subquery's does not order the result), skipping quoted text.
func hasOrderBy(sql string) bool {
	depth := 0
	for i := 0; i < len(sql); i++ {
		switch c := sql[i]; c {
		case '\'', '"', '`':
			for i++; i < len(sql) && sql[i] != c; i++ {
				if sql[i] == '\\' && c != '`' {
					i++
				}
			}
		case '(':
			depth++
		case ')':
			depth--
		case 'o', 'O':
			if depth == 0 && (i == 0 || !isWordByte(sql[i-1])) && orderBy.MatchString(sql[i:]) {
				return true
			}
		}
	}
	return false
}

func isWordByte(c byte) bool {
	return c == '_' || '0' <= c && c <= '9' || 'a' <= c|0x20 && c|0x20 <= 'z'
}

// inSparkOrder returns rows in the order of Spark's rows when the statement
// fixes no order (no ORDER BY of its own): neither engine promises one, and
// DuckDB's differs from run to run with several threads (a window's
// partitions, a GROUP BY's groups). Each engine's rows are sorted by their
// canonical JSON and ours are laid out at the positions Spark's hold.
func inSparkOrder(sql string, rows, spark [][]any) [][]any {
	if hasOrderBy(sql) || len(rows) != len(spark) || len(rows) < 2 {
		return rows
	}
	ours, theirs := sortedByKey(rows), sortedByKey(spark)
	out := make([][]any, len(rows))
	for k, i := range theirs {
		out[i] = rows[ours[k]]
	}
	return out
}

// sortedByKey returns the indices of rows sorted by each row's JSON text.
func sortedByKey(rows [][]any) []int {
	keys := make([]string, len(rows))
	idx := make([]int, len(rows))
	for i, r := range rows {
		b, _ := json.Marshal(r)
		keys[i], idx[i] = string(b), i
	}
	sort.SliceStable(idx, func(a, b int) bool { return keys[idx[a]] < keys[idx[b]] })
	return idx
}

func TestHasOrderBy(t *testing.T) {
	for sql, want := range map[string]bool{
		"SELECT a FROM t ORDER BY a":                                          true,
		"SELECT rank() OVER (ORDER BY a) FROM t":                              false,
		"SELECT * FROM (SELECT a FROM t ORDER BY a) s":                        false,
		"SELECT 'ORDER BY' AS x, a AS `order by` FROM t":                      false,
		"SELECT lead(b) OVER (PARTITION BY a ORDER BY b) FROM t\norder\tby 1": true,
		"SELECT reorder_by FROM t":                                            false,
	} {
		require.Equal(t, want, hasOrderBy(sql), sql)
	}
}
