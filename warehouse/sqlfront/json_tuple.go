package sqlfront

import (
	"strconv"
	"strings"
)

// Generators written as several columns, as the last item of a select
// list. json_tuple(json, k1, k2, …): one row of columns c0, c1, … — each
// key's value as a string (an object or array as its JSON text), NULL when
// the text is not JSON. stack(n, v1, …): n rows of columns col0, col1, ….

func init() {
	higherOrder["json_tuple"] = jsonTuple
	higherOrder["stack"] = stackCall
}

// jsonTuple writes json_tuple as one select item per key. It stays as
// written (failing in the engine) anywhere else than as the last item of a
// select list, where the items after it would shift.
func jsonTuple(r *rewriter, args [][2]int) (string, bool) {
	if len(args) < 2 {
		return "", false
	}
	if !r.lastSelectItem(args) {
		return "", false
	}
	j := r.text(args[0][0], args[0][1])
	out := ""
	for i, a := range args[1:] {
		if i > 0 {
			out += ", "
		}
		out += "CASE WHEN json_valid(" + j + ") THEN json_extract_string(" + j + ", " + r.text(a[0], a[1]) + ") END AS c" + strconv.Itoa(i)
	}
	return out, true
}

// lastSelectItem tells whether the call whose arguments are args is the
// last item of a select list, unaliased: a generator written as several
// columns shifts no item after it there.
func (r *rewriter) lastSelectItem(args [][2]int) bool {
	name, closing := args[0][0]-2, args[len(args)-1][1]+1
	if p := r.sigTok(name - 1); !p.isKeyword("SELECT") && !p.isPunct(',') {
		return false
	}
	n := r.sigTok(closing + 1)
	return n.kind == tokSpace || n.isPunct(';') || n.kind == tokWord && isKeywordIn(selectListEnd, n.text)
}

// stackCall writes stack(n, v1, v2, …) as the last item of a select list:
// n rows of columns col0, col1, … filled with the values in order, the
// last row padded with NULLs — DuckDB's unnest of a list of structs.
func stackCall(r *rewriter, args [][2]int) (string, bool) {
	if len(args) < 2 || args[0][0] != args[0][1] || !r.lastSelectItem(args) {
		return "", false
	}
	n, err := strconv.Atoi(r.sigTok(args[0][0]).text)
	if err != nil || n < 1 {
		return "", false
	}
	values := r.argText(args[1:])
	cols := (len(values) + n - 1) / n
	rows := make([]string, n)
	for i := range rows {
		row := "{"
		for c := 0; c < cols; c++ {
			v := "NULL"
			if j := i*cols + c; j < len(values) {
				v = values[j]
			}
			if c > 0 {
				row += ", "
			}
			row += "'col" + strconv.Itoa(c) + "': " + v
		}
		rows[i] = row + "}"
	}
	return "unnest([" + strings.Join(rows, ", ") + "], recursive := true)", true
}
