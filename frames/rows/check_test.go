package rows

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/stretchr/testify/require"
)

func TestTagForms(t *testing.T) {
	type Inner struct {
		A int32 `frame:"a"`
	}
	type tagged struct {
		Inner
		Renamed  string         `frame:"renamed"`
		Untagged float64        //
		Skipped  int            `frame:"-"`
		Price    decimal128.Num `frame:"price,decimal(18,2)"`
		Empty    int64          `frame:",decimal(5,1)"` // name defaults, bad option for the type
		hidden   int            //nolint:unused // unexported fields are skipped: the test checks it
	}
	_, err := SchemaOf[tagged]()
	require.ErrorContains(t, err, "field Empty: tag option decimal(...) on a non-decimal field")

	type ok struct {
		Inner
		Renamed  string         `frame:"renamed"`
		Untagged float64        //
		Skipped  int            `frame:"-"`
		Price    decimal128.Num `frame:"price,decimal(18,2)"`
		Named    Inner          `frame:"-"`
		hidden   int            //nolint:unused // unexported fields are skipped: the test checks it
	}
	s, err := SchemaOf[ok]()
	require.NoError(t, err)
	require.Equal(t, []string{"a", "renamed", "Untagged", "price"}, fieldNames(s))
	require.Equal(t, "decimal(18, 2)", s.Field(3).Type.String())
}

func TestSchemaErrors(t *testing.T) {
	cases := map[string]func() error{
		"not a struct":        func() error { _, err := SchemaOf[int](); return err },
		"map field":           func() error { _, err := SchemaOf[struct{ M map[string]int }](); return err },
		"nested struct":       func() error { _, err := SchemaOf[struct{ S struct{ X int } }](); return err },
		"nested list":         func() error { _, err := SchemaOf[struct{ L [][]int }](); return err },
		"decimal without tag": func() error { _, err := SchemaOf[struct{ D decimal128.Num }](); return err },
		"bad decimal": func() error {
			_, err := SchemaOf[struct {
				D decimal128.Num `frame:",decimal(40,2)"`
			}]()
			return err
		},
		"unknown option": func() error {
			_, err := SchemaOf[struct {
				D int `frame:",fancy"`
			}]()
			return err
		},
		"duplicate column": func() error {
			_, err := SchemaOf[struct {
				A, B int `frame:"x"`
			}]()
			return err
		},
		"no fields":              func() error { _, err := SchemaOf[struct{ a int }](); return err },
		"list of binary":         func() error { _, err := SchemaOf[struct{ L [][]byte }](); return err },
		"interface field (any)":  func() error { _, err := SchemaOf[struct{ A any }](); return err },
		"channel field rejected": func() error { _, err := SchemaOf[struct{ C chan int }](); return err },
	}
	want := map[string]string{
		"not a struct":           "int is not a struct type",
		"map field":              "field M: type map[string]int is not supported",
		"nested struct":          "field S: type struct { X int } is not supported",
		"nested list":            "field L: nested lists ([]int) are not supported",
		"decimal without tag":    "field D: decimal128.Num needs a tag option decimal(precision,scale)",
		"bad decimal":            "want 1 <= precision <= 38",
		"unknown option":         `unknown tag option "fancy"`,
		"duplicate column":       `fields A and B both map to column "x"`,
		"no fields":              "has no exported fields",
		"list of binary":         "lists of []byte are not supported",
		"interface field (any)":  "type interface {} is not supported",
		"channel field rejected": "type chan int is not supported",
	}
	for name, f := range cases {
		err := f()
		require.Error(t, err, name)
		require.Contains(t, err.Error(), want[name], name)
		require.Contains(t, err.Error(), "frames/rows: ", name)
	}
}

func TestCheckMismatches(t *testing.T) {
	type target struct {
		ID    int64     `frame:"id"`
		Name  string    `frame:"name"`
		Score *float64  `frame:"score"`
		At    time.Time `frame:"at"`
		Tags  []string  `frame:"tags"`
	}
	f := func(name string, typ arrow.DataType, nullable bool) arrow.Field {
		return arrow.Field{Name: name, Type: typ, Nullable: nullable}
	}
	good := []arrow.Field{
		f("id", arrow.PrimitiveTypes.Int32, false), // narrower int widens
		f("name", arrow.BinaryTypes.String, false),
		f("score", arrow.PrimitiveTypes.Float32, true), // float32 into *float64
		f("at", &arrow.TimestampType{Unit: arrow.Nanosecond}, false),
		f("tags", arrow.ListOf(arrow.BinaryTypes.String), true),
	}
	require.NoError(t, Check[target](arrow.NewSchema(good, nil)))

	bad := arrow.NewSchema([]arrow.Field{
		f("id", arrow.PrimitiveTypes.Float64, false),
		f("name", arrow.BinaryTypes.String, true),
		f("at", arrow.BinaryTypes.String, false),
		f("tags", arrow.ListOf(arrow.PrimitiveTypes.Int64), true),
		f("extra", arrow.PrimitiveTypes.Int64, false),
	}, nil)
	err := Check[target](bad)
	require.ErrorIs(t, err, ErrSchemaMismatch)
	msg := err.Error()
	for _, part := range []string{
		`column "id" is float64 but field ID (int64) needs int64`,
		`column "name" is nullable but field Name (string) is not: use *string or rows.Nullable[string]`,
		`column "at" is utf8 but field At (time.Time) needs timestamp[us, tz=UTC]`,
		`column "tags" is list<item: int64, nullable> but field Tags ([]string) needs list<item: utf8, nullable>`,
		`column "extra" (int64) has no field in rows.target`,
		`field Score wants column "score", which the schema lacks`,
	} {
		require.Contains(t, msg, part)
	}

	// Decode checks before reading anything.
	r := &countingReader{schema: bad}
	_, err = Decode[target](context.Background(), r)
	require.ErrorIs(t, err, ErrSchemaMismatch)
	require.Equal(t, 0, r.nexts, "Decode read nothing")
}

type countingReader struct {
	array.RecordReader
	schema *arrow.Schema
	nexts  int
}

func (c *countingReader) Schema() *arrow.Schema { return c.schema }
func (c *countingReader) Next() bool            { c.nexts++; return false }
func (c *countingReader) Err() error            { return nil }

func TestEncodeErrors(t *testing.T) {
	mem := checked(t)
	type u struct{ U uint64 }
	_, err := Encode([]u{{1}, {math.MaxUint64}}, WithAllocator(mem))
	require.ErrorContains(t, err, "row 1 field U: value 18446744073709551615 overflows int64")

	type d struct {
		D decimal128.Num `frame:",decimal(3,1)"`
	}
	_, err = Encode([]d{{decimal128.FromI64(999)}, {decimal128.FromI64(1000)}}, WithAllocator(mem), WithBatchRows(1))
	require.ErrorContains(t, err, "row 1 field D: value 100.0 does not fit decimal(3, 1)")

	recs, err := Encode([]d(nil))
	require.NoError(t, err)
	require.Empty(t, recs)
}

func TestDecodeRangeAndNullErrors(t *testing.T) {
	mem := checked(t)
	type wide struct{ V int64 }
	type narrow struct{ V uint8 }
	type list struct{ L []int64 }
	type plist struct{ L []*int64 }

	recs, err := Encode([]wide{{-1}}, WithAllocator(mem))
	require.NoError(t, err)
	defer releaseAll(recs)
	// uint8 maps to int16; an int64 column does not fit it.
	require.ErrorIs(t, Check[narrow](recs[0].Schema()), ErrSchemaMismatch)

	type n16 struct{ V uint8 }
	b := array.NewInt16Builder(mem)
	b.AppendValues([]int16{3, 300, -1}, nil)
	col := b.NewArray()
	b.Release()
	rec := array.NewRecordBatch(arrow.NewSchema([]arrow.Field{{Name: "V", Type: arrow.PrimitiveTypes.Int16}}, nil), []arrow.Array{col}, 3)
	col.Release()
	defer rec.Release()
	_, err = DecodeBatch[n16](rec)
	require.ErrorContains(t, err, "value 300 of column \"V\" overflows field V (uint8)")

	pl, err := Encode([]plist{{[]*int64{ptr(int64(1)), nil}}}, WithAllocator(mem))
	require.NoError(t, err)
	defer releaseAll(pl)
	got, err := DecodeBatch[plist](pl[0])
	require.NoError(t, err)
	require.Equal(t, int64(1), *got[0].L[0])
	require.Nil(t, got[0].L[1])
	_, err = DecodeBatch[list](pl[0])
	require.ErrorContains(t, err, "NULL list element in column \"L\" for field L ([]int64): use a slice of pointers")
}

func TestDecodeStringsDoNotAliasArrowMemory(t *testing.T) {
	mem := checked(t)
	type s struct {
		S string
		B []byte
	}
	recs, err := Encode([]s{{"hello", []byte("bytes")}, {"", nil}}, WithAllocator(mem))
	require.NoError(t, err)
	out, err := DecodeBatch[s](recs[0])
	require.NoError(t, err)
	releaseAll(recs) // memory returned (and poisoned by the checked allocator's Go allocator reuse)
	require.Equal(t, []s{{"hello", []byte("bytes")}, {"", nil}}, out)
}

// TestDecodeErrorNamesTheStreamRow: a decode error in a later batch says
// where that batch starts in the stream, since row numbers inside it count
// from the batch's first row. The column claims to be non-nullable but
// holds a NULL (malformed input that Check cannot see).
func TestDecodeErrorNamesTheStreamRow(t *testing.T) {
	type row struct {
		A int64 `frame:"a"`
	}
	sc := arrow.NewSchema([]arrow.Field{{Name: "a", Type: arrow.PrimitiveTypes.Int64}}, nil)
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	b := array.NewInt64Builder(mem)
	b.AppendValues([]int64{1, 2, 3}, nil)
	good := b.NewArray()
	defer good.Release()
	b.AppendValues([]int64{4, 5}, []bool{true, false})
	bad := b.NewArray()
	defer bad.Release()
	b.Release()
	r1 := array.NewRecordBatch(sc, []arrow.Array{good}, 3)
	defer r1.Release()
	r2 := array.NewRecordBatch(sc, []arrow.Array{bad}, 2)
	defer r2.Release()
	rdr, err := array.NewRecordReader(sc, []arrow.RecordBatch{r1, r2})
	require.NoError(t, err)
	defer rdr.Release()
	_, err = Decode[row](context.Background(), rdr)
	require.ErrorContains(t, err, `row 1: NULL in column "a"`)
	require.ErrorContains(t, err, "in the batch starting at row 3 of the stream")
}
