package sqlfuncs

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
)

// KLL quantile sketches, exact: a sketch keeps every value, so its
// quantiles and ranks are the values' own (DataSketches' KLL is exact
// too while it holds fewer than k values, 200 by default).

// kllSketch is the values of a KLL sketch, ascending.
type kllSketch struct {
	kind byte
	ints []int64   // kind 'b'
	flts []float64 // kinds 'd' and 'f'
}

func (k kllSketch) n() int { return len(k.ints) + len(k.flts) }

func (k kllSketch) encode() []byte {
	words := make([]uint64, 0, k.n())
	for _, v := range k.ints {
		words = append(words, uint64(v)) //nolint:gosec // bit pattern
	}
	for _, v := range k.flts {
		words = append(words, math.Float64bits(v))
	}
	return encodeWords(k.kind, k.n(), words)
}

func kllKind(name any) byte {
	switch name.(string) {
	case "bigint":
		return kindKLLBigint
	case "float":
		return kindKLLFloat
	}
	return kindKLLDouble
}

func decodeKLL(v any, kind byte) (kllSketch, error) {
	b, ok := v.([]byte)
	if !ok {
		return kllSketch{}, invalidSketch(kind)
	}
	_, payload, err := header(b, kind)
	if err != nil {
		return kllSketch{}, err
	}
	_, words, err := decodeWords(kind, payload, 1)
	k := kllSketch{kind: kind}
	for _, w := range words {
		if kind == kindKLLBigint {
			k.ints = append(k.ints, int64(w)) //nolint:gosec // bit pattern
		} else {
			k.flts = append(k.flts, math.Float64frombits(w))
		}
	}
	return k, err
}

func (k *kllSketch) add(o kllSketch) {
	k.ints = append(k.ints, o.ints...)
	k.flts = append(k.flts, o.flts...)
}

func (k *kllSketch) sort() {
	slices.Sort(k.ints)
	slices.SortFunc(k.flts, cmp.Compare[float64])
}

// quantile is the smallest value whose inclusive normalised rank (the
// share of values at or below it) reaches rank.
func (k kllSketch) quantile(rank float64) (any, error) {
	if rank < 0 || rank > 1 || rank != rank {
		return nil, sparkErr("KLL_SKETCH_INVALID_QUANTILE_RANGE", "22003",
			"The quantile rank %v is out of range: it must be between 0.0 and 1.0.", rank)
	}
	n := k.n()
	if n == 0 {
		return nil, nil
	}
	i := min(max(int(math.Ceil(rank*float64(n)))-1, 0), n-1)
	switch k.kind {
	case kindKLLBigint:
		return k.ints[i], nil
	case kindKLLFloat:
		return float32(k.flts[i]), nil
	}
	return k.flts[i], nil
}

// rank is the share of values at or below q.
func (k kllSketch) rank(q float64) any {
	n := k.n()
	if n == 0 {
		return nil
	}
	var c int
	if k.kind == kindKLLBigint {
		c, _ = slices.BinarySearch(k.ints, int64(math.Floor(q))+1)
	} else {
		c = len(k.flts) - len(slices.DeleteFunc(slices.Clone(k.flts), func(v float64) bool { return v <= q }))
	}
	return float64(c) / float64(n)
}

func (k kllSketch) String() string {
	var lo, hi string
	if k.n() > 0 {
		if k.kind == kindKLLBigint {
			lo, hi = fmt.Sprint(k.ints[0]), fmt.Sprint(k.ints[len(k.ints)-1])
		} else {
			lo, hi = fmt.Sprint(k.flts[0]), fmt.Sprint(k.flts[len(k.flts)-1])
		}
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "### sealane KLL sketch summary (exact; not Apache DataSketches' format):\n")
	fmt.Fprintf(&sb, "   N                      : %d\n", k.n())
	fmt.Fprintf(&sb, "   Retained items         : %d\n", k.n())
	fmt.Fprintf(&sb, "   Estimation mode        : false\n")
	fmt.Fprintf(&sb, "   Min item               : %s\n", lo)
	fmt.Fprintf(&sb, "   Max item               : %s\n", hi)
	sb.WriteString("### End sketch summary\n")
	return sb.String()
}

func init() {
	build := func(kind string, elem string) Func {
		return Func{Name: "sl_kll_build_" + kind, Args: []string{elem + "[]"}, Result: "BLOB", Eval: func(a []any) (any, error) {
			k := kllSketch{kind: kllKind(kind)}
			for _, v := range a[0].([]any) {
				switch x := v.(type) {
				case int64:
					k.ints = append(k.ints, x)
				case float64:
					if x == x {
						k.flts = append(k.flts, x)
					}
				case float32:
					if x == x {
						k.flts = append(k.flts, float64(x))
					}
				}
			}
			k.sort()
			return k.encode(), nil
		}}
	}
	withSketch := func(name string, args []string, result string, f func(k kllSketch, a []any) (any, error)) Func {
		// The sketch's kind is the last argument.
		return Func{Name: name, Args: append(args, "VARCHAR"), Result: result, Eval: func(a []any) (any, error) {
			k, err := decodeKLL(a[0], kllKind(a[len(a)-1]))
			if err != nil {
				return nil, err
			}
			return f(k, a)
		}}
	}
	quantile := func(kind, result string) Func {
		return withSketch("sl_kll_quantile_"+kind, []string{"BLOB", "DOUBLE"}, result, func(k kllSketch, a []any) (any, error) {
			return k.quantile(a[1].(float64))
		})
	}
	// The array forms: one answer per rank (or per value).
	quantiles := func(kind, result string) Func {
		return withSketch("sl_kll_quantile_"+kind, []string{"BLOB", "DOUBLE[]"}, result+"[]", func(k kllSketch, a []any) (any, error) {
			return eachOf(a[1], func(f float64) (any, error) { return k.quantile(f) })
		})
	}
	register(
		build("bigint", "BIGINT"), build("double", "DOUBLE"), build("float", "FLOAT"),
		quantile("bigint", "BIGINT"), quantile("double", "DOUBLE"), quantile("float", "FLOAT"),
		quantiles("bigint", "BIGINT"), quantiles("double", "DOUBLE"), quantiles("float", "FLOAT"),
		withSketch("sl_kll_n", []string{"BLOB"}, "BIGINT", func(k kllSketch, _ []any) (any, error) {
			return int64(k.n()), nil
		}),
		withSketch("sl_kll_rank", []string{"BLOB", "DOUBLE"}, "DOUBLE", func(k kllSketch, a []any) (any, error) {
			return k.rank(a[1].(float64)), nil
		}),
		withSketch("sl_kll_rank", []string{"BLOB", "DOUBLE[]"}, "DOUBLE[]", func(k kllSketch, a []any) (any, error) {
			return eachOf(a[1], func(f float64) (any, error) { return k.rank(f), nil })
		}),
		withSketch("sl_kll_to_string", []string{"BLOB"}, "VARCHAR", func(k kllSketch, _ []any) (any, error) {
			return k.String(), nil
		}),
		withSketch("sl_kll_merge", []string{"BLOB", "BLOB"}, "BLOB", func(k kllSketch, a []any) (any, error) {
			o, err := decodeKLL(a[1], k.kind)
			if err != nil {
				return nil, err
			}
			k.add(o)
			k.sort()
			return k.encode(), nil
		}),
		// sl_kll_merge_list(list(sketch), kind): the aggregate.
		Func{Name: "sl_kll_merge_list", Args: []string{"BLOB[]", "VARCHAR"}, Result: "BLOB", Eval: func(a []any) (any, error) {
			k := kllSketch{kind: kllKind(a[1])}
			for _, v := range a[0].([]any) {
				if v == nil {
					continue
				}
				o, err := decodeKLL(v, k.kind)
				if err != nil {
					return nil, err
				}
				k.add(o)
			}
			k.sort()
			return k.encode(), nil
		}},
	)
}

// eachOf applies f to every element of a list of DOUBLE (NULL stays NULL).
func eachOf(list any, f func(float64) (any, error)) (any, error) {
	l, _ := list.([]any)
	out := make([]any, len(l))
	for i, v := range l {
		x, ok := v.(float64)
		if !ok {
			continue
		}
		r, err := f(x)
		if err != nil {
			return nil, err
		}
		out[i] = r
	}
	return out, nil
}
