package sqlfuncs

import (
	"encoding/binary"
	"hash/crc32"
	"math"
	"math/big"
	"math/bits"
	"reflect"
	"time"
)

// Spark's hash functions: crc32, hash (Murmur3 x86_32, seed 42) and
// xxhash64 (XXH64, seed 42), each over Spark's encoding of every type.

func init() {
	register(
		Func{Name: "sl_crc32", Args: []string{"ANY"}, Result: "BIGINT", Eval: func(a []any) (any, error) {
			b, err := bytesOf(a[0])
			if err != nil {
				return nil, err
			}
			return int64(crc32.ChecksumIEEE(b)), nil
		}},
		Func{Name: "sl_murmur3", Variadic: "ANY", Result: "INTEGER", NullArgs: true, Eval: func(a []any) (any, error) {
			h, err := SparkHash(a...)
			return h, err
		}},
		Func{Name: "sl_xxhash64", Variadic: "ANY", Result: "BIGINT", NullArgs: true, Eval: func(a []any) (any, error) {
			h, err := SparkXXHash64(a...)
			return h, err
		}},
	)
}

// sparkSeed is the seed of Spark's hash and xxhash64.
const sparkSeed = 42

// SparkHash is Spark's hash(args…): Murmur3 x86_32 folded over the
// arguments, each hashed with the previous result as its seed, NULLs
// skipped.
func SparkHash(args ...any) (int32, error) {
	h, err := foldHash(args, uint32(sparkSeed), murmurBits)
	return int32(h), err //nolint:gosec // Spark's int is the same bits
}

// SparkXXHash64 is Spark's xxhash64(args…), folded like SparkHash.
func SparkXXHash64(args ...any) (int64, error) {
	h, err := foldHash(args, uint64(sparkSeed), xxBits)
	return int64(h), err //nolint:gosec // Spark's long is the same bits
}

// foldHash hashes vals in turn as Spark does, each with the previous
// result as its seed: a NULL leaves the hash as it is, an array's elements
// are hashed in turn, and a scalar goes through hashBits.
func foldHash[T uint32 | uint64](vals []any, seed T, hashBits func(sparkBits, T) T) (T, error) {
	h := seed
	for _, v := range vals {
		if v == nil {
			continue
		}
		if kids, ok := children(v); ok {
			var err error
			if h, err = foldHash(kids, h, hashBits); err != nil {
				return 0, err
			}
			continue
		}
		b, err := scalarBits(v)
		if err != nil {
			return 0, err
		}
		h = hashBits(b, h)
	}
	return h, nil
}

// sparkBits is how Spark feeds one scalar to its hash: as a 4-byte int, an
// 8-byte long or bytes.
type sparkBits struct {
	kind  int // 4, 8 or 0 for bytes
	i     uint64
	bytes []byte
}

func scalarBits(v any) (sparkBits, error) {
	switch x := v.(type) {
	case bool:
		if x {
			return sparkBits{kind: 4, i: 1}, nil
		}
		return sparkBits{kind: 4}, nil
	case int8, int16, int32, uint8, uint16:
		i, _ := toInt64(x)
		return sparkBits{kind: 4, i: uint64(uint32(int32(i)))}, nil //nolint:gosec // bit pattern
	case int64, uint32, uint64:
		i, _ := toInt64(x)
		return sparkBits{kind: 8, i: uint64(i)}, nil //nolint:gosec // bit pattern
	case float32:
		if x == 0 {
			x = 0 // -0.0 hashes as 0.0
		}
		if x != x {
			return sparkBits{kind: 4, i: 0x7fc00000}, nil
		}
		return sparkBits{kind: 4, i: uint64(math.Float32bits(x))}, nil
	case float64:
		if x == 0 {
			x = 0
		}
		if x != x {
			return sparkBits{kind: 8, i: 0x7ff8000000000000}, nil
		}
		return sparkBits{kind: 8, i: math.Float64bits(x)}, nil
	case string:
		return sparkBits{bytes: []byte(x)}, nil
	case []byte:
		return sparkBits{bytes: x}, nil
	case time.Time:
		// A TIMESTAMP as Spark's microseconds. A DATE comes as its midnight
		// and hashes as that timestamp (Spark hashes its day number).
		return sparkBits{kind: 8, i: uint64(x.UnixMicro())}, nil //nolint:gosec // bit pattern
	}
	if p, unscaled, ok := decimalParts(v); ok {
		if p <= 18 {
			return sparkBits{kind: 8, i: uint64(unscaled.Int64())}, nil //nolint:gosec // bit pattern
		}
		return sparkBits{bytes: javaBigIntegerBytes(unscaled)}, nil
	}
	return sparkBits{}, sparkErr("UNSUPPORTED_FEATURE", "0A000",
		"The feature is not supported: hash and xxhash64 of a %T value in the local warehouse.", v)
}

// decimalParts reads a DECIMAL as duckdb-go hands it over (a struct of
// Width, Scale and Value *big.Int) without importing duckdb-go.
func decimalParts(v any) (precision int, unscaled *big.Int, ok bool) {
	r := reflect.ValueOf(v)
	if r.Kind() != reflect.Struct {
		return 0, nil, false
	}
	w, s, val := r.FieldByName("Width"), r.FieldByName("Scale"), r.FieldByName("Value")
	if !w.IsValid() || !s.IsValid() || !val.IsValid() || w.Kind() != reflect.Uint8 || s.Kind() != reflect.Uint8 {
		return 0, nil, false
	}
	b, isBig := val.Interface().(*big.Int)
	if !isBig || b == nil {
		return 0, nil, false
	}
	return int(w.Uint()), b, true
}

// javaBigIntegerBytes is Java's BigInteger.toByteArray: the shortest
// big-endian two's complement.
func javaBigIntegerBytes(x *big.Int) []byte {
	if x.Sign() >= 0 {
		b := x.Bytes()
		if len(b) == 0 || b[0]&0x80 != 0 {
			b = append([]byte{0}, b...)
		}
		return b
	}
	// -x - 1, inverted, is the two's complement of x.
	m := new(big.Int).Neg(x)
	m.Sub(m, big.NewInt(1))
	b := m.Bytes()
	if len(b) == 0 || b[0]&0x80 != 0 {
		b = append([]byte{0}, b...)
	}
	for i := range b {
		b[i] = ^b[i]
	}
	return b
}

// children are the elements Spark hashes in turn for an array. (Maps and
// structs come as Go maps, whose order is not theirs: refused.)
func children(v any) ([]any, bool) {
	x, ok := v.([]any)
	return x, ok
}

// murmurBits is Spark's Murmur3 x86_32 of one scalar.
func murmurBits(b sparkBits, seed uint32) uint32 {
	switch b.kind {
	case 4:
		return murmurInt(uint32(b.i), seed)
	case 8:
		h := mixH1(seed, mixK1(uint32(b.i)))
		h = mixH1(h, mixK1(uint32(b.i>>32)))
		return fmix32(h, 8)
	}
	return murmurBytes(b.bytes, seed)
}

// xxBits is Spark's XXH64 of one scalar.
func xxBits(b sparkBits, seed uint64) uint64 {
	switch b.kind {
	case 4:
		var buf [4]byte
		binary.LittleEndian.PutUint32(buf[:], uint32(b.i))
		return XXH64(buf[:], seed)
	case 8:
		var buf [8]byte
		binary.LittleEndian.PutUint64(buf[:], b.i)
		return XXH64(buf[:], seed)
	}
	return XXH64(b.bytes, seed)
}

const (
	murC1 = 0xcc9e2d51
	murC2 = 0x1b873593
)

func mixK1(k uint32) uint32 { return bits.RotateLeft32(k*murC1, 15) * murC2 }

func mixH1(h, k uint32) uint32 { return bits.RotateLeft32(h^k, 13)*5 + 0xe6546b64 }

func fmix32(h, n uint32) uint32 {
	h ^= n
	h ^= h >> 16
	h *= 0x85ebca6b
	h ^= h >> 13
	h *= 0xc2b2ae35
	return h ^ h>>16
}

func murmurInt(i, seed uint32) uint32 { return fmix32(mixH1(seed, mixK1(i)), 4) }

// murmurBytes is Spark's Murmur3_x86_32.hashUnsafeBytes, which differs
// from the reference Murmur3 in its tail: each trailing byte is mixed on
// its own, sign-extended, as a whole block.
func murmurBytes(b []byte, seed uint32) uint32 {
	h := seed
	n := len(b) - len(b)%4
	for i := 0; i < n; i += 4 {
		h = mixH1(h, mixK1(binary.LittleEndian.Uint32(b[i:])))
	}
	for _, c := range b[n:] {
		h = mixH1(h, mixK1(uint32(int32(int8(c))))) //nolint:gosec // sign extension as Java's (int) byte
	}
	return fmix32(h, uint32(len(b))) //nolint:gosec // lengths fit
}

const (
	xxP1 uint64 = 11400714785074694791
	xxP2 uint64 = 14029467366897019727
	xxP3 uint64 = 1609587929392839161
	xxP4 uint64 = 9650029242287828579
	xxP5 uint64 = 2870177450012600261
)

func xxRound(acc, in uint64) uint64 { return bits.RotateLeft64(acc+in*xxP2, 31) * xxP1 }

func xxMerge(acc, v uint64) uint64 { return (acc^xxRound(0, v))*xxP1 + xxP4 }

// XXH64 is the reference XXH64 hash of b.
func XXH64(b []byte, seed uint64) uint64 {
	n := len(b)
	var h uint64
	if n >= 32 {
		v1, v2, v3, v4 := seed+xxP1+xxP2, seed+xxP2, seed, seed-xxP1
		for len(b) >= 32 {
			v1 = xxRound(v1, binary.LittleEndian.Uint64(b))
			v2 = xxRound(v2, binary.LittleEndian.Uint64(b[8:]))
			v3 = xxRound(v3, binary.LittleEndian.Uint64(b[16:]))
			v4 = xxRound(v4, binary.LittleEndian.Uint64(b[24:]))
			b = b[32:]
		}
		h = bits.RotateLeft64(v1, 1) + bits.RotateLeft64(v2, 7) + bits.RotateLeft64(v3, 12) + bits.RotateLeft64(v4, 18)
		h = xxMerge(h, v1)
		h = xxMerge(h, v2)
		h = xxMerge(h, v3)
		h = xxMerge(h, v4)
	} else {
		h = seed + xxP5
	}
	h += uint64(n)
	for len(b) >= 8 {
		h ^= xxRound(0, binary.LittleEndian.Uint64(b))
		h = bits.RotateLeft64(h, 27)*xxP1 + xxP4
		b = b[8:]
	}
	if len(b) >= 4 {
		h ^= uint64(binary.LittleEndian.Uint32(b)) * xxP1
		h = bits.RotateLeft64(h, 23)*xxP2 + xxP3
		b = b[4:]
	}
	for _, c := range b {
		h ^= uint64(c) * xxP5
		h = bits.RotateLeft64(h, 11) * xxP1
	}
	h ^= h >> 33
	h *= xxP2
	h ^= h >> 29
	h *= xxP3
	return h ^ h>>32
}
