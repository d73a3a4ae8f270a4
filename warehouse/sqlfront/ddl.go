package sqlfront

import (
	"fmt"
	"strings"
)

// TableDef is what a CREATE TABLE statement says about a table beyond its
// columns, which DuckDB has no place for: Translate drops these clauses from
// the DuckDB text and returns them here, so that the warehouse can record
// them and show them (DESCRIBE TABLE EXTENDED, SHOW TBLPROPERTIES, SHOW
// CREATE TABLE).
type TableDef struct {
	// Name is the table name as written, one to three parts, unquoted.
	Name []string
	// Provider is the data source of USING (lower case), "" when absent.
	Provider string
	// PartitionedBy lists the columns of PARTITIONED BY.
	PartitionedBy []string
	// ClusterBy lists the columns of CLUSTER BY (AUTO and NONE give none).
	ClusterBy []string
	// Comment is the table COMMENT; HasComment says whether there was one.
	Comment    string
	HasComment bool
	// Location is the LOCATION path, "" when absent.
	Location string
	// Properties are the TBLPROPERTIES, in order.
	Properties [][2]string
	// ColumnComments maps a column name (as written) to its COMMENT.
	ColumnComments map[string]string
	// Replace is set by CREATE OR REPLACE; IfNotExists by IF NOT EXISTS.
	Replace, IfNotExists bool
	// AsQuery is set by CREATE TABLE … AS query.
	AsQuery bool
	// AddColumns is set for ALTER TABLE … ADD COLUMNS, of which only Name
	// and ColumnComments are filled.
	AddColumns bool
	// Keys are the PRIMARY KEY and FOREIGN KEY constraints of the column
	// list, which Databricks keeps as information only (a duplicate key
	// inserts): they are dropped from the engine's DDL (tablekeys.go).
	Keys []TableKey
}

// rewriteDDL gives DuckDB the Databricks DDL and DML forms it spells
// differently:
//
//   - CREATE [OR REPLACE] [EXTERNAL] TABLE …: the clauses USING, OPTIONS,
//     PARTITIONED BY, CLUSTER BY, CLUSTERED BY … INTO n BUCKETS, LOCATION,
//     COMMENT and TBLPROPERTIES, and the COMMENT of each column, are
//     dropped and returned as a TableDef;
//   - CREATE/DROP DATABASE become CREATE/DROP SCHEMA, and CREATE SCHEMA's
//     COMMENT, LOCATION and WITH DBPROPERTIES clauses are dropped (the
//     comment is returned);
//   - INSERT INTO TABLE t drops TABLE; INSERT OVERWRITE [TABLE] t becomes
//     INSERT INTO t and reports the target, which the warehouse empties
//     first;
//   - [INNER] JOIN with neither ON nor USING becomes CROSS JOIN, and LEFT
//     SEMI / LEFT ANTI JOIN become DuckDB's SEMI / ANTI JOIN.
func (r *rewriter) rewriteDDL(tr *Translation) {
	switch {
	case r.sigTok(0).isKeyword("CREATE"):
		k := 1
		replace := false
		if r.sigTok(k).isKeyword("OR") && r.sigTok(k+1).isKeyword("REPLACE") {
			k, replace = k+2, true
		}
		if r.sigTok(k).isKeyword("EXTERNAL") {
			r.dropRaw(r.si(k), r.si(k))
			k++
		}
		switch {
		case r.sigTok(k).isKeyword("TABLE"):
			tr.Table = r.createTable(k+1, replace)
		case r.sigTok(k).isKeyword("DATABASE"), r.sigTok(k).isKeyword("SCHEMA"):
			r.out[r.si(k)] = "SCHEMA"
			tr.SchemaComment, tr.HasSchemaComment = r.createSchemaClauses(k + 1)
		}
	case r.sigTok(0).isKeyword("ALTER") && r.sigTok(1).isKeyword("TABLE"):
		tr.Table = r.addColumns()
	case r.sigTok(0).isKeyword("DROP") && r.sigTok(1).isKeyword("DATABASE"):
		r.out[r.si(1)] = "SCHEMA"
	case r.sigTok(0).isKeyword("INSERT"):
		k := 1
		if r.sigTok(k).isKeyword("OVERWRITE") {
			r.out[r.si(k)] = "INTO"
			tr.Overwrite = true
		} else if !r.sigTok(k).isKeyword("INTO") {
			break
		}
		k++
		if r.sigTok(k).isKeyword("TABLE") {
			r.dropRaw(r.si(k), r.si(k))
			k++
		}
		if tr.Overwrite {
			var b strings.Builder
			for r.sigTok(k).isIdent() {
				b.WriteString(strings.TrimSpace(r.outText(r.si(k))))
				if !r.sigTok(k + 1).isPunct('.') {
					break
				}
				b.WriteByte('.')
				k += 2
			}
			tr.Target = b.String()
		}
	}
	r.rewriteJoins()
	r.rewriteValuesTables()
}

// addColumns rewrites ALTER TABLE t ADD COLUMNS (c T [COMMENT 's']) of
// one column into DuckDB's ADD COLUMN c T, returning the comment; several
// columns are left for the engine to refuse.
func (r *rewriter) addColumns() *TableDef {
	def := &TableDef{AddColumns: true, ColumnComments: map[string]string{}}
	k := 2
	for r.sigTok(k).isIdent() {
		def.Name = append(def.Name, r.sigTok(k).value())
		if !r.sigTok(k + 1).isPunct('.') {
			k++
			break
		}
		k += 2
	}
	if !r.sigTok(k).isKeyword("ADD") || !r.sigTok(k+1).isKeyword("COLUMNS") && !r.sigTok(k+1).isKeyword("COLUMN") ||
		!r.sigTok(k+2).isPunct('(') {
		return nil
	}
	closing := r.matchClose(k + 2)
	if closing < 0 || len(r.topCommas(k+2, closing)) > 0 {
		return nil
	}
	r.columnComments(k+2, closing, def)
	r.out[r.si(k+1)] = "COLUMN"
	r.dropRaw(r.si(k+2), r.si(k+2))
	r.dropRaw(r.si(closing), r.si(closing))
	return def
}

// createTable reads CREATE TABLE from significant index k (just past TABLE).
func (r *rewriter) createTable(k int, replace bool) *TableDef {
	def := &TableDef{Replace: replace, ColumnComments: map[string]string{}}
	if r.sigTok(k).isKeyword("IF") && r.sigTok(k+1).isKeyword("NOT") && r.sigTok(k+2).isKeyword("EXISTS") {
		def.IfNotExists = true
		k += 3
	}
	for r.sigTok(k).isIdent() {
		def.Name = append(def.Name, r.sigTok(k).value())
		if !r.sigTok(k + 1).isPunct('.') {
			k++
			break
		}
		k += 2
	}
	if len(def.Name) == 0 {
		return nil
	}
	if r.sigTok(k).isPunct('(') {
		closing := r.matchClose(k)
		if closing < 0 {
			return nil
		}
		r.columnComments(k, closing, def)
		k = closing + 1
	}
	for k < len(r.sig) {
		t := r.sigTok(k)
		start := k
		switch {
		case t.isKeyword("USING") && r.sigTok(k+1).isIdent():
			def.Provider = strings.ToLower(r.sigTok(k + 1).value())
			k += 2
		case t.isKeyword("OPTIONS") && r.sigTok(k+1).isPunct('('):
			k = r.matchClose(k+1) + 1
		case (t.isKeyword("PARTITIONED") || t.isKeyword("CLUSTER")) && r.sigTok(k+1).isKeyword("BY"):
			if r.sigTok(k + 2).isPunct('(') {
				closing := r.matchClose(k + 2)
				if closing < 0 {
					return def
				}
				names := r.nameList(k+3, closing)
				if t.isKeyword("PARTITIONED") {
					def.PartitionedBy = names
				} else {
					def.ClusterBy = names
				}
				k = closing + 1
			} else {
				k += 3 // CLUSTER BY AUTO | NONE
			}
		case t.isKeyword("CLUSTERED") && r.sigTok(k+1).isKeyword("BY"):
			for k < len(r.sig) && !r.sigTok(k).isKeyword("BUCKETS") {
				k++
			}
			k++
		case t.isKeyword("LOCATION") && r.sigTok(k+1).isStringLit():
			def.Location = r.sigTok(k + 1).value()
			k += 2
		case t.isKeyword("COMMENT") && r.sigTok(k+1).isStringLit():
			def.Comment, def.HasComment = r.sigTok(k+1).value(), true
			k += 2
		case t.isKeyword("TBLPROPERTIES") && r.sigTok(k+1).isPunct('('):
			closing := r.matchClose(k + 1)
			if closing < 0 {
				return def
			}
			def.Properties = r.properties(k+2, closing)
			k = closing + 1
		case t.isKeyword("AS"):
			def.AsQuery = true
			return def
		default:
			return def
		}
		if k <= start || k > len(r.sig) {
			return def
		}
		r.dropRaw(r.si(start), r.si(k-1))
	}
	return def
}

// columnComments drops the COMMENT 's' of each column definition between
// the parentheses at significant indices open and closing, recording it.
func (r *rewriter) columnComments(open, closing int, def *TableDef) {
	first := open + 1 // the first token of the current column definition
	for k := open + 1; k < closing; k++ {
		t := r.sigTok(k)
		switch {
		case t.isPunct('(') || t.isPunct('['):
			if m := r.matchClose(k); m > 0 {
				k = m
			}
		case t.isPunct('<'):
			for depth := 0; k < closing; k++ {
				if r.sigTok(k).isPunct('<') {
					depth++
				} else if r.sigTok(k).isPunct('>') {
					if depth--; depth == 0 {
						break
					}
				}
			}
		case t.isPunct(','):
			first = k + 1
			if end, ok := r.tableKey(first, closing, def); ok {
				r.dropRaw(r.si(k), r.si(end-1)) // the comma before it too
				k = end - 1
			}
		case k == open+1 && r.isKeyStart(k):
			if end, ok := r.tableKey(k, closing, def); ok {
				if end < closing {
					end++ // the comma after it
				}
				r.dropRaw(r.si(k), r.si(end)-1) // and the space before the next
				k, first = end-1, end
			}
		case k > first && t.isKeyword("PRIMARY") && r.sigTok(k+1).isKeyword("KEY"):
			def.Keys = append(def.Keys, TableKey{Kind: "PRIMARY KEY", Columns: []string{r.sigTok(first).value()}})
			r.dropRaw(r.si(k-1)+1, r.si(k+1)) // with the space before it
			k++
		case t.isKeyword("COMMENT") && r.sigTok(k+1).isStringLit():
			def.ColumnComments[r.sigTok(first).value()] = r.sigTok(k + 1).value()
			r.dropRaw(r.si(k), r.si(k+1))
			k++
		}
	}
}

// nameList returns the names separated by commas from significant index
// from up to closing (excluded).
func (r *rewriter) nameList(from, closing int) []string {
	var out []string
	for k := from; k < closing; k++ {
		if t := r.sigTok(k); t.isIdent() {
			out = append(out, t.value())
		}
	}
	return out
}

// properties reads 'k' = 'v' pairs (keys may also be dotted names, values
// numbers or booleans) up to closing.
func (r *rewriter) properties(from, closing int) [][2]string {
	var out [][2]string
	var key strings.Builder
	for k := from; k < closing; k++ {
		t := r.sigTok(k)
		switch {
		case t.isPunct('='):
			v := r.sigTok(k + 1)
			val := v.value()
			if !v.isStringLit() {
				val = v.text
			}
			out = append(out, [2]string{key.String(), val})
			key.Reset()
			k++
		case t.isPunct(','):
			if key.Len() > 0 { // a key with no value
				out = append(out, [2]string{key.String(), ""})
				key.Reset()
			}
		case t.isStringLit() || t.kind == tokQuotedIdent || t.kind == tokBacktickIdent:
			key.WriteString(t.value())
		default:
			key.WriteString(t.text)
		}
	}
	if key.Len() > 0 {
		out = append(out, [2]string{key.String(), ""})
	}
	return out
}

// createSchemaClauses drops what follows CREATE SCHEMA [IF NOT EXISTS] name
// that DuckDB lacks, returning the COMMENT.
func (r *rewriter) createSchemaClauses(k int) (comment string, has bool) {
	if r.sigTok(k).isKeyword("IF") {
		k += 3
	}
	for r.sigTok(k).isIdent() && !r.sigTok(k).isKeyword("COMMENT") && !r.sigTok(k).isKeyword("LOCATION") &&
		!r.sigTok(k).isKeyword("WITH") && !r.sigTok(k).isKeyword("MANAGED") && !r.sigTok(k).isKeyword("DEFAULT") {
		k++
		if !r.sigTok(k).isPunct('.') {
			break
		}
		k++
	}
	if k < len(r.sig) {
		for j := k; j < len(r.sig); j++ {
			t := r.sigTok(j)
			if t.isKeyword("COMMENT") && r.sigTok(j+1).isStringLit() {
				comment, has = r.sigTok(j+1).value(), true
			}
		}
		r.dropRaw(r.si(k), r.si(len(r.sig)-1))
	}
	return comment, has
}

// rewriteJoins turns [INNER] JOIN with neither ON nor USING into CROSS
// JOIN (DuckDB requires a condition), and LEFT SEMI / LEFT ANTI into SEMI /
// ANTI.
func (r *rewriter) rewriteJoins() {
	for k := 0; k < len(r.sig); k++ {
		t := r.sigTok(k)
		if (t.isKeyword("SEMI") || t.isKeyword("ANTI")) && r.sigTok(k-1).isKeyword("LEFT") {
			r.dropRaw(r.si(k-1), r.si(k-1))
			continue
		}
		if !t.isKeyword("JOIN") {
			continue
		}
		prev := r.sigTok(k - 1)
		if !prev.isKeyword("INNER") && (prev.isKeyword("CROSS") || prev.isKeyword("NATURAL") ||
			prev.isKeyword("LEFT") || prev.isKeyword("RIGHT") || prev.isKeyword("FULL") ||
			prev.isKeyword("OUTER") || prev.isKeyword("SEMI") || prev.isKeyword("ANTI") ||
			prev.isKeyword("LATERAL") || prev.isKeyword("POSITIONAL") || prev.isKeyword("ASOF")) {
			continue
		}
		if r.joinHasCondition(k + 1) {
			continue
		}
		if prev.isKeyword("INNER") {
			r.out[r.si(k-1)] = "CROSS"
		} else {
			r.out[r.si(k)] = "CROSS JOIN"
		}
	}
}

// joinHasCondition reports whether the join whose right side starts at
// significant index k has an ON or USING at the same nesting depth before
// the clause ends.
func (r *rewriter) joinHasCondition(k int) bool {
	for ; k < len(r.sig); k++ {
		t := r.sigTok(k)
		switch {
		case t.isPunct('('):
			if m := r.matchClose(k); m > 0 {
				k = m
				continue
			}
			return false
		case t.isKeyword("ON") || t.isKeyword("USING"):
			return true
		case t.isPunct(')') || t.isPunct(';'), t.isKeyword("JOIN"), t.isKeyword("WHERE"),
			t.isKeyword("GROUP"), t.isKeyword("ORDER"), t.isKeyword("LIMIT"), t.isKeyword("HAVING"),
			t.isKeyword("UNION"), t.isKeyword("EXCEPT"), t.isKeyword("INTERSECT"), t.isKeyword("WINDOW"),
			t.isKeyword("QUALIFY"), t.isKeyword("OFFSET"), t.isKeyword("CROSS"), t.isKeyword("NATURAL"),
			t.isKeyword("LEFT"), t.isKeyword("RIGHT"), t.isKeyword("FULL"), t.isKeyword("INNER"):
			return false
		}
	}
	return false
}

// clauseWords end a table reference: a word among them after VALUES rows
// is no table alias.
var clauseWords = keywordSet([]string{"WHERE", "ORDER", "GROUP", "LIMIT", "JOIN", "LEFT", "RIGHT", "INNER",
	"CROSS", "FULL", "NATURAL", "UNION", "EXCEPT", "INTERSECT", "MINUS", "HAVING", "WINDOW", "QUALIFY", "OFFSET",
	"ON", "USING", "SEMI", "ANTI", "LATERAL", "PIVOT", "UNPIVOT", "TABLESAMPLE", "CLUSTER", "DISTRIBUTE", "SORT"})

// rewriteValuesTables names the columns of an inline table VALUES (…), …
// in FROM or JOIN position that has no column list col1, col2, … as Spark
// does (DuckDB says col0, col1, …), giving it the alias __values when it
// has none (DuckDB needs one there).
func (r *rewriter) rewriteValuesTables() {
	for k := 1; k < len(r.sig); k++ {
		if !r.sigTok(k).isKeyword("VALUES") || !r.sigTok(k+1).isPunct('(') ||
			!r.sigTok(k-1).isKeyword("FROM") && !r.sigTok(k-1).isKeyword("JOIN") {
			continue
		}
		first := r.matchClose(k + 1)
		if first < 0 {
			continue
		}
		n := len(r.topCommas(k+1, first)) + 1
		last := first
		for r.sigTok(last+1).isPunct(',') && r.sigTok(last+2).isPunct('(') {
			if last = r.matchClose(last + 2); last < 0 {
				break
			}
		}
		if last < 0 {
			continue
		}
		cols := make([]string, n)
		for i := range cols {
			cols[i] = fmt.Sprintf("col%d", i+1)
		}
		list := "(" + strings.Join(cols, ", ") + ")"
		alias := last + 1
		if r.sigTok(alias).isKeyword("AS") {
			alias++
		}
		switch t := r.sigTok(alias); {
		case t.isIdent() && !isKeywordIn(clauseWords, t.text):
			if !r.sigTok(alias + 1).isPunct('(') {
				r.post[r.si(alias)] += list
			}
		default:
			r.post[r.si(last)] += " AS __values" + list
		}
		k = last
	}
}
