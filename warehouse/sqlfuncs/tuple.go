package sqlfuncs

import (
	"math"
	"slices"
	"strconv"
	"strings"
)

// Tuple sketches: each distinct key hash with a summary (DOUBLE or
// INTEGER) that repeated keys combine by the sketch's mode: sum, min, max
// or alwaysone. Theta sketches join them as keys without a summary (the
// mode's identity: 0 for sum, 1 for alwaysone; min and max keep the
// tuple side's value).

type summary interface{ int64 | float64 }

type tuple[T summary] struct {
	vals map[uint64]T
}

func combine[T summary](mode string, a, b T) T {
	switch mode {
	case "min":
		return min(a, b)
	case "max":
		return max(a, b)
	case "alwaysone":
		return 1
	}
	return a + b
}

func checkMode(m any) (string, error) {
	mode := strings.ToLower(m.(string))
	switch mode {
	case "sum", "min", "max", "alwaysone":
		return mode, nil
	}
	return "", sparkErr("TUPLE_INVALID_SKETCH_MODE", "22023",
		"Invalid mode %q for the tuple sketch summaries: expected one of sum, min, max, alwaysone.", m)
}

func tupleKind(name any) byte {
	if name.(string) == "integer" {
		return kindTupleInt
	}
	return kindTupleDbl
}

func (t tuple[T]) encode(kind byte) []byte {
	keys := make([]uint64, 0, len(t.vals))
	for k := range t.vals {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	words := make([]uint64, 0, 2*len(keys))
	for _, k := range keys {
		var w uint64
		switch v := any(t.vals[k]).(type) {
		case int64:
			w = uint64(v) //nolint:gosec // bit pattern
		case float64:
			w = math.Float64bits(v)
		}
		words = append(words, k, w)
	}
	return encodeWords(kind, len(keys), words)
}

// decodeTuple reads a tuple sketch of kind, or (theta allowed) a theta
// sketch as keys whose summaries are the mode's identity.
func decodeTuple[T summary](v any, kind byte, thetaOK bool, mode string) (tuple[T], error) {
	b, ok := v.([]byte)
	if !ok {
		return tuple[T]{}, invalidSketch(kind)
	}
	kinds := []byte{kind}
	if thetaOK {
		kinds = append(kinds, kindTheta)
	}
	got, payload, err := header(b, kinds...)
	if err != nil {
		return tuple[T]{}, err
	}
	t := tuple[T]{vals: map[uint64]T{}}
	if got == kindTheta {
		var identity T
		if mode == "alwaysone" {
			identity = 1
		}
		_, keys, err := decodeWords(got, payload, 1)
		for _, k := range keys {
			t.vals[k] = identity
		}
		return t, err
	}
	_, words, err := decodeWords(got, payload, 2)
	for i := 0; i+1 < len(words); i += 2 {
		var x T
		switch p := any(&x).(type) {
		case *int64:
			*p = int64(words[i+1]) //nolint:gosec // bit pattern
		case *float64:
			*p = math.Float64frombits(words[i+1])
		}
		t.vals[words[i]] = x
	}
	return t, err
}

func tupleBuild[T summary](pairs []any, mode string, parse func(string) (T, error)) (tuple[T], error) {
	t := tuple[T]{vals: map[uint64]T{}}
	for _, p := range pairs {
		kv, _ := p.([]any)
		if len(kv) != 2 || kv[0] == nil || kv[1] == nil {
			continue
		}
		v, err := parse(kv[1].(string))
		if err != nil {
			return t, sparkErr("INVALID_PARAMETER_VALUE", "22023", "The tuple sketch summary %q is not a number.", kv[1])
		}
		h := keyHash(kv[0].(string))
		if old, ok := t.vals[h]; ok {
			v = combine(mode, old, v)
		} else if mode == "alwaysone" {
			v = 1
		}
		t.vals[h] = v
	}
	return t, nil
}

// tupleOp runs op over tuple sketches of the kind named by kindName; with
// list, a[0] is a list of sketches whose NULLs are skipped.
func tupleOp[T summary](kind byte, sketches []any, mode string, thetaSecond, skipNull bool,
	op func(a, b tuple[T]) tuple[T],
) (any, error) {
	acc := tuple[T]{vals: map[uint64]T{}}
	first := true
	for i, v := range sketches {
		if v == nil && skipNull {
			continue
		}
		s, err := decodeTuple[T](v, kind, thetaSecond && i == 1, mode)
		if err != nil {
			return nil, err
		}
		if first {
			acc, first = s, false
			continue
		}
		acc = op(acc, s)
	}
	return acc.encode(kind), nil
}

func tupleUnion[T summary](mode string) func(a, b tuple[T]) tuple[T] {
	return func(a, b tuple[T]) tuple[T] {
		for k, v := range b.vals {
			if old, ok := a.vals[k]; ok {
				v = combine(mode, old, v)
			}
			a.vals[k] = v
		}
		return a
	}
}

func tupleIntersect[T summary](mode string) func(a, b tuple[T]) tuple[T] {
	return func(a, b tuple[T]) tuple[T] {
		out := tuple[T]{vals: map[uint64]T{}}
		for k, v := range a.vals {
			if w, ok := b.vals[k]; ok {
				out.vals[k] = combine(mode, v, w)
			}
		}
		return out
	}
}

func tupleDifference[T summary](a, b tuple[T]) tuple[T] {
	for k := range b.vals {
		delete(a.vals, k)
	}
	return a
}

// dispatch runs f for the sketch kind named (integer or double).
func dispatch(kindName any, ints func() (any, error), doubles func() (any, error)) (any, error) {
	if tupleKind(kindName) == kindTupleInt {
		return ints()
	}
	return doubles()
}

func parseInt(s string) (int64, error)     { return strconv.ParseInt(s, 10, 64) }
func parseFloat(s string) (float64, error) { return strconv.ParseFloat(s, 64) }

func init() {
	fold := func(name string, args []string, thetaSecond, list bool, op string) Func {
		hasMode := op != "difference"
		return Func{Name: name, Args: args, Result: "BLOB", Eval: func(a []any) (any, error) {
			// Arguments: sketch, sketch[, mode], kind — or list, mode, kind.
			kindName := a[len(a)-1]
			mode := "sum"
			if hasMode {
				m, err := checkMode(a[len(a)-2])
				if err != nil {
					return nil, err
				}
				mode = m
			}
			sketches := a[:2]
			if list {
				sketches = a[0].([]any)
			}
			return dispatch(kindName,
				func() (any, error) {
					return tupleOp(kindTupleInt, sketches, mode, thetaSecond, list, pick[int64](op, mode))
				},
				func() (any, error) {
					return tupleOp(kindTupleDbl, sketches, mode, thetaSecond, list, pick[float64](op, mode))
				})
		}}
	}
	two := []string{"BLOB", "BLOB", "VARCHAR", "VARCHAR"}
	register(
		// sl_tuple_build(list([key, summary] as text), mode, 'double' | 'integer')
		Func{Name: "sl_tuple_build", Args: []string{"VARCHAR[][]", "VARCHAR", "VARCHAR"}, Result: "BLOB", Eval: func(a []any) (any, error) {
			mode, err := checkMode(a[1])
			if err != nil {
				return nil, err
			}
			return dispatch(a[2], func() (any, error) {
				t, err := tupleBuild(a[0].([]any), mode, parseInt)
				return t.encode(kindTupleInt), err
			}, func() (any, error) {
				t, err := tupleBuild(a[0].([]any), mode, parseFloat)
				return t.encode(kindTupleDbl), err
			})
		}},
		Func{Name: "sl_tuple_estimate", Args: []string{"BLOB", "VARCHAR"}, Result: "DOUBLE", Eval: func(a []any) (any, error) {
			return dispatch(a[1], func() (any, error) {
				t, err := decodeTuple[int64](a[0], kindTupleInt, false, "sum")
				return float64(len(t.vals)), err
			}, func() (any, error) {
				t, err := decodeTuple[float64](a[0], kindTupleDbl, false, "sum")
				return float64(len(t.vals)), err
			})
		}},
		// The sampling probability: 1, every key being kept.
		Func{Name: "sl_tuple_theta", Args: []string{"BLOB", "VARCHAR"}, Result: "DOUBLE", Eval: func(a []any) (any, error) {
			_, err := decodeTuple[float64](a[0], tupleKind(a[1]), false, "sum")
			return 1.0, err
		}},
		Func{Name: "sl_tuple_summary_double", Args: []string{"BLOB", "VARCHAR"}, Result: "DOUBLE", Eval: func(a []any) (any, error) {
			return tupleSummary[float64](a[0], kindTupleDbl, a[1])
		}},
		Func{Name: "sl_tuple_summary_integer", Args: []string{"BLOB", "VARCHAR"}, Result: "BIGINT", Eval: func(a []any) (any, error) {
			return tupleSummary[int64](a[0], kindTupleInt, a[1])
		}},
		// sl_tuple_union(a, b, mode, kind); b may be a theta sketch.
		fold("sl_tuple_union", two, true, false, "union"),
		fold("sl_tuple_intersect", two, true, false, "intersect"),
		fold("sl_tuple_difference", []string{"BLOB", "BLOB", "VARCHAR"}, true, false, "difference"),
		// sl_tuple_union_list(list(sketch), mode, kind): the aggregates.
		fold("sl_tuple_union_list", []string{"BLOB[]", "VARCHAR", "VARCHAR"}, false, true, "union"),
		fold("sl_tuple_intersect_list", []string{"BLOB[]", "VARCHAR", "VARCHAR"}, false, true, "intersect"),
	)
}

func pick[T summary](op, mode string) func(a, b tuple[T]) tuple[T] {
	switch op {
	case "union":
		return tupleUnion[T](mode)
	case "intersect":
		return tupleIntersect[T](mode)
	}
	return tupleDifference[T]
}

// tupleSummary combines every key's summary by mode.
func tupleSummary[T summary](v any, kind byte, m any) (any, error) {
	mode, err := checkMode(m)
	if err != nil {
		return nil, err
	}
	t, err := decodeTuple[T](v, kind, false, mode)
	if err != nil {
		return nil, err
	}
	keys := make([]uint64, 0, len(t.vals))
	for k := range t.vals {
		keys = append(keys, k)
	}
	slices.Sort(keys) // a fixed order: float sums do not depend on the map's
	var acc T
	for i, k := range keys {
		if i == 0 {
			acc = t.vals[k]
			continue
		}
		acc = combine(mode, acc, t.vals[k])
	}
	return acc, nil
}
