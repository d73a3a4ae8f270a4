package sqlfront

import (
	"strings"
)

// This file writes Spark's higher-order functions whose DuckDB form is not
// a rename: their lambdas' parameters mean something else in DuckDB (an
// index is 0-based in Spark, 1-based in DuckDB; a map's lambda takes the
// key and the value where DuckDB has one entry), or their arguments come
// in another order (aggregate's initial value). The rewrite runs after
// every other one, so the arguments' text is final, and works inside out.

// lambda is a lambda argument found in the tokens: its parameters and the
// significant indices of its body.
type lambda struct {
	params     []string // as written
	start, end int      // body, both included
}

// higherOrder maps a function to its rewrite; each returns false when the
// call is not of a form it knows, which leaves it as it is.
var higherOrder = map[string]func(r *rewriter, args [][2]int) (string, bool){
	"transform":        indexLambda("list_transform"),
	"filter":           indexLambda("list_filter"),
	"aggregate":        aggregateCall,
	"reduce":           aggregateCall,
	"zip_with":         zipWith,
	"map_filter":       mapFilter,
	"transform_values": mapTransform(false),
	"transform_keys":   mapTransform(true),
}

// rewriteLambdas rewrites the calls of higherOrder functions, innermost
// first.
func (r *rewriter) rewriteLambdas() {
	for k := len(r.sig) - 2; k >= 0; k-- {
		t := r.sigTok(k)
		if t.kind != tokWord || !r.sigTok(k+1).isPunct('(') || r.sigTok(k-1).isPunct('.') || r.dropped[r.si(k)] {
			continue
		}
		rw, ok := lookupLower(higherOrder, t.text)
		if !ok {
			continue
		}
		closing := r.matchClose(k + 1)
		if closing < 0 {
			continue
		}
		bounds := append(append([]int{k + 1}, r.topCommas(k+1, closing)...), closing)
		args := make([][2]int, 0, len(bounds)-1)
		for a := 1; a < len(bounds); a++ {
			args = append(args, [2]int{bounds[a-1] + 1, bounds[a] - 1})
		}
		text, ok := rw(r, args)
		if !ok {
			continue
		}
		first, last := r.si(k), r.si(closing)
		for i := first; i <= last; i++ {
			r.dropped[i] = true
			if i != first {
				delete(r.pre, i)
			}
			if i != last {
				delete(r.post, i)
			}
		}
		r.dropped[first] = false
		r.out[first] = text
	}
}

// text returns the output text of the significant tokens from to to, both
// included, with what the rewrites put around and between them.
func (r *rewriter) text(from, to int) string {
	var b strings.Builder
	for i := r.si(from); i <= r.si(to); i++ {
		if i != r.si(from) {
			b.WriteString(r.pre[i])
		}
		if !r.dropped[i] {
			b.WriteString(r.outText(i))
		}
		if i != r.si(to) {
			b.WriteString(r.post[i])
		}
	}
	return strings.TrimSpace(r.pre[r.si(from)] + b.String() + r.post[r.si(to)])
}

// lambdaAt parses the argument at significant indices arg as a lambda.
func (r *rewriter) lambdaAt(arg [2]int) (lambda, bool) {
	a, b := arg[0], arg[1]
	arrow := func(k int) bool {
		m, g := r.sigTok(k), r.sigTok(k+1)
		return m.isPunct('-') && g.isPunct('>') && g.pos == m.pos+1
	}
	if t := r.sigTok(a); t.isIdent() && arrow(a+1) && a+3 <= b {
		return lambda{params: []string{t.value()}, start: a + 3, end: b}, true
	}
	if !r.sigTok(a).isPunct('(') {
		return lambda{}, false
	}
	var params []string
	for k := a + 1; k < b; k += 2 {
		if !r.sigTok(k).isIdent() {
			return lambda{}, false
		}
		params = append(params, r.sigTok(k).value())
		if r.sigTok(k + 1).isPunct(')') {
			if !arrow(k+2) || k+4 > b {
				return lambda{}, false
			}
			return lambda{params: params, start: k + 4, end: b}, true
		}
		if !r.sigTok(k + 1).isPunct(',') {
			return lambda{}, false
		}
	}
	return lambda{}, false
}

// body returns the lambda's body with each reference to parameter i
// written as with[i] ("" keeps it).
func (r *rewriter) body(l lambda, with ...string) string {
	saved := map[int]string{}
	for k := l.start; k <= l.end; k++ {
		t := r.sigTok(k)
		if !t.isIdent() || r.sigTok(k-1).isPunct('.') || r.sigTok(k+1).isPunct('(') || r.dropped[r.si(k)] {
			continue
		}
		j := indexOf(l.params, t.value())
		if j < 0 || j >= len(with) || with[j] == "" {
			continue
		}
		i := r.si(k)
		if old, ok := r.out[i]; ok {
			saved[i] = old
		} else {
			saved[i] = "\x00"
		}
		r.out[i] = "(" + with[j] + ")"
	}
	s := r.text(l.start, l.end)
	for i, old := range saved {
		if old == "\x00" {
			delete(r.out, i)
		} else {
			r.out[i] = old
		}
	}
	return s
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if strings.EqualFold(x, s) {
			return i
		}
	}
	return -1
}

// duckLambda writes a DuckDB lambda of the parameters.
func duckLambda(params []string, body string) string {
	quoted := make([]string, len(params))
	for i, p := range params {
		quoted[i] = lambdaParam(p)
	}
	return "lambda " + strings.Join(quoted, ", ") + ": " + body
}

// indexLambda writes transform/filter(a, (x, i) -> …): Spark's index is
// 0-based and INT, DuckDB's 1-based and BIGINT.
func indexLambda(duck string) func(r *rewriter, args [][2]int) (string, bool) {
	return func(r *rewriter, args [][2]int) (string, bool) {
		if len(args) != 2 {
			return "", false
		}
		l, ok := r.lambdaAt(args[1])
		if !ok || len(l.params) != 2 {
			return "", false
		}
		idx := "CAST(" + lambdaParam(l.params[1]) + " - 1 AS INTEGER)"
		return duck + "(" + r.text(args[0][0], args[0][1]) + ", " +
			duckLambda(l.params, r.body(l, "", idx)) + ")", true
	}
}

// aggregateCall writes aggregate/reduce(a, zero, (acc, x) -> …[, acc -> …]).
func aggregateCall(r *rewriter, args [][2]int) (string, bool) {
	if len(args) != 3 && len(args) != 4 {
		return "", false
	}
	merge, ok := r.lambdaAt(args[2])
	if !ok || len(merge.params) != 2 {
		return "", false
	}
	s := "list_reduce(" + r.text(args[0][0], args[0][1]) + ", " + duckLambda(merge.params, r.body(merge)) +
		", " + r.text(args[1][0], args[1][1]) + ")"
	if len(args) == 4 {
		finish, ok := r.lambdaAt(args[3])
		if !ok || len(finish.params) != 1 {
			return "", false
		}
		s = "list_transform([" + s + "], " + duckLambda(finish.params, r.body(finish)) + ")[1]"
	}
	return s, true
}

// zipWith writes zip_with(a, b, (x, y) -> …) over DuckDB's list_zip, which
// pads the shorter list with NULLs as Spark does.
func zipWith(r *rewriter, args [][2]int) (string, bool) {
	if len(args) != 3 {
		return "", false
	}
	l, ok := r.lambdaAt(args[2])
	if !ok || len(l.params) != 2 {
		return "", false
	}
	return "list_transform(list_zip(" + r.text(args[0][0], args[0][1]) + ", " + r.text(args[1][0], args[1][1]) +
		"), " + duckLambda([]string{"__sl_p"}, r.body(l, "__sl_p[1]", "__sl_p[2]")) + ")", true
}

// mapFilter writes map_filter(m, (k, v) -> …) over the map's entries.
func mapFilter(r *rewriter, args [][2]int) (string, bool) {
	if len(args) != 2 {
		return "", false
	}
	l, ok := r.lambdaAt(args[1])
	if !ok || len(l.params) != 2 {
		return "", false
	}
	return "map_from_entries(list_filter(map_entries(" + r.text(args[0][0], args[0][1]) + "), " +
		duckLambda([]string{"__sl_e"}, r.body(l, "__sl_e.key", "__sl_e.value")) + "))", true
}

// mapTransform writes transform_keys/transform_values(m, (k, v) -> …).
func mapTransform(keys bool) func(r *rewriter, args [][2]int) (string, bool) {
	return func(r *rewriter, args [][2]int) (string, bool) {
		if len(args) != 2 {
			return "", false
		}
		l, ok := r.lambdaAt(args[1])
		if !ok || len(l.params) != 2 {
			return "", false
		}
		b := r.body(l, "__sl_e.key", "__sl_e.value")
		entry := "{'key': __sl_e.key, 'value': " + b + "}"
		if keys {
			entry = "{'key': " + b + ", 'value': __sl_e.value}"
		}
		return "map_from_entries(list_transform(map_entries(" + r.text(args[0][0], args[0][1]) + "), " +
			duckLambda([]string{"__sl_e"}, entry) + "))", true
	}
}

// lambdaParam writes a lambda parameter: as it is when it is a plain word
// (DuckDB's lambda parameters are not keywords), quoted otherwise.
func lambdaParam(p string) string {
	for i := 0; i < len(p); i++ {
		c := p[i]
		plain := c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9'
		if !plain {
			return QuoteIdent(p)
		}
	}
	if isKeywordIn(reservedWords, p) {
		return QuoteIdent(p)
	}
	return p
}
