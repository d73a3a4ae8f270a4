package sqlfront

import "strconv"

// arrays_zip, map_zip_with and array_sort with a comparator, written over
// DuckDB's lists and maps with the higher-order functions (see
// rewriteLambdas).

func init() {
	higherOrder["arrays_zip"] = arraysZip
	higherOrder["map_zip_with"] = mapZipWith
	higherOrder["array_sort"] = arraySortBy
}

// arraysZip writes arrays_zip(a, b, …): the arrays' elements by position
// as structs, the shorter arrays padded with NULLs (DuckDB's list_zip does
// both). Spark names each field after its array when that is a column, by
// the array's position otherwise.
func arraysZip(r *rewriter, args [][2]int) (string, bool) {
	if len(args) == 0 || args[0][0] > args[0][1] {
		return "", false
	}
	zip, fields := "list_zip(", "{"
	for i, a := range args {
		if i > 0 {
			zip += ", "
			fields += ", "
		}
		zip += r.text(a[0], a[1])
		name := strconv.Itoa(i)
		if t := r.sigTok(a[0]); a[0] == a[1] && t.isIdent() {
			name = t.value()
		}
		fields += quoteString(name) + ": __sl_z[" + strconv.Itoa(i+1) + "]"
	}
	return "list_transform(" + zip + "), " + duckLambda([]string{"__sl_z"}, fields+"}") + ")", true
}

// mapZipWith writes map_zip_with(m1, m2, (k, v1, v2) -> …): a map of every
// key of m1, then of m2 not in m1, to the lambda of the key and its value
// in each map (NULL where it has none).
func mapZipWith(r *rewriter, args [][2]int) (string, bool) {
	if len(args) != 3 {
		return "", false
	}
	l, ok := r.lambdaAt(args[2])
	if !ok || len(l.params) != 3 {
		return "", false
	}
	m1, m2 := "("+r.text(args[0][0], args[0][1])+")", "("+r.text(args[1][0], args[1][1])+")"
	value := r.body(l, "__sl_k", m1+"[__sl_k]", m2+"[__sl_k]")
	return "map_from_entries(list_transform(sl_array_distinct(list_concat(map_keys(" + m1 + "), map_keys(" + m2 + "))), " +
		duckLambda([]string{"__sl_k"}, "{'key': __sl_k, 'value': "+value+"}") + "))", true
}

// arraySortBy writes array_sort(a, (l, r) -> c): each element goes where
// the count of elements before it in the order says — those the comparator
// puts first, and equal ones earlier in the array (a stable sort) — as
// DuckDB's list_sort takes no comparator. Quadratic in the array's length.
func arraySortBy(r *rewriter, args [][2]int) (string, bool) {
	if len(args) != 2 {
		return "", false
	}
	l, ok := r.lambdaAt(args[1])
	if !ok || len(l.params) != 2 {
		return "", false
	}
	a := "(" + r.text(args[0][0], args[0][1]) + ")"
	cmp := "(" + r.body(l, a+"[__sl_j]", "__sl_x") + ")"
	before := duckLambda([]string{"__sl_j"}, cmp+" < 0 OR "+cmp+" = 0 AND __sl_j < __sl_i")
	ranks := "list_transform(" + a + ", " + duckLambda([]string{"__sl_x", "__sl_i"},
		"len(list_filter(range(1, len("+a+") + 1), "+before+"))") + ")"
	return "list_transform(list_grade_up(" + ranks + "), " + duckLambda([]string{"__sl_k"}, a+"[__sl_k]") + ")", true
}
