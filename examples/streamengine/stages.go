package streamengine

import (
	"context"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/compute"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/arrow/scalar"

	"github.com/sealane/sealane/frames/engine"
	"github.com/sealane/sealane/frames/plan"
)

// stage transforms one batch. push takes ownership of nothing: it returns
// a new batch (or nil for none yet) that the caller releases. flush is
// called once after the last batch, for stages that hold rows back.
type stage interface {
	push(ctx context.Context, mem memory.Allocator, rec arrow.RecordBatch) (out arrow.RecordBatch, done bool, err error)
	flush(ctx context.Context, mem memory.Allocator) (arrow.RecordBatch, error)
}

// projectStage computes a select/drop/rename: each output column is an
// input column or a literal.
type projectStage struct{ node *plan.Project }

func (p *projectStage) push(ctx context.Context, mem memory.Allocator, rec arrow.RecordBatch) (arrow.RecordBatch, bool, error) {
	cols := make([]arrow.Array, 0, len(p.node.Exprs))
	defer func() {
		for _, c := range cols {
			c.Release()
		}
	}()
	ctx = compute.WithAllocator(ctx, mem)
	for i, ne := range p.node.Exprs {
		want := p.node.Out.Field(i).Type
		d, err := eval(ctx, ne.Expr, rec, want)
		if err != nil {
			return nil, false, err
		}
		col, err := asArray(d, rec.NumRows(), mem)
		d.Release()
		if err != nil {
			return nil, false, err
		}
		cols = append(cols, col)
		if !arrow.TypeEqual(col.DataType(), want) {
			cast, err := compute.CastArray(ctx, col, compute.SafeCastOptions(want))
			if err != nil {
				return nil, false, engine.Unsupported(Name, "expression", fmt.Sprintf("column %q is %s, the plan wants %s", ne.Name, col.DataType(), want))
			}
			col.Release()
			cols[len(cols)-1] = cast
		}
	}
	return array.NewRecordBatch(p.node.Out, cols, rec.NumRows()), false, nil
}

func (p *projectStage) flush(context.Context, memory.Allocator) (arrow.RecordBatch, error) {
	return nil, nil
}

// filterStage keeps the rows where the predicate is true (NULL is false).
type filterStage struct{ pred plan.Expr }

func (f *filterStage) push(ctx context.Context, mem memory.Allocator, rec arrow.RecordBatch) (arrow.RecordBatch, bool, error) {
	ctx = compute.WithAllocator(ctx, mem)
	mask, err := eval(ctx, f.pred, rec, arrow.FixedWidthTypes.Boolean)
	if err != nil {
		return nil, false, err
	}
	defer mask.Release()
	arr, err := asArray(mask, rec.NumRows(), mem)
	if err != nil {
		return nil, false, err
	}
	defer arr.Release()
	out, err := compute.FilterRecordBatch(ctx, rec, arr, compute.DefaultFilterOptions())
	if err != nil {
		return nil, false, fmt.Errorf("%s: filter: %w", Name, err)
	}
	return out, false, nil
}

func (f *filterStage) flush(context.Context, memory.Allocator) (arrow.RecordBatch, error) {
	return nil, nil
}

// compareNames are the arrow-go compute kernels with SQL semantics for the
// declared functions (NULL in, NULL out; Kleene logic for AND/OR).
var compareNames = map[plan.Func]string{
	plan.FnEq: "equal", plan.FnNe: "not_equal",
	plan.FnLt: "less", plan.FnLe: "less_equal", plan.FnGt: "greater", plan.FnGe: "greater_equal",
	plan.FnAnd: "and_kleene", plan.FnOr: "or_kleene",
}

// eval evaluates an expression over rec; want is the type the plan gives
// it (CASE branches are cast to it).
func eval(ctx context.Context, e plan.Expr, rec arrow.RecordBatch, want arrow.DataType) (compute.Datum, error) {
	switch x := plan.Deref(e).(type) {
	case plan.ColumnRef:
		idx := rec.Schema().FieldIndices(x.Name)
		if len(idx) != 1 {
			return nil, fmt.Errorf("%s: no single column %q", Name, x.Name)
		}
		return compute.NewDatum(rec.Column(idx[0])), nil
	case plan.Literal:
		sc, err := literalScalar(x)
		if err != nil {
			return nil, err
		}
		return compute.NewDatum(sc), nil
	case plan.Call:
		return call(ctx, x, rec)
	case plan.Case:
		return caseWhen(ctx, x, rec, want)
	}
	return nil, engine.Unsupported(Name, "expression", fmt.Sprintf("%T", e))
}

// call applies a declared function with its compute kernel.
func call(ctx context.Context, c plan.Call, rec arrow.RecordBatch) (compute.Datum, error) {
	args := make([]compute.Datum, 0, len(c.Args)+1)
	defer func() {
		for _, a := range args {
			a.Release()
		}
	}()
	for _, a := range c.Args {
		d, err := eval(ctx, a, rec, nil)
		if err != nil {
			return nil, err
		}
		args = append(args, d)
	}
	if c.Fn == plan.FnIsNull || c.Fn == plan.FnIsNotNull {
		return nullTest(args[0], rec.NumRows(), c.Fn == plan.FnIsNull, compute.GetAllocator(ctx))
	}
	name, ok := compareNames[c.Fn]
	if c.Fn == plan.FnNot {
		// NOT x is x <> TRUE under SQL's rules: NULL stays NULL.
		name, ok = "not_equal", true
		args = append(args, compute.NewDatum(scalar.NewBooleanScalar(true)))
	}
	if !ok {
		return nil, engine.Unsupported(Name, "func "+string(c.Fn), "")
	}
	out, err := compute.CallFunction(ctx, name, nil, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %s: %w", Name, c.Fn, err)
	}
	return out, nil
}

// nullTest is IS NULL (or IS NOT NULL) read from the validity bitmap.
// arrow-go v18.8.0's is_not_null kernel ignores a sliced array's offset
// (TestIsNotNullOfASlicedArray), and batches here are often slices.
func nullTest(d compute.Datum, n int64, isNull bool, mem memory.Allocator) (compute.Datum, error) {
	arr, err := asArray(d, n, mem)
	if err != nil {
		return nil, err
	}
	defer arr.Release()
	b := array.NewBooleanBuilder(mem)
	defer b.Release()
	b.Reserve(arr.Len())
	for i := range arr.Len() {
		b.UnsafeAppend(arr.IsNull(i) == isNull)
	}
	out := b.NewArray()
	defer out.Release()
	return compute.NewDatum(out), nil
}

// caseWhen evaluates every branch over the batch, then gathers each row
// from the THEN of its first true WHEN (NULL counts as false), else from
// ELSE, else NULL: the branches, cast to want, are stacked into one array
// and gathered with one Take.
func caseWhen(ctx context.Context, c plan.Case, rec arrow.RecordBatch, want arrow.DataType) (compute.Datum, error) {
	n := rec.NumRows()
	mem := compute.GetAllocator(ctx)
	var whens []*array.Boolean
	var values []arrow.Array
	defer func() {
		for _, w := range whens {
			w.Release()
		}
		for _, v := range values {
			v.Release()
		}
	}()
	branch := func(x plan.Expr) error {
		d, err := eval(ctx, x, rec, want)
		if err != nil {
			return err
		}
		defer d.Release()
		arr, err := asArray(d, n, mem)
		if err != nil {
			return err
		}
		if want == nil {
			want = arr.DataType()
		}
		if !arrow.TypeEqual(arr.DataType(), want) {
			cast, err := compute.CastArray(ctx, arr, compute.SafeCastOptions(want))
			arr.Release()
			if err != nil {
				return fmt.Errorf("%s: case: %w", Name, err)
			}
			arr = cast
		}
		values = append(values, arr)
		return nil
	}
	for _, wt := range c.Whens {
		d, err := eval(ctx, wt.When, rec, arrow.FixedWidthTypes.Boolean)
		if err != nil {
			return nil, err
		}
		w, err := asArray(d, n, mem)
		d.Release()
		if err != nil {
			return nil, err
		}
		b, ok := w.(*array.Boolean)
		if !ok {
			w.Release()
			return nil, fmt.Errorf("%s: case: WHEN is %s, not boolean", Name, w.DataType())
		}
		whens = append(whens, b)
		if err := branch(wt.Then); err != nil {
			return nil, err
		}
	}
	if c.Else != nil {
		if err := branch(c.Else); err != nil {
			return nil, err
		}
	} else {
		values = append(values, array.MakeArrayOfNull(mem, want, int(n)))
	}
	stacked, err := array.Concatenate(values, mem)
	if err != nil {
		return nil, fmt.Errorf("%s: case: %w", Name, err)
	}
	defer stacked.Release()
	ib := array.NewInt64Builder(mem)
	defer ib.Release()
	for row := range n {
		k := int64(len(whens)) // ELSE, or the NULLs
		for i, w := range whens {
			if w.IsValid(int(row)) && w.Value(int(row)) {
				k = int64(i)
				break
			}
		}
		ib.Append(k*n + row)
	}
	idx := ib.NewArray()
	defer idx.Release()
	out, err := compute.TakeArray(ctx, stacked, idx)
	if err != nil {
		return nil, fmt.Errorf("%s: case: %w", Name, err)
	}
	defer out.Release()
	return compute.NewDatum(out), nil
}

// asArray turns a predicate's result into a boolean array of n rows (a
// constant predicate is a scalar).
func asArray(d compute.Datum, n int64, mem memory.Allocator) (arrow.Array, error) {
	switch d := d.(type) {
	case *compute.ArrayDatum:
		return d.MakeArray(), nil
	case *compute.ScalarDatum:
		return scalar.MakeArrayFromScalar(d.Value, int(n), mem)
	}
	return nil, fmt.Errorf("%s: predicate gave %s", Name, d.Kind())
}

// literalScalar is a plan literal as an Arrow scalar of the literal's type.
func literalScalar(l plan.Literal) (scalar.Scalar, error) {
	if l.Value == nil {
		return scalar.MakeNullScalar(l.Type), nil
	}
	sc := scalar.MakeScalar(l.Value)
	if sc == nil || sc.DataType() == nil {
		return nil, engine.Unsupported(Name, "literal", fmt.Sprintf("%T", l.Value))
	}
	if arrow.TypeEqual(sc.DataType(), l.Type) {
		return sc, nil
	}
	cast, err := sc.CastTo(l.Type)
	if err != nil {
		return nil, engine.Unsupported(Name, "literal", fmt.Sprintf("%T as %s: %v", l.Value, l.Type, err))
	}
	return cast, nil
}

// sliceStage passes rows [skip, skip+left) of the stream. A negative
// offset (the last rows) cannot be known before the end: it keeps the
// last -offset rows (bounded by the offset) and emits them at flush.
type sliceStage struct {
	skip, left int64 // left < 0: no limit
	tail       []arrow.RecordBatch
	tailRows   int64
}

func (s *sliceStage) push(_ context.Context, _ memory.Allocator, rec arrow.RecordBatch) (arrow.RecordBatch, bool, error) {
	if s.skip < 0 {
		rec.Retain()
		s.tail = append(s.tail, rec)
		s.tailRows += rec.NumRows()
		for len(s.tail) > 1 && s.tailRows-s.tail[0].NumRows() >= -s.skip {
			s.tailRows -= s.tail[0].NumRows()
			s.tail[0].Release()
			s.tail = s.tail[1:]
		}
		return nil, false, nil
	}
	return s.take(rec)
}

// take applies skip and left to one batch of a forward slice.
func (s *sliceStage) take(rec arrow.RecordBatch) (arrow.RecordBatch, bool, error) {
	n := rec.NumRows()
	if s.skip >= n {
		s.skip -= n
		return nil, false, nil
	}
	from := s.skip
	s.skip = 0
	to := n
	if s.left >= 0 && from+s.left < to {
		to = from + s.left
	}
	if s.left >= 0 {
		s.left -= to - from
	}
	return rec.NewSlice(from, to), s.left == 0, nil
}

func (s *sliceStage) flush(_ context.Context, mem memory.Allocator) (arrow.RecordBatch, error) {
	if s.skip >= 0 || len(s.tail) == 0 {
		return nil, nil
	}
	defer func() {
		for _, r := range s.tail {
			r.Release()
		}
		s.tail = nil
	}()
	whole, err := concatBatches(mem, s.tail)
	if err != nil {
		return nil, err
	}
	defer whole.Release()
	start := whole.NumRows() + s.skip // skip is -(rows wanted from the end)
	if start < 0 {
		start = 0
	}
	s.skip = start
	out, _, err := s.take(whole)
	return out, err
}

// concatBatches stacks batches of one schema into one.
func concatBatches(mem memory.Allocator, recs []arrow.RecordBatch) (arrow.RecordBatch, error) {
	schema := recs[0].Schema()
	cols := make([]arrow.Array, schema.NumFields())
	defer func() {
		for _, c := range cols {
			if c != nil {
				c.Release()
			}
		}
	}()
	var rows int64
	for _, r := range recs {
		rows += r.NumRows()
	}
	for i := range cols {
		parts := make([]arrow.Array, len(recs))
		for j, r := range recs {
			parts[j] = r.Column(i)
		}
		c, err := array.Concatenate(parts, mem)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", Name, err)
		}
		cols[i] = c
	}
	return array.NewRecordBatch(schema, cols, rows), nil
}
