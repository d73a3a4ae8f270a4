package statements

import (
	"context"
	"fmt"
	"strings"

	"github.com/sealane/sealane/warehouse/sessions"
	"github.com/sealane/sealane/warehouse/sqlfront"
)

// bigintSums returns the statement so that its HUGEINT result columns —
// DuckDB's sum of integers, which Spark types BIGINT — come out as BIGINT,
// failing with ARITHMETIC_OVERFLOW where the sum leaves BIGINT's range, as
// Spark's does. It asks the engine for the result types (DESCRIBE binds the
// statement without running it) only for a query that calls sum; otherwise,
// or when the types cannot be told, the statement is returned unchanged.
func bigintSums(ctx context.Context, ss *sessions.Session, tr sqlfront.Translation, args []any) string {
	switch tr.Verb {
	case "SELECT", "WITH", "FROM", "VALUES":
	default:
		return tr.SQL
	}
	if !callsSum(tr.SQL) {
		return tr.SQL
	}
	body := strings.TrimRight(strings.TrimSpace(tr.SQL), ";")
	rdr, err := ss.Conn().Query(ctx, "DESCRIBE "+body, args...)
	if err != nil {
		return tr.SQL
	}
	defer rdr.Release()
	var items, cols []string
	hugeint := false
	for rdr.Next() {
		rec := rdr.RecordBatch()
		for r := 0; r < int(rec.NumRows()); r++ {
			name, typ := rec.Column(0).ValueStr(r), rec.Column(1).ValueStr(r)
			item := fmt.Sprintf("__sl_c%d", len(items)+1)
			cols = append(cols, item)
			if typ == "HUGEINT" {
				hugeint = true
				item = "sl_sum_bigint(" + item + ")"
			}
			items = append(items, item+" AS "+sqlfront.QuoteIdent(name))
		}
	}
	if rdr.Err() != nil || !hugeint {
		return tr.SQL
	}
	// The newline ends a trailing line comment of the statement.
	return "SELECT " + strings.Join(items, ", ") + " FROM (" + body + "\n) AS __sl_sums(" + strings.Join(cols, ", ") + ")"
}

// callsSum reports whether the text holds "sum(" in any case, a cheap test
// that spares most statements the DESCRIBE.
func callsSum(sql string) bool {
	for i := 0; i+4 <= len(sql); i++ {
		if sql[i+3] == '(' && strings.EqualFold(sql[i:i+3], "sum") {
			return true
		}
	}
	return false
}
