package plan

import (
	"fmt"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/apache/arrow-go/v18/arrow"
)

// The constructors below validate their arguments against their inputs'
// schemas, resolve and canonicalise expressions (see [ResolveExpr]) and
// derive the output schema. Their errors match [ErrColumnNotFound],
// [ErrType] or [ErrInvalid].

var sourceSeq atomic.Int64

// NewSource validates a source and returns a copy of it with an ID (when s
// has none). Out must hold supported types and distinct names; record
// sources need batches whose columns match Out by name and type; file
// sources need a format and at least one path; table sources a name. A
// record source retains its batches; [Source.Release] releases them.
func NewSource(s *Source) (*Source, error) {
	if s == nil || s.Out == nil {
		return nil, invalidf("source without a schema")
	}
	if err := checkSchema(s.Out); err != nil {
		return nil, err
	}
	out := *s
	out.release = nil
	switch s.Kind {
	case SourceRecords:
		for i, rec := range s.Records {
			if err := sameColumns(s.Out, rec.Schema()); err != nil {
				return nil, &planError{kind: ErrType, msg: fmt.Sprintf("frames: record batch %d: %v", i, err)}
			}
		}
		out.Records = append([]arrow.RecordBatch(nil), s.Records...)
		for _, rec := range out.Records {
			rec.Retain()
		}
		out.release = &sync.Once{}
	case SourceFile:
		switch s.Format {
		case FormatParquet, FormatCSV, FormatNDJSON, FormatIPC:
		default:
			return nil, invalidf("unknown file format %q", s.Format)
		}
		if len(s.Paths) == 0 {
			return nil, invalidf("%s scan without paths", s.Format)
		}
		out.Paths = append([]string(nil), s.Paths...)
	case SourceTable:
		if s.Table == "" {
			return nil, invalidf("table source without a table name")
		}
	default:
		return nil, invalidf("unknown source kind %q", s.Kind)
	}
	if out.ID == "" {
		out.ID = fmt.Sprintf("%s-%d", s.Kind, sourceSeq.Add(1))
	}
	return &out, nil
}

// NumRows is the number of rows of a record source (0 for other kinds).
func (s *Source) NumRows() int64 {
	var n int64
	for _, r := range s.Records {
		n += r.NumRows()
	}
	return n
}

// Release releases the record batches a record source retained. It is safe
// to call more than once; the source must not be executed afterwards.
func (s *Source) Release() {
	if s.release == nil {
		return
	}
	s.release.Do(func() {
		for _, rec := range s.Records {
			rec.Release()
		}
	})
}

// checkName rejects a column name no SQL text can carry: a NUL byte ends
// the query where it crosses into C.
func checkName(what, name string) error {
	if strings.IndexByte(name, 0) >= 0 {
		return invalidf("%s: column name %q contains a NUL byte", what, name)
	}
	return nil
}

// checkSchema requires distinct, non-empty names and supported types.
func checkSchema(s *arrow.Schema) error {
	seen := map[string]bool{}
	for _, f := range s.Fields() {
		if f.Name == "" {
			return invalidf("empty column name")
		}
		if err := checkName("source", f.Name); err != nil {
			return err
		}
		if seen[f.Name] {
			return invalidf("duplicate column name %q", f.Name)
		}
		seen[f.Name] = true
		if !IsSupportedType(f.Type) {
			return typeErrorf("column %q has unsupported type %s", f.Name, TypeName(f.Type))
		}
	}
	return nil
}

// sameColumns requires equal names and types, in order (nullability may
// differ).
func sameColumns(want, got *arrow.Schema) error {
	if want.NumFields() != got.NumFields() {
		return fmt.Errorf("schema has %d columns (%s), want %d (%s)", got.NumFields(), SchemaString(got), want.NumFields(), SchemaString(want))
	}
	for i, w := range want.Fields() {
		g := got.Field(i)
		if g.Name != w.Name || !arrow.TypeEqual(g.Type, w.Type) {
			return fmt.Errorf("column %d is %s %s, want %s %s", i, g.Name, TypeName(g.Type), w.Name, TypeName(w.Type))
		}
	}
	return nil
}

func checkInput(n Node, what string) error {
	if n == nil {
		return invalidf("%s without an input", what)
	}
	return nil
}

func requireColumns(in *arrow.Schema, names []string) error {
	seen := map[string]bool{}
	for _, n := range names {
		if len(in.FieldIndices(n)) == 0 {
			return columnNotFound(n, fieldNames(in))
		}
		if seen[n] {
			return invalidf("column %q listed twice", n)
		}
		seen[n] = true
	}
	return nil
}

func field(in *arrow.Schema, name string) arrow.Field {
	return in.Field(in.FieldIndices(name)[0])
}

// NewProject builds a projection (select, with_columns, drop, rename, cast
// or window). Output names must be distinct; expressions may not contain
// aggregates outside a window. When an expression contains a window the
// node's Op becomes [OpWindow].
func NewProject(input Node, op Op, exprs []NamedExpr) (*Project, error) {
	if err := checkInput(input, string(op)); err != nil {
		return nil, err
	}
	switch op {
	case OpSelect, OpWithColumns, OpDrop, OpRename, OpCast, OpWindow:
	default:
		return nil, invalidf("%q is not a projection", op)
	}
	p := &Project{Input: input, OpKind: op, Exprs: make([]NamedExpr, len(exprs))}
	fields := make([]arrow.Field, len(exprs))
	seen := map[string]bool{}
	hasWindow := false
	for i, ne := range exprs {
		if ne.Name == "" {
			return nil, invalidf("%s: output column %d (%s) has no name", op, i, ExprString(ne.Expr))
		}
		if err := checkName(string(op), ne.Name); err != nil {
			return nil, err
		}
		if seen[ne.Name] {
			return nil, invalidf("%s: duplicate output column %q", op, ne.Name)
		}
		seen[ne.Name] = true
		e, t, null, err := ResolveExpr(ne.Expr, input.Schema())
		if err != nil {
			return nil, err
		}
		if ContainsAgg(e) {
			return nil, invalidf("%s: aggregate in %s outside group_by; use GroupBy(…).Agg or a window (.Over)", op, ExprString(e))
		}
		if isNullType(t) {
			return nil, typeErrorf("%s: column %q is an untyped NULL; give it a type (Null(type) or a cast)", op, ne.Name)
		}
		hasWindow = hasWindow || ContainsWindow(e)
		p.Exprs[i] = NamedExpr{Name: ne.Name, Expr: e}
		fields[i] = arrow.Field{Name: ne.Name, Type: t, Nullable: null}
	}
	if hasWindow {
		p.OpKind = OpWindow
	}
	p.Out = arrow.NewSchema(fields, nil)
	return p, nil
}

// rowExpr resolves an expression evaluated per row (no aggregates, no
// windows), for filters and sort keys.
func rowExpr(op Op, e Expr, in *arrow.Schema) (Expr, arrow.DataType, error) {
	r, t, _, err := ResolveExpr(e, in)
	if err != nil {
		return nil, nil, err
	}
	if ContainsAgg(r) || ContainsWindow(r) {
		return nil, nil, invalidf("%s: %s has an aggregate or window; compute it with WithColumns first", op, ExprString(r))
	}
	return r, t, nil
}

// NewFilter keeps the rows where pred (a bool expression without
// aggregates or windows) is true.
func NewFilter(input Node, pred Expr) (*Filter, error) {
	if err := checkInput(input, "filter"); err != nil {
		return nil, err
	}
	e, t, err := rowExpr(OpFilter, pred, input.Schema())
	if err != nil {
		return nil, err
	}
	if t.ID() != arrow.BOOL {
		if isNullType(t) {
			e = Literal{Type: tBool}
		} else {
			return nil, typeErrorf("filter needs a bool predicate, got %s %s", TypeName(t), ExprString(e))
		}
	}
	return &Filter{Input: input, Pred: e}, nil
}

// NewSort orders by keys (at least one; orderable types).
func NewSort(input Node, keys []SortKey, stable bool) (*Sort, error) {
	if err := checkInput(input, "sort"); err != nil {
		return nil, err
	}
	if len(keys) == 0 {
		return nil, invalidf("sort without keys")
	}
	s := &Sort{Input: input, Stable: stable, Keys: make([]SortKey, len(keys))}
	for i, k := range keys {
		e, t, err := rowExpr(OpSort, k.Expr, input.Schema())
		if err != nil {
			return nil, err
		}
		if !IsOrderable(t) {
			return nil, typeErrorf("sort: cannot order by %s %s", TypeName(t), ExprString(e))
		}
		s.Keys[i] = SortKey{Expr: e, Desc: k.Desc, NullsFirst: k.NullsFirst}
	}
	return s, nil
}

// NewDistinct removes duplicates over subset (all columns when empty);
// keep "" means [KeepAny].
func NewDistinct(input Node, subset []string, keep Keep) (*Distinct, error) {
	if err := checkInput(input, "distinct"); err != nil {
		return nil, err
	}
	if err := requireColumns(input.Schema(), subset); err != nil {
		return nil, err
	}
	switch keep {
	case "":
		keep = KeepAny
	case KeepAny, KeepFirst, KeepLast, KeepNone:
	default:
		return nil, invalidf("distinct: unknown keep %q (any, first, last, none)", keep)
	}
	return &Distinct{Input: input, Subset: append([]string(nil), subset...), Keep: keep}, nil
}

// NewSlice keeps length rows from offset (see [Slice]).
func NewSlice(input Node, offset, length int64) (*Slice, error) {
	if err := checkInput(input, "slice"); err != nil {
		return nil, err
	}
	return &Slice{Input: input, Offset: offset, Length: length}, nil
}

// NewDropNulls removes rows with a NULL in any of subset (all columns when
// empty).
func NewDropNulls(input Node, subset []string) (*DropNulls, error) {
	if err := checkInput(input, "drop_nulls"); err != nil {
		return nil, err
	}
	if err := requireColumns(input.Schema(), subset); err != nil {
		return nil, err
	}
	return &DropNulls{Input: input, Subset: append([]string(nil), subset...)}, nil
}
