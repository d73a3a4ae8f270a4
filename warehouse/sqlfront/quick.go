package sqlfront

// QuickTextBytes is the longest statement IsQuick calls quick.
const QuickTextBytes = 4 << 10

// IsQuick reports whether a statement reads no table, so that its cost is
// bounded by its own text: a statement the warehouse answers itself (SHOW,
// USE, SET, RESET, DESCRIBE QUERY, CREATE/DROP CATALOG) or a query with no
// FROM anywhere (SELECT 1, SELECT current_catalog(), SELECT :x + 1), at
// most QuickTextBytes long. The warehouse admits quick statements through
// a lane of their own, so they do not queue behind long-running queries.
func IsQuick(sql string) bool {
	if len(sql) > QuickTextBytes {
		return false
	}
	cmd, err := Classify(sql)
	if err != nil {
		return true // fails at once
	}
	if cmd.Kind != KindQuery {
		return true
	}
	toks, err := tokenize(sql)
	if err != nil {
		return true
	}
	first := true
	for i := 0; i < toks.len(); i++ {
		t := toks.at(i)
		if !t.significant() {
			continue
		}
		if first && !t.isKeyword("SELECT") && !t.isKeyword("VALUES") {
			return false // DDL, DML, WITH …: not known to be cheap
		}
		first = false
		if t.isKeyword("FROM") || t.isKeyword("JOIN") || t.isKeyword("TABLE") {
			return false
		}
	}
	return !first
}
