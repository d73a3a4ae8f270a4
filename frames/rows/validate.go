package rows

import (
	"context"
	"errors"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/compute"
	"github.com/apache/arrow-go/v18/arrow/compute/exec"
)

// Validate checks records against target (typically SchemaOf[T]()) and
// returns batches whose schema is exactly target, columns in target's order.
//
// Strict by default: a column target lacks, a missing non-nullable column,
// a NULL in a non-nullable column and a column of another type are errors;
// a missing nullable column is filled with NULLs. Columns that already fit
// are passed through without copying, and NULLs are found from null
// counts, so valid data costs no per-row work. WithCoerce converts column
// types (see WithCoerce); WithDropInvalid drops rows with per-row problems.
//
// On failure the error wraps ErrValidation and is a *ValidationError with
// the Report, which is also returned. The input is not released; the
// caller releases the returned batches.
func Validate(target *arrow.Schema, records []arrow.RecordBatch, opts ...Option) ([]arrow.RecordBatch, *Report, error) {
	v := newValidator(context.Background(), target, opts)
	for _, rec := range records {
		if stop := v.batch(rec); stop {
			break
		}
	}
	return v.finish(nil)
}

// ValidateReader is Validate over a stream; it reads r to its end (or to
// the first column-level problem) and stops when ctx ends. It does not
// release r.
func ValidateReader(ctx context.Context, target *arrow.Schema, r array.RecordReader, opts ...Option) ([]arrow.RecordBatch, *Report, error) {
	v := newValidator(ctx, target, opts)
	for r.Next() {
		if err := ctx.Err(); err != nil {
			return v.finish(fmt.Errorf("frames/rows: validate: %w", err))
		}
		if stop := v.batch(r.RecordBatch()); stop {
			break
		}
	}
	if err := r.Err(); err != nil {
		return v.finish(fmt.Errorf("frames/rows: validate: reading: %w", err))
	}
	return v.finish(nil)
}

type validator struct {
	ctx    context.Context
	target *arrow.Schema
	cfg    config
	rep    *Report
	row    int64
	out    []arrow.RecordBatch
	failed bool  // per-row or column-level problems (fail mode)
	err    error // internal failure
}

func newValidator(ctx context.Context, target *arrow.Schema, opts []Option) *validator {
	cfg := newConfig(opts)
	return &validator{ctx: exec.WithAllocator(ctx, cfg.mem), target: target, cfg: cfg, rep: newReport(cfg.maxErrors)}
}

func (v *validator) finish(err error) ([]arrow.RecordBatch, *Report, error) {
	if err == nil {
		err = v.err
	}
	if err == nil && v.failed {
		err = &ValidationError{Report: v.rep}
	}
	if err != nil {
		releaseAll(v.out)
		v.out = nil
		return nil, v.rep, err
	}
	return v.out, v.rep, nil
}

// batch validates one batch; it reports whether to stop.
func (v *validator) batch(rec arrow.RecordBatch) (stop bool) {
	n := rec.NumRows()
	base := v.row
	v.row += n
	v.rep.Rows += n
	src := rec.Schema()
	colFail := false
	byName := make(map[string]int, src.NumFields())
	for i, f := range src.Fields() {
		if _, dup := byName[f.Name]; dup {
			v.rep.add(RowError{Row: -1, Column: f.Name, Kind: ErrUnknownColumn, Reason: "duplicate column name"})
			colFail = true
		}
		byName[f.Name] = i
		if !v.target.HasField(f.Name) {
			v.rep.add(RowError{Row: -1, Column: f.Name, Kind: ErrUnknownColumn, Reason: fmt.Sprintf("the target schema has no column %q (it has %v)", f.Name, fieldNames(v.target))})
			colFail = true
		}
	}
	cols := make([]arrow.Array, v.target.NumFields())
	defer func() {
		for _, c := range cols {
			if c != nil {
				c.Release()
			}
		}
	}()
	var bad []bool
	nbad := int64(0)
	markBad := func(i int) {
		if bad == nil {
			bad = make([]bool, n)
		}
		if !bad[i] {
			bad[i] = true
			nbad++
		}
	}
	for j, tf := range v.target.Fields() {
		ci, ok := byName[tf.Name]
		if !ok {
			if tf.Nullable {
				cols[j] = array.MakeArrayOfNull(v.cfg.mem, tf.Type, int(n))
				continue
			}
			v.rep.add(RowError{Row: -1, Column: tf.Name, Kind: ErrMissingColumn, Reason: fmt.Sprintf("non-nullable column %q (%s) is missing", tf.Name, tf.Type)})
			colFail = true
			continue
		}
		a := rec.Column(ci)
		if !tf.Nullable && a.NullN() > 0 {
			for i := 0; i < a.Len(); i++ {
				if a.IsNull(i) {
					v.rep.add(RowError{Row: base + int64(i), Column: tf.Name, Value: "NULL", Kind: ErrNullValue, Reason: "NULL in a non-nullable column"})
					markBad(i)
				}
			}
		}
		if a.DataType().ID() == arrow.NULL { // all NULL: any type will do
			cols[j] = array.MakeArrayOfNull(v.cfg.mem, tf.Type, a.Len())
			continue
		}
		if arrow.TypeEqual(a.DataType(), tf.Type) {
			a.Retain()
			cols[j] = a
			continue
		}
		if !v.cfg.coerce || !coercible(a.DataType(), tf.Type) {
			reason := fmt.Sprintf("column is %s, want %s", a.DataType(), tf.Type)
			if !v.cfg.coerce && coercible(a.DataType(), tf.Type) {
				reason += " (WithCoerce converts it)"
			}
			v.rep.add(RowError{Row: -1, Column: tf.Name, Kind: ErrWrongType, Reason: reason})
			colFail = true
			continue
		}
		out, fails, err := coerceArray(v.ctx, a, tf.Type, v.cfg.mem)
		if err != nil {
			v.rep.add(RowError{Row: -1, Column: tf.Name, Kind: ErrWrongType, Reason: err.Error()})
			colFail = true
			continue
		}
		v.rep.noteCoerced(tf.Name, a.DataType().String(), tf.Type.String())
		for _, fl := range fails {
			v.rep.add(RowError{Row: base + int64(fl.row), Column: tf.Name, Value: a.ValueStr(fl.row), Kind: ErrCoerce, Reason: fl.reason})
			markBad(fl.row)
		}
		cols[j] = out
	}
	if colFail {
		v.failed = true
		return true
	}
	v.rep.Valid += n - nbad
	if nbad > 0 && !v.cfg.drop {
		v.failed = true
		return v.rep.full()
	}
	if v.failed {
		return false // keep collecting problems for the report only
	}
	rb := array.NewRecordBatch(v.target, cols, n)
	if nbad == 0 {
		v.out = append(v.out, rb)
		return false
	}
	defer rb.Release()
	v.rep.Dropped += nbad
	kept, err := v.keep(rb, bad)
	if err != nil {
		v.err = fmt.Errorf("frames/rows: validate: dropping rows: %w", err)
		return true
	}
	v.out = append(v.out, kept)
	return false
}

// keep returns the rows of rb not marked bad, with schema v.target.
func (v *validator) keep(rb arrow.RecordBatch, bad []bool) (arrow.RecordBatch, error) {
	mask := array.NewBooleanBuilder(v.cfg.mem)
	defer mask.Release()
	mask.Reserve(len(bad))
	for _, b := range bad {
		mask.UnsafeAppend(!b)
	}
	m := mask.NewBooleanArray()
	defer m.Release()
	kept, err := compute.FilterRecordBatch(v.ctx, rb, m, compute.DefaultFilterOptions())
	if err != nil {
		return nil, err
	}
	defer kept.Release()
	return array.NewRecordBatch(v.target, kept.Columns(), kept.NumRows()), nil
}

func fieldNames(s *arrow.Schema) []string {
	names := make([]string, s.NumFields())
	for i, f := range s.Fields() {
		names[i] = f.Name
	}
	return names
}

// IsValidation reports whether err is a validation failure and returns its
// report.
func IsValidation(err error) (*Report, bool) {
	var ve *ValidationError
	if errors.As(err, &ve) {
		return ve.Report, true
	}
	return nil, false
}
