package sqlfront

// variantColumnType is the DuckDB type of a VARIANT table column: JSON, the
// text form in which the warehouse holds VARIANT values everywhere else
// (DuckDB's own VARIANT type has no Arrow export). The engine marks JSON
// columns VARIANT in results (typemap.IsVariant).
const variantColumnType = "JSON"

// variantColumnPosition reports whether the word VARIANT at significant
// index k is the type of a column definition (CREATE TABLE t (v VARIANT),
// ALTER TABLE t ADD COLUMN v VARIANT).
func (r *rewriter) variantColumnPosition(k int, opens []int, start int) bool {
	prev := r.sigTok(k - 1)
	return prev.isIdent() && !isKeywordIn(reservedWords, prev.text) && r.columnDefinition(k-1, innermost(opens), start)
}
