package sqlfuncs

import (
	"encoding/binary"
	"slices"
	"strings"
)

// Sketches in this package's own binary format (not Apache DataSketches'):
//
//	"SLSK" | version 1 | kind | payload
//
// kind 'H' (hll_*) and 'T' (theta_*): a set sketch, its payload a uvarint
// count and then that many distinct 64-bit key hashes (XXH64 of the key's
// text), ascending, 8 bytes little-endian each. Kind 'D' and 'I' (tuple_*
// of DOUBLE and INTEGER summaries): the same, each hash followed by its
// summary (float64 bits or int64). Kinds 'b', 'd', 'f' (kll_* of BIGINT,
// DOUBLE, FLOAT): a uvarint count and the values, ascending, 8 bytes each
// (int64 or float64 bits). Every sketch is exact: estimates are counts of
// distinct keys and quantiles are the values' own.

const sketchMagic = "SLSK\x01"

const (
	kindHLL       = 'H'
	kindTheta     = 'T'
	kindTupleDbl  = 'D'
	kindTupleInt  = 'I'
	kindKLLBigint = 'b'
	kindKLLDouble = 'd'
	kindKLLFloat  = 'f'
)

// familyOf names a sketch kind as Spark's functions do.
func familyOf(kind byte) string {
	switch kind {
	case kindHLL:
		return "HLL"
	case kindTheta:
		return "THETA"
	case kindTupleDbl, kindTupleInt:
		return "TUPLE"
	}
	return "KLL"
}

func invalidSketch(kind byte) error {
	f := familyOf(kind)
	return sparkErr(f+"_INVALID_INPUT_SKETCH_BUFFER", "22546",
		"Invalid call to %s: only valid %s sketch buffers made by this warehouse's %s functions are supported (its sketches are not Apache DataSketches' format).",
		strings.ToLower(f), f, strings.ToLower(f))
}

// keyHash is the hash a sketch keeps for a key, given as its text.
func keyHash(s string) uint64 { return XXH64([]byte(s), 0) }

// header checks a sketch's magic and kind and returns its payload.
func header(b []byte, kinds ...byte) (byte, []byte, error) {
	if len(b) < len(sketchMagic)+1 || string(b[:len(sketchMagic)]) != sketchMagic ||
		!slices.Contains(kinds, b[len(sketchMagic)]) {
		return 0, nil, invalidSketch(kinds[0])
	}
	return b[len(sketchMagic)], b[len(sketchMagic)+1:], nil
}

// encodeWords encodes a sketch of count items as 8-byte words.
func encodeWords(kind byte, count int, words []uint64) []byte {
	out := make([]byte, 0, len(sketchMagic)+1+binary.MaxVarintLen64+8*len(words))
	out = append(append(out, sketchMagic...), kind)
	out = binary.AppendUvarint(out, uint64(count)) //nolint:gosec // counts are positive
	for _, w := range words {
		out = binary.LittleEndian.AppendUint64(out, w)
	}
	return out
}

// decodeWords reads count and perItem words per item.
func decodeWords(kind byte, payload []byte, perItem int) (int, []uint64, error) {
	n, k := binary.Uvarint(payload)
	if k <= 0 || uint64(len(payload)-k) != n*uint64(8*perItem) { //nolint:gosec // k > 0
		return 0, nil, invalidSketch(kind)
	}
	payload = payload[k:]
	words := make([]uint64, 0, len(payload)/8)
	for len(payload) >= 8 {
		words = append(words, binary.LittleEndian.Uint64(payload))
		payload = payload[8:]
	}
	return int(n), words, nil //nolint:gosec // bounded by the buffer's length
}

// setSketch is the key hashes of an HLL or theta sketch.
type setSketch struct {
	kind byte
	keys []uint64 // ascending, distinct
}

func (s setSketch) encode() []byte { return encodeWords(s.kind, len(s.keys), s.keys) }

func decodeSet(v any, kinds ...byte) (setSketch, error) {
	b, ok := v.([]byte)
	if !ok {
		return setSketch{}, invalidSketch(kinds[0])
	}
	kind, payload, err := header(b, kinds...)
	if err != nil {
		return setSketch{}, err
	}
	_, keys, err := decodeWords(kind, payload, 1)
	return setSketch{kind: kind, keys: keys}, err
}

func sortedDistinct(keys []uint64) []uint64 {
	slices.Sort(keys)
	return slices.Compact(keys)
}

func kindOf(name string) byte {
	if name == "hll" {
		return kindHLL
	}
	return kindTheta
}

func init() {
	register(
		// sl_set_build(list(key text), 'hll' | 'theta'): NULL keys skipped.
		Func{Name: "sl_set_build", Args: []string{"VARCHAR[]", "VARCHAR"}, Result: "BLOB", Eval: func(a []any) (any, error) {
			var keys []uint64
			for _, k := range a[0].([]any) {
				if s, ok := k.(string); ok {
					keys = append(keys, keyHash(s))
				}
			}
			return setSketch{kind: kindOf(a[1].(string)), keys: sortedDistinct(keys)}.encode(), nil
		}},
		Func{Name: "sl_set_estimate", Args: []string{"BLOB", "VARCHAR"}, Result: "BIGINT", Eval: func(a []any) (any, error) {
			s, err := decodeSet(a[0], kindOf(a[1].(string)))
			return int64(len(s.keys)), err
		}},
		Func{Name: "sl_set_union", Args: []string{"BLOB", "BLOB", "VARCHAR"}, Result: "BLOB", Eval: func(a []any) (any, error) {
			return setFold(a[2].(string), a[:2], setUnion, false)
		}},
		Func{Name: "sl_set_intersect", Args: []string{"BLOB", "BLOB", "VARCHAR"}, Result: "BLOB", Eval: func(a []any) (any, error) {
			return setFold(a[2].(string), a[:2], setIntersect, false)
		}},
		Func{Name: "sl_set_difference", Args: []string{"BLOB", "BLOB", "VARCHAR"}, Result: "BLOB", Eval: func(a []any) (any, error) {
			return setFold(a[2].(string), a[:2], setDifference, false)
		}},
		// sl_set_union_list(list(sketch), kind) and its intersection: the
		// aggregates; NULL sketches are skipped.
		Func{Name: "sl_set_union_list", Args: []string{"BLOB[]", "VARCHAR"}, Result: "BLOB", Eval: func(a []any) (any, error) {
			return setFold(a[1].(string), a[0].([]any), setUnion, true)
		}},
		Func{Name: "sl_set_intersect_list", Args: []string{"BLOB[]", "VARCHAR"}, Result: "BLOB", Eval: func(a []any) (any, error) {
			return setFold(a[1].(string), a[0].([]any), setIntersect, true)
		}},
	)
}

func setFold(kindName string, sketches []any, op func(a, b []uint64) []uint64, skipNull bool) (any, error) {
	kind := kindOf(kindName)
	var acc []uint64
	first := true
	for _, v := range sketches {
		if v == nil && skipNull {
			continue
		}
		s, err := decodeSet(v, kind)
		if err != nil {
			return nil, err
		}
		if first {
			acc, first = s.keys, false
			continue
		}
		acc = op(acc, s.keys)
	}
	return setSketch{kind: kind, keys: acc}.encode(), nil
}

func setUnion(a, b []uint64) []uint64 { return sortedDistinct(append(slices.Clone(a), b...)) }

func setIntersect(a, b []uint64) []uint64 {
	var out []uint64
	for _, k := range a {
		if _, ok := slices.BinarySearch(b, k); ok {
			out = append(out, k)
		}
	}
	return out
}

func setDifference(a, b []uint64) []uint64 {
	var out []uint64
	for _, k := range a {
		if _, ok := slices.BinarySearch(b, k); !ok {
			out = append(out, k)
		}
	}
	return out
}
