package sqlfront

import "strings"

// This file finds the select items that are a VARIANT table column: the
// engine holds such a column as JSON text (variant_ddl.go), which alone
// would be typed STRING; Options.Columns types it VARIANT.

// isVariantColumnItem reports whether significant tokens [start, end) are
// a reference to a VARIANT column of the statement's tables (col,
// table.col or schema.table.col), optionally followed by [AS] alias.
func (r *rewriter) isVariantColumnItem(start, end int) bool {
	if !r.mayHaveVariantColumns() {
		return false
	}
	var parts []string
	k := start
	for k < end && r.sigTok(k).isIdent() && !isKeywordIn(reservedWords, r.sigTok(k).text) {
		parts = append(parts, r.sigTok(k).value())
		if k+1 >= end || !r.sigTok(k+1).isPunct('.') {
			k++
			break
		}
		k += 2
	}
	switch rest := end - k; {
	case len(parts) == 0 || len(parts) > 3:
		return false
	case rest == 0:
	case rest == 1 && r.sigTok(k).isIdent():
	case rest == 2 && r.sigTok(k).isKeyword("AS") && r.sigTok(k+1).isIdent():
	default:
		return false
	}
	if !r.realTablesOnly() {
		return false
	}
	if len(parts) == 3 { // schema.table.col: the table's column
		parts = parts[1:]
	}
	return strings.EqualFold(r.columnType(parts), "VARIANT")
}

// starVariantColumns tells the columns a star item [start, end) expands
// to, true where one is a VARIANT table column: table.* of a table the
// statement names, or * over a FROM clause of a single table. ok is false
// when the statement's tables do not tell them.
func (r *rewriter) starVariantColumns(start, end int) ([]bool, bool) {
	if !r.mayHaveVariantColumns() || !r.realTablesOnly() {
		return nil, false
	}
	var table *fromTable
	switch {
	case end-start == 1:
		tables := r.fromTables()
		if len(tables) != 1 || !r.singleFrom() {
			return nil, false
		}
		table = tables[0]
	case end-start == 3 && r.sigTok(start).isIdent() && r.sigTok(start+1).isPunct('.'):
		name := strings.ToLower(r.sigTok(start).value())
		for _, ft := range r.fromTables() {
			if ft.refName() == name {
				if table != nil {
					return nil, false
				}
				table = ft
			}
		}
	}
	if table == nil {
		return nil, false
	}
	cols := r.columnsOf(table)
	if len(cols) == 0 {
		return nil, false
	}
	out := make([]bool, len(cols))
	for i, c := range cols {
		out[i] = strings.EqualFold(c.Type, "VARIANT")
	}
	return out, true
}

// singleFrom reports whether the statement has one FROM clause naming one
// table: no JOIN, no second FROM (a subquery) and no list of tables, so
// that * expands to that table's columns alone.
func (r *rewriter) singleFrom() bool {
	froms := 0
	for k := range r.sig {
		switch t := r.sigTok(k); {
		case t.isKeyword("FROM"):
			froms++
		case t.isKeyword("JOIN") || t.isKeyword("LATERAL") || t.isKeyword("PIVOT") || t.isKeyword("UNPIVOT"):
			return false
		case t.isPunct(',') && r.inFromList(k):
			return false
		}
	}
	return froms == 1
}

// mayHaveVariantColumns reports whether a table may have a VARIANT column
// (Options.VariantColumns, asked once per statement).
func (r *rewriter) mayHaveVariantColumns() bool {
	if r.opts.Columns == nil || r.opts.VariantColumns == nil {
		return false
	}
	if r.variantCols == 0 {
		r.variantCols = 2
		if r.opts.VariantColumns() {
			r.variantCols = 1
		}
	}
	return r.variantCols == 1
}
