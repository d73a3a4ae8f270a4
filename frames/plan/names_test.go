package plan

import (
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
)

// TestNamesWithNUL: a NUL byte cannot cross into SQL text, so a column
// name holding one fails when the plan is built, naming the operation.
func TestNamesWithNUL(t *testing.T) {
	bad := "a\x00b"
	_, err := NewSource(&Source{Kind: SourceTable, Table: "t", Out: arrow.NewSchema([]arrow.Field{fld(bad, i64T, false)}, nil)})
	wantErr(t, err, ErrInvalid, `source: column name "a\x00b" contains a NUL byte`)
	s := src(t, fld("k", strT, false), fld("v", i64T, true))
	_, err = NewProject(s, OpSelect, []NamedExpr{{Name: bad, Expr: ColumnRef{Name: "v"}}})
	wantErr(t, err, ErrInvalid, `select: column name "a\x00b"`)
	_, err = NewAggregate(s, []NamedExpr{{Name: "k", Expr: ColumnRef{Name: "k"}}}, []NamedExpr{{Name: bad, Expr: Agg{Fn: AggSum, Input: ColumnRef{Name: "v"}}}})
	wantErr(t, err, ErrInvalid, `group_by: column name "a\x00b"`)
	_, err = NewPivot(s, nil, "k", []Literal{{Value: bad, Type: strT}}, "v", AggSum)
	wantErr(t, err, ErrInvalid, `pivot: column name "a\x00b"`)
	_, err = NewMelt(s, []string{"k"}, nil, bad, "")
	wantErr(t, err, ErrInvalid, `melt: column name "a\x00b"`)
}

// TestPivotEmptyName: a pivot value of "" would name a column "".
func TestPivotEmptyName(t *testing.T) {
	s := src(t, fld("k", strT, false), fld("v", i64T, true))
	_, err := NewPivot(s, nil, "k", []Literal{{Value: "", Type: strT}}, "v", AggSum)
	wantErr(t, err, ErrInvalid, `pivot: value "" gives an empty column name`)
}
