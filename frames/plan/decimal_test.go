package plan

import (
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
)

// TestUntypedIntWidensDecimal: an untyped integer literal too wide for a
// decimal operand widens the decimal (as Spark types 1000 decimal(4,0))
// instead of failing; one that fits keeps the operand's type.
func TestUntypedIntWidensDecimal(t *testing.T) {
	in := testSchema() // d is decimal(10,2)
	dec := func(p, s int32) arrow.DataType { return &arrow.Decimal128Type{Precision: p, Scale: s} }
	for _, tc := range []struct {
		name string
		e    Expr
		lit  arrow.DataType // the literal's type after resolution
		want arrow.DataType
	}{
		{"fits", fn(FnGt, c("d"), ulit(int64(99_999_999))), dec(10, 2), arrow.FixedWidthTypes.Boolean},
		{"compare wide", fn(FnGt, c("d"), ulit(int64(1_000_000_000))), dec(12, 2), arrow.FixedWidthTypes.Boolean},
		{"compare negative", fn(FnLt, c("d"), ulit(int64(-10_000_000_000))), dec(13, 2), arrow.FixedWidthTypes.Boolean},
		{"add wide", fn(FnAdd, c("d"), ulit(int64(1_000_000_000))), dec(12, 2), dec(13, 2)},
		{"in list", fn(FnIn, c("d"), ulit(int64(1)), ulit(int64(123_456_789_012))), dec(14, 2), arrow.FixedWidthTypes.Boolean},
	} {
		e, got, _, err := ResolveExpr(tc.e, in)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if !arrow.TypeEqual(got, tc.want) {
			t.Errorf("%s: type %s, want %s", tc.name, TypeName(got), TypeName(tc.want))
		}
		args := e.(Call).Args
		l := args[len(args)-1].(Literal)
		if !arrow.TypeEqual(l.Type, tc.lit) {
			t.Errorf("%s: literal type %s, want %s", tc.name, TypeName(l.Type), TypeName(tc.lit))
		}
	}
	e, _, _, err := ResolveExpr(fn(FnGt, c("d"), ulit(int64(1000))), in)
	if err != nil {
		t.Fatal(err)
	}
	if l := e.(Call).Args[1].(Literal); l.Value.(decimal128.Num) != decimal128.FromI64(100_000) {
		t.Fatalf("literal 1000 as decimal(10,2) = %v, want unscaled 100000", l.Value)
	}
	// The widest int64 needs 19 digits: decimal(21,2) still fits 38.
	if _, _, err := Resolve(fn(FnEq, c("d"), ulit(int64(-9223372036854775808))), in); err != nil {
		t.Fatal(err)
	}
}

// TestDecimalProductScale: a product needing more than 38 digits of scale
// fails at build time (the native engine refuses it at run time).
func TestDecimalProductScale(t *testing.T) {
	in := arrow.NewSchema([]arrow.Field{
		{Name: "p", Type: &arrow.Decimal128Type{Precision: 38, Scale: 20}},
		{Name: "q", Type: &arrow.Decimal128Type{Precision: 30, Scale: 18}},
	}, nil)
	_, _, err := Resolve(fn(FnMul, c("p"), c("p")), in)
	wantErr(t, err, ErrType, `cannot multiply decimal(38,20) "p" and decimal(38,20) "p" exactly: the product needs scale 40`)
}
