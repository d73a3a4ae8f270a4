package sqlfront

// TableKey is a PRIMARY KEY or FOREIGN KEY constraint of CREATE TABLE:
// informational on Databricks (not enforced), so the front end drops it
// from the engine's DDL and the warehouse keeps it for SHOW KEYS and SHOW
// FOREIGN KEYS.
type TableKey struct {
	// Name is the CONSTRAINT name as written, "" when none was given.
	Name string
	// Kind is "PRIMARY KEY" or "FOREIGN KEY".
	Kind string
	// Columns are the key's columns, as written.
	Columns []string
	// RefTable is the table a FOREIGN KEY references (one to three
	// parts), RefColumns its columns (none when left out).
	RefTable   []string
	RefColumns []string
}

// isKeyStart reports whether significant index k starts a table
// constraint: CONSTRAINT name, PRIMARY KEY or FOREIGN KEY.
func (r *rewriter) isKeyStart(k int) bool {
	t := r.sigTok(k)
	return t.isKeyword("CONSTRAINT") || (t.isKeyword("PRIMARY") || t.isKeyword("FOREIGN")) && r.sigTok(k+1).isKeyword("KEY")
}

// tableKey reads the table constraint [CONSTRAINT name] PRIMARY KEY (…) |
// FOREIGN KEY (…) REFERENCES t [(…)] [options] starting at significant
// index k of a column list closed at closing, recording it in def. end is
// the index of the ',' or ')' that ends it; ok is false (nothing
// recorded) for another element, a CHECK constraint included.
func (r *rewriter) tableKey(k, closing int, def *TableDef) (end int, ok bool) {
	var key TableKey
	if r.sigTok(k).isKeyword("CONSTRAINT") {
		if !r.sigTok(k + 1).isIdent() {
			return 0, false
		}
		key.Name = r.sigTok(k + 1).value()
		k += 2
	}
	switch {
	case r.sigTok(k).isKeyword("PRIMARY") && r.sigTok(k+1).isKeyword("KEY"):
		key.Kind = "PRIMARY KEY"
	case r.sigTok(k).isKeyword("FOREIGN") && r.sigTok(k+1).isKeyword("KEY"):
		key.Kind = "FOREIGN KEY"
	default:
		return 0, false
	}
	k += 2
	if !r.sigTok(k).isPunct('(') {
		return 0, false
	}
	c := r.matchClose(k)
	if c < 0 || c >= closing {
		return 0, false
	}
	key.Columns = r.nameList(k+1, c)
	k = c + 1
	if key.Kind == "FOREIGN KEY" {
		if !r.sigTok(k).isKeyword("REFERENCES") {
			return 0, false
		}
		for k++; r.sigTok(k).isIdent(); k += 2 {
			key.RefTable = append(key.RefTable, r.sigTok(k).value())
			if !r.sigTok(k + 1).isPunct('.') {
				k++
				break
			}
		}
		if len(key.RefTable) == 0 {
			return 0, false
		}
		if r.sigTok(k).isPunct('(') {
			c := r.matchClose(k)
			if c < 0 || c >= closing {
				return 0, false
			}
			key.RefColumns = r.nameList(k+1, c)
			k = c + 1
		}
	}
	for ; k < closing && !r.sigTok(k).isPunct(','); k++ { // NOT ENFORCED, RELY, …
		if r.sigTok(k).isPunct('(') {
			return 0, false
		}
	}
	def.Keys = append(def.Keys, key)
	return k, true
}
