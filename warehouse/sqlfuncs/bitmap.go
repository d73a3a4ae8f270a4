package sqlfuncs

import "math/bits"

// Spark's bitmap functions: a bitmap is a 4096-byte BINARY whose bit i
// (byte i/8, bit i%8 from the least significant) stands for position i of
// a bucket of 32768 values.

// bitmapBytes is the size of a bitmap.
const bitmapBytes = 4096

func init() {
	register(
		// shiftrightunsigned: Spark's >>> of an INT or a BIGINT (the
		// shift taken modulo the width, as in Java).
		Func{Name: "sl_shiftrightunsigned", Args: []string{"INTEGER", "INTEGER"}, Result: "INTEGER", Eval: func(a []any) (any, error) {
			return int32(uint32(a[0].(int32)) >> (uint32(a[1].(int32)) & 31)), nil //nolint:gosec // Java's >>> on int
		}},
		Func{Name: "sl_shiftrightunsigned", Args: []string{"BIGINT", "INTEGER"}, Result: "BIGINT", Eval: func(a []any) (any, error) {
			return int64(uint64(a[0].(int64)) >> (uint32(a[1].(int32)) & 63)), nil //nolint:gosec // Java's >>> on long
		}},
		// Spark's bucket of a value (1-based; 0 for 0) and its bit in it.
		Func{Name: "sl_bitmap_bucket_number", Args: []string{"BIGINT"}, Result: "BIGINT", Eval: func(a []any) (any, error) {
			v := a[0].(int64)
			if v > 0 {
				return 1 + (v-1)/(bitmapBytes*8), nil
			}
			return v / (bitmapBytes * 8), nil
		}},
		Func{Name: "sl_bitmap_bit_position", Args: []string{"BIGINT"}, Result: "BIGINT", Eval: func(a []any) (any, error) {
			v := a[0].(int64)
			if v > 0 {
				return (v - 1) % (bitmapBytes * 8), nil
			}
			return (-v) % (bitmapBytes * 8), nil
		}},
		Func{Name: "sl_bitmap_count", Args: []string{"BLOB"}, Result: "BIGINT", Eval: func(a []any) (any, error) {
			var n int64
			for _, c := range a[0].([]byte) {
				n += int64(bits.OnesCount8(c))
			}
			return n, nil
		}},
		// sl_bitmap_construct(list(position)): the bitmap of the positions.
		Func{Name: "sl_bitmap_construct", Args: []string{"BIGINT[]"}, Result: "BLOB", Eval: func(a []any) (any, error) {
			out := make([]byte, bitmapBytes)
			for _, v := range a[0].([]any) {
				if v == nil {
					continue
				}
				p, err := toInt64(v)
				if err != nil {
					return nil, err
				}
				if p < 0 || p >= bitmapBytes*8 {
					return nil, sparkErr("INVALID_BITMAP_POSITION", "22003",
						"The 0-indexed bitmap position %d is out of bounds. The bitmap has %d bits (%d bytes).", p, bitmapBytes*8, bitmapBytes)
				}
				out[p/8] |= 1 << (p % 8)
			}
			return out, nil
		}},
		// sl_bitmap_or(list(bitmap)) and sl_bitmap_and(list(bitmap)).
		Func{Name: "sl_bitmap_or", Args: []string{"BLOB[]"}, Result: "BLOB", Eval: func(a []any) (any, error) {
			return bitmapFold(a[0].([]any), false), nil
		}},
		Func{Name: "sl_bitmap_and", Args: []string{"BLOB[]"}, Result: "BLOB", Eval: func(a []any) (any, error) {
			return bitmapFold(a[0].([]any), true), nil
		}},
	)
}

func bitmapFold(maps []any, and bool) []byte {
	out := make([]byte, bitmapBytes)
	if and {
		for i := range out {
			out[i] = 0xff
		}
	}
	for _, m := range maps {
		b, ok := m.([]byte)
		if !ok {
			continue
		}
		for i := range out {
			var c byte
			if i < len(b) {
				c = b[i]
			}
			if and {
				out[i] &= c
			} else {
				out[i] |= c
			}
		}
	}
	return out
}
