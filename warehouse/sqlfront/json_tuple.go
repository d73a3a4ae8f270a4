package sqlfront

import "strconv"

// json_tuple(json, k1, k2, …) as the last item of a select list: the
// generator's one row of columns c0, c1, … — each key's value as a string
// (an object or array as its JSON text), NULL when the text is not JSON.

func init() {
	higherOrder["json_tuple"] = jsonTuple
}

// jsonTuple writes json_tuple as one select item per key. It stays as
// written (failing in the engine) anywhere else than as the last item of a
// select list, where the items after it would shift.
func jsonTuple(r *rewriter, args [][2]int) (string, bool) {
	if len(args) < 2 {
		return "", false
	}
	name, closing := args[0][0]-2, args[len(args)-1][1]+1
	if p := r.sigTok(name - 1); !p.isKeyword("SELECT") && !p.isPunct(',') {
		return "", false
	}
	if n := r.sigTok(closing + 1); n.kind != tokSpace && !n.isPunct(';') && (n.kind != tokWord || !isKeywordIn(selectListEnd, n.text)) {
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
