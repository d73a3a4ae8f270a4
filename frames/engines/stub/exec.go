package stub

import (
	"context"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/compute"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/sealane/sealane/frames/plan"
)

// executor runs one plan. Every node is evaluated to a single record batch
// whose schema is the node's schema; inputs are released as soon as the
// node that reads them is done.
type executor struct {
	ctx context.Context // carries the allocator for compute kernels
	mem memory.Allocator
}

// run evaluates n and returns its rows (the caller releases them).
func (x *executor) run(n plan.Node) (arrow.RecordBatch, error) {
	if err := x.ctx.Err(); err != nil {
		return nil, fmt.Errorf("frames/stub: %w", err)
	}
	switch n := n.(type) {
	case *plan.Source:
		return x.source(n)
	case *plan.Concat:
		return x.concat(n)
	case *plan.Join:
		return x.join(n)
	}
	// The remaining nodes have one input.
	if len(n.Inputs()) != 1 {
		return nil, unsupported("op "+string(n.Op()), "")
	}
	in, err := x.run(n.Inputs()[0])
	if err != nil {
		return nil, err
	}
	defer in.Release()
	switch n := n.(type) {
	case *plan.Project:
		return x.project(n, in)
	case *plan.Filter:
		return x.filter(n, in)
	case *plan.Slice:
		return x.slice(n, in)
	case *plan.Sort:
		return x.sort(n, in)
	case *plan.DropNulls:
		return x.dropNulls(n, in)
	case *plan.Distinct:
		return x.distinct(n, in)
	}
	return nil, unsupported("op "+string(n.Op()), "")
}

// source concatenates a record source's batches into one.
func (x *executor) source(s *plan.Source) (arrow.RecordBatch, error) {
	if s.Kind != plan.SourceRecords {
		return nil, unsupported("op "+string(s.Op()), "only in-memory record sources")
	}
	return x.stack(s.Out, s.Records)
}

// concat stacks its inputs vertically.
func (x *executor) concat(c *plan.Concat) (arrow.RecordBatch, error) {
	if c.How != plan.ConcatVertical {
		return nil, unsupported("op "+string(c.Op()), "")
	}
	var parts []arrow.RecordBatch
	defer func() {
		for _, p := range parts {
			p.Release()
		}
	}()
	for _, item := range c.Items {
		p, err := x.run(item)
		if err != nil {
			return nil, err
		}
		parts = append(parts, p)
	}
	return x.stack(c.Out, parts)
}

// stack concatenates batches column by column into one batch of schema.
func (x *executor) stack(schema *arrow.Schema, recs []arrow.RecordBatch) (arrow.RecordBatch, error) {
	cols := make([]arrow.Array, schema.NumFields())
	defer releaseAll(cols)
	var rows int64
	for _, r := range recs {
		if int(r.NumCols()) != len(cols) {
			return nil, fmt.Errorf("frames/stub: batch has %d columns, schema %d", r.NumCols(), len(cols))
		}
		rows += r.NumRows()
	}
	for i, f := range schema.Fields() {
		parts := make([]arrow.Array, 0, len(recs))
		for _, r := range recs {
			parts = append(parts, r.Column(i))
		}
		if len(parts) == 0 {
			cols[i] = array.MakeArrayOfNull(x.mem, f.Type, 0)
			continue
		}
		col, err := array.Concatenate(parts, x.mem)
		if err != nil {
			return nil, fmt.Errorf("frames/stub: column %q: %w", f.Name, err)
		}
		cols[i] = col
	}
	return array.NewRecordBatch(schema, cols, rows), nil
}

// project evaluates one expression per output column and casts it to the
// column's declared type.
func (x *executor) project(p *plan.Project, in arrow.RecordBatch) (arrow.RecordBatch, error) {
	cols := make([]arrow.Array, len(p.Exprs))
	defer releaseAll(cols)
	for i, ne := range p.Exprs {
		col, err := x.eval(ne.Expr, in)
		if err == nil {
			col, err = x.castTo(col, p.Out.Field(i).Type)
		}
		if err != nil {
			return nil, fmt.Errorf("frames/stub: column %q: %w", ne.Name, err)
		}
		cols[i] = col
	}
	return array.NewRecordBatch(p.Out, cols, in.NumRows()), nil
}

// filter keeps the rows whose predicate is true; NULL counts as false.
func (x *executor) filter(f *plan.Filter, in arrow.RecordBatch) (arrow.RecordBatch, error) {
	mask, err := x.eval(f.Pred, in)
	if err != nil {
		return nil, err
	}
	defer mask.Release()
	if mask.DataType().ID() != arrow.BOOL {
		if mask.DataType().ID() != arrow.NULL {
			return nil, fmt.Errorf("frames/stub: filter predicate is %s, not bool", mask.DataType())
		}
		return x.emptyLike(in), nil // a NULL predicate keeps nothing
	}
	return compute.FilterRecordBatch(x.ctx, in, mask, compute.DefaultFilterOptions())
}

// slice keeps Length rows from Offset (negative: from the end).
func (x *executor) slice(s *plan.Slice, in arrow.RecordBatch) (arrow.RecordBatch, error) {
	n := in.NumRows()
	start := s.Offset
	if start < 0 {
		start = max(n+start, 0)
	}
	start = min(start, n)
	end := n
	if s.Length >= 0 {
		end = min(start+s.Length, n)
	}
	return in.NewSlice(start, end), nil
}

// dropNulls removes the rows with a NULL in any subset column.
func (x *executor) dropNulls(d *plan.DropNulls, in arrow.RecordBatch) (arrow.RecordBatch, error) {
	cols, err := columnsByName(in, d.Subset)
	if err != nil {
		return nil, err
	}
	keep := make([]bool, in.NumRows())
	for i := range keep {
		keep[i] = true
		for _, c := range cols {
			if c.IsNull(i) {
				keep[i] = false
				break
			}
		}
	}
	return x.filterRows(in, keep)
}

// filterRows keeps the rows where keep is true.
func (x *executor) filterRows(in arrow.RecordBatch, keep []bool) (arrow.RecordBatch, error) {
	b := array.NewBooleanBuilder(x.mem)
	defer b.Release()
	b.AppendValues(keep, nil)
	mask := b.NewArray()
	defer mask.Release()
	return compute.FilterRecordBatch(x.ctx, in, mask, compute.DefaultFilterOptions())
}

// takeRows gathers rows by index into a batch of schema; a negative index
// gives a row of NULLs.
func (x *executor) takeRows(schema *arrow.Schema, in arrow.RecordBatch, idx []int64) (arrow.RecordBatch, error) {
	cols, err := x.takeColumns(in.Columns(), idx)
	defer releaseAll(cols)
	if err != nil {
		return nil, err
	}
	return array.NewRecordBatch(schema, cols, int64(len(idx))), nil
}

// indexArray builds an int64 index array; negative indices become NULL.
func (x *executor) indexArray(idx []int64) arrow.Array {
	b := array.NewInt64Builder(x.mem)
	defer b.Release()
	b.Reserve(len(idx))
	for _, i := range idx {
		if i < 0 {
			b.AppendNull()
		} else {
			b.UnsafeAppend(i)
		}
	}
	return b.NewArray()
}

func (x *executor) emptyLike(in arrow.RecordBatch) arrow.RecordBatch {
	return in.NewSlice(0, 0)
}

// columnsByName returns the named columns (all when names is empty).
func columnsByName(rec arrow.RecordBatch, names []string) ([]arrow.Array, error) {
	if len(names) == 0 {
		return rec.Columns(), nil
	}
	out := make([]arrow.Array, len(names))
	for i, name := range names {
		idx := rec.Schema().FieldIndices(name)
		if len(idx) != 1 {
			return nil, fmt.Errorf("frames/stub: no single column %q", name)
		}
		out[i] = rec.Column(idx[0])
	}
	return out, nil
}

func releaseAll(arrs []arrow.Array) {
	for _, a := range arrs {
		if a != nil {
			a.Release()
		}
	}
}
