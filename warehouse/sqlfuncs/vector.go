package sqlfuncs

import (
	"math"
)

// Spark's vector functions over ARRAY<FLOAT>: distances, products, norms,
// and the element-wise sum and average of a column of vectors.

func init() {
	pair := func(name string, f func(a, b []float32) float32) Func {
		return Func{Name: name, Args: []string{"FLOAT[]", "FLOAT[]"}, Result: "FLOAT", Eval: func(a []any) (any, error) {
			x, y, err := floats(name, a[0], a[1])
			if err != nil {
				return nil, err
			}
			r := f(x, y)
			if r != r { //nolint:gocritic // NaN: Spark answers NULL where a norm is zero
				return nil, nil
			}
			return r, nil
		}}
	}
	register(
		pair("sl_vector_inner_product", func(a, b []float32) float32 {
			var s float32
			for i := range a {
				s += a[i] * b[i]
			}
			return s
		}),
		pair("sl_vector_cosine_similarity", func(a, b []float32) float32 {
			var dot, na, nb float32
			for i := range a {
				dot += a[i] * b[i]
				na += a[i] * a[i]
				nb += b[i] * b[i]
			}
			if na == 0 || nb == 0 {
				return float32(math.NaN())
			}
			return float32(float64(dot) / (math.Sqrt(float64(na)) * math.Sqrt(float64(nb))))
		}),
		pair("sl_vector_l2_distance", func(a, b []float32) float32 {
			var s float32
			for i := range a {
				d := a[i] - b[i]
				s += d * d
			}
			return float32(math.Sqrt(float64(s)))
		}),
		Func{Name: "sl_vector_norm", Args: []string{"FLOAT[]", "FLOAT"}, Result: "FLOAT", Eval: func(a []any) (any, error) {
			x, _, err := floats("vector_norm", a[0], a[0])
			if err != nil {
				return nil, err
			}
			return vectorNorm(x, a[1].(float32)), nil
		}},
		Func{Name: "sl_vector_normalize", Args: []string{"FLOAT[]", "FLOAT"}, Result: "FLOAT[]", Eval: func(a []any) (any, error) {
			x, _, err := floats("vector_normalize", a[0], a[0])
			if err != nil {
				return nil, err
			}
			n := vectorNorm(x, a[1].(float32))
			if n == 0 {
				return nil, nil
			}
			out := make([]any, len(x))
			for i, v := range x {
				out[i] = v / n
			}
			return out, nil
		}},
		// sl_vector_sum(list(vector)) and sl_vector_avg(list(vector)).
		Func{Name: "sl_vector_sum", Args: []string{"FLOAT[][]"}, Result: "FLOAT[]", Eval: func(a []any) (any, error) {
			return vectorFold(a[0].([]any), false)
		}},
		Func{Name: "sl_vector_avg", Args: []string{"FLOAT[][]"}, Result: "FLOAT[]", Eval: func(a []any) (any, error) {
			return vectorFold(a[0].([]any), true)
		}},
	)
}

func vectorNorm(x []float32, p float32) float32 {
	switch {
	case math.IsInf(float64(p), 1):
		var m float32
		for _, v := range x {
			m = max(m, float32(math.Abs(float64(v))))
		}
		return m
	case p == 1:
		var s float32
		for _, v := range x {
			s += float32(math.Abs(float64(v)))
		}
		return s
	case p == 2:
		var s float32
		for _, v := range x {
			s += v * v
		}
		return float32(math.Sqrt(float64(s)))
	}
	var s float64
	for _, v := range x {
		s += math.Pow(math.Abs(float64(v)), float64(p))
	}
	return float32(math.Pow(s, 1/float64(p)))
}

// floats reads two vectors of one length.
func floats(fn string, a, b any) ([]float32, []float32, error) {
	x, err := floatList(a)
	if err != nil {
		return nil, nil, err
	}
	y, err := floatList(b)
	if err != nil {
		return nil, nil, err
	}
	if len(x) != len(y) {
		return nil, nil, sparkErr("VECTOR_DIMENSION_MISMATCH", "22000",
			"Vectors passed to %s must have the same dimension, but got %d and %d.", fn, len(x), len(y))
	}
	return x, y, nil
}

func floatList(v any) ([]float32, error) {
	l, ok := v.([]any)
	if !ok {
		return nil, typeErr("the vector function (ARRAY<FLOAT> expected)", v)
	}
	out := make([]float32, len(l))
	for i, e := range l {
		f, ok := e.(float32)
		if !ok {
			return nil, sparkErr("NULL_VALUE_IN_VECTOR", "22000", "A vector holds a NULL element.")
		}
		out[i] = f
	}
	return out, nil
}

func vectorFold(vs []any, avg bool) (any, error) {
	var sum []float64
	n := 0
	for _, v := range vs {
		if v == nil {
			continue
		}
		x, err := floatList(v)
		if err != nil {
			return nil, err
		}
		if sum == nil {
			sum = make([]float64, len(x))
		} else if len(x) != len(sum) {
			return nil, sparkErr("VECTOR_DIMENSION_MISMATCH", "22000",
				"Vectors passed to vector_sum must have the same dimension, but got %d and %d.", len(sum), len(x))
		}
		for i, f := range x {
			sum[i] += float64(f)
		}
		n++
	}
	if n == 0 {
		return nil, nil
	}
	out := make([]any, len(sum))
	for i, s := range sum {
		if avg {
			s /= float64(n)
		}
		out[i] = float32(s)
	}
	return out, nil
}
