package sqlfuncs

import (
	"encoding/binary"
	"math"
)

// count_min_sketch(col, eps, confidence, seed) as Spark's CountMinSketchImpl
// builds and serialises it, byte for byte: version 1, the total count,
// depth, width, one hash coefficient per row (java.util.Random(seed)) and
// the depth × width counters, all big-endian. Integral items hash by
// Spark's long hashing, strings and binaries by its Murmur3 of the bytes.

func init() {
	register(Func{Name: "sl_count_min_sketch", Args: []string{"ANY", "DOUBLE", "DOUBLE", "INTEGER"}, Result: "BLOB",
		Eval: func(a []any) (any, error) {
			items, _ := a[0].([]any)
			return CountMinSketch(items, a[1].(float64), a[2].(float64), a[3].(int32))
		}})
}

// javaRandom is java.util.Random's generator.
type javaRandom struct{ seed int64 }

const javaMultiplier, javaMask = 0x5DEECE66D, (int64(1) << 48) - 1

func newJavaRandom(seed int64) *javaRandom {
	return &javaRandom{seed: (seed ^ javaMultiplier) & javaMask}
}

func (r *javaRandom) next(bits uint) int32 {
	r.seed = (r.seed*javaMultiplier + 0xB) & javaMask
	return int32(uint64(r.seed) >> (48 - bits)) //nolint:gosec // Java's (int) of the high bits
}

// nextInt is Random.nextInt(bound) for a bound that is not a power of two.
func (r *javaRandom) nextInt(bound int32) int32 {
	for {
		bits := r.next(31)
		val := bits % bound
		if bits-val+(bound-1) >= 0 {
			return val
		}
	}
}

// CountMinSketch builds and serialises Spark's count-min sketch of items
// (NULLs skipped).
func CountMinSketch(items []any, eps, confidence float64, seed int32) ([]byte, error) {
	if !(eps > 0) {
		return nil, sparkErr("DATATYPE_MISMATCH", "42K09", "Relative error must be positive (current value = %v).", eps)
	}
	if !(confidence > 0 && confidence < 1) {
		return nil, sparkErr("DATATYPE_MISMATCH", "42K09", "Confidence must be within range (0.0, 1.0) (current value = %v).", confidence)
	}
	width := int32(math.Ceil(2 / eps))
	depth := int32(math.Ceil(-math.Log(1-confidence) / math.Log(2)))
	rnd := newJavaRandom(int64(seed))
	hashA := make([]int64, depth)
	for i := range hashA {
		hashA[i] = int64(rnd.nextInt(math.MaxInt32))
	}
	table := make([]int64, int(depth)*int(width))
	var total int64
	for _, it := range items {
		if it == nil {
			continue
		}
		if b, err := bytesOf(it); err == nil {
			h1 := int32(murmurBytes(b, 0))          //nolint:gosec // Java int
			h2 := int32(murmurBytes(b, uint32(h1))) //nolint:gosec // Java int
			for i := range depth {
				c := h1 + i*h2
				if c < 0 {
					c = ^c
				}
				table[i*width+c%width]++
			}
		} else {
			v, err := toInt64(it)
			if err != nil {
				return nil, err
			}
			for i := range depth {
				h := hashA[i] * v
				h += int64(uint64(h) >> 32) //nolint:gosec // Java's >>>
				h &= (1 << 31) - 1
				table[i*width+int32(h)%width]++ //nolint:gosec // below 2^31
			}
		}
		total++
	}
	out := binary.BigEndian.AppendUint32(nil, 1)
	out = binary.BigEndian.AppendUint64(out, uint64(total)) //nolint:gosec // bit pattern
	out = binary.BigEndian.AppendUint32(out, uint32(depth)) //nolint:gosec // positive
	out = binary.BigEndian.AppendUint32(out, uint32(width)) //nolint:gosec // positive
	for _, h := range hashA {
		out = binary.BigEndian.AppendUint64(out, uint64(h)) //nolint:gosec // bit pattern
	}
	for _, c := range table {
		out = binary.BigEndian.AppendUint64(out, uint64(c)) //nolint:gosec // bit pattern
	}
	return out, nil
}
