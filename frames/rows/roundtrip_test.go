package rows

import (
	"context"
	"database/sql"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/stretchr/testify/require"
)

type Status int16

type Base struct {
	ID int64 `frame:"id"`
}

// allTypes has a field of every supported type and wrap.
type allTypes struct {
	Base
	B       bool
	I8      int8
	I16     int16
	I32     int32
	I64     int64
	I       int
	U8      uint8
	U16     uint16
	U32     uint32
	U64     uint64
	F32     float32
	F64     float64
	S       string `frame:"s"`
	Bin     []byte
	T       time.Time
	D       Date
	D32     arrow.Date32
	Dec     decimal128.Num `frame:"dec,decimal(18,2)"`
	St      Status
	PI      *int64
	PS      *string
	PT      *time.Time
	NF      Nullable[float64]
	SQ      sql.Null[string]
	LI      []int32
	LP      []*string
	LT      []time.Time
	Skip    string `frame:"-"`
	private int
}

func randAll(r *rand.Rand) allTypes {
	str := func() string {
		b := make([]byte, r.IntN(12))
		for i := range b {
			b[i] = byte(' ' + r.IntN(90))
		}
		return string(b) + []string{"", "é", "\"q\"", "\n", "日本"}[r.IntN(5)]
	}
	ts := func() time.Time { return time.UnixMicro(r.Int64N(4e15) - 2e15).UTC() }
	v := allTypes{
		Base: Base{ID: r.Int64()},
		B:    r.IntN(2) == 1, I8: int8(r.Int32()), I16: int16(r.Int32()), I32: r.Int32(), I64: r.Int64() - r.Int64(), I: r.Int(),
		U8: uint8(r.Uint32()), U16: uint16(r.Uint32()), U32: r.Uint32(), U64: r.Uint64N(1 << 63),
		F32: r.Float32(), F64: r.NormFloat64() * 1e6, S: str(), T: ts(),
		D: DateOf(ts()), D32: arrow.Date32(r.Int32N(40000) - 20000),
		Dec: decimal128.FromI64(r.Int64N(1e17) - 5e16), St: Status(r.IntN(100)),
	}
	if r.IntN(3) > 0 {
		v.Bin = []byte(str())
	}
	if r.IntN(2) == 0 {
		x := r.Int64()
		v.PI = &x
		s := str()
		v.PS = &s
		t := ts()
		v.PT = &t
	}
	if r.IntN(2) == 0 {
		v.NF = Some(r.Float64())
		v.SQ = sql.Null[string]{V: str(), Valid: true}
	}
	if r.IntN(4) > 0 {
		v.LI = make([]int32, r.IntN(4))
		for i := range v.LI {
			v.LI[i] = r.Int32()
		}
		v.LP = make([]*string, r.IntN(3))
		for i := range v.LP {
			if r.IntN(2) == 0 {
				s := str()
				v.LP[i] = &s
			}
		}
		v.LT = []time.Time{ts()}
	}
	return v
}

func TestSchemaOfAllTypes(t *testing.T) {
	s, err := SchemaOf[allTypes]()
	require.NoError(t, err)
	want := []struct {
		name     string
		typ      string
		nullable bool
	}{
		{"id", "int64", false}, {"B", "bool", false}, {"I8", "int8", false}, {"I16", "int16", false},
		{"I32", "int32", false}, {"I64", "int64", false}, {"I", "int64", false}, {"U8", "int16", false},
		{"U16", "int32", false}, {"U32", "int64", false}, {"U64", "int64", false}, {"F32", "float32", false},
		{"F64", "float64", false}, {"s", "utf8", false}, {"Bin", "binary", true},
		{"T", "timestamp[us, tz=UTC]", false}, {"D", "date32", false}, {"D32", "date32", false},
		{"dec", "decimal(18, 2)", false}, {"St", "int16", false}, {"PI", "int64", true}, {"PS", "utf8", true},
		{"PT", "timestamp[us, tz=UTC]", true}, {"NF", "float64", true}, {"SQ", "utf8", true},
		{"LI", "list<item: int32, nullable>", true}, {"LP", "list<item: utf8, nullable>", true},
		{"LT", "list<item: timestamp[us, tz=UTC], nullable>", true},
	}
	require.Equal(t, len(want), s.NumFields(), "%v", s)
	for i, w := range want {
		f := s.Field(i)
		require.Equal(t, w.name, f.Name)
		require.Equal(t, w.typ, f.Type.String(), f.Name)
		require.Equal(t, w.nullable, f.Nullable, f.Name)
	}
	s2, err := SchemaOf[allTypes]()
	require.NoError(t, err)
	require.Same(t, s, s2, "schema is cached")
}

func TestEncodeDecodeRoundTripRandom(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	for seed := uint64(1); seed <= 20; seed++ {
		r := rand.New(rand.NewPCG(seed, seed*7))
		in := make([]allTypes, r.IntN(300))
		for i := range in {
			in[i] = randAll(r)
		}
		recs, err := Encode(in, WithAllocator(mem), WithBatchRows(1+r.IntN(100)))
		require.NoError(t, err)
		var n int64
		for _, rec := range recs {
			n += rec.NumRows()
		}
		require.Equal(t, int64(len(in)), n)
		s, _ := SchemaOf[allTypes]()
		rdr, err := array.NewRecordReader(s, recs)
		require.NoError(t, err)
		out, err := Decode[allTypes](context.Background(), rdr)
		require.NoError(t, err)
		rdr.Release()
		releaseAll(recs)
		for i := range in {
			in[i].Skip, in[i].private = "", 0
		}
		if len(in) == 0 {
			require.Empty(t, out)
			continue
		}
		for i := range in {
			if !reflect.DeepEqual(in[i], out[i]) {
				t.Fatalf("seed %d row %d:\n in  %+v\n out %+v", seed, i, in[i], out[i])
			}
		}
	}
}
