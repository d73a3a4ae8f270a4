package frames

import (
	"github.com/sealane/sealane/frames/plan"
)

// JoinKind is the kind of a join.
type JoinKind = plan.JoinKind

// Join kinds. Semi and anti joins keep only the left columns.
const (
	Inner = plan.JoinInner
	Left  = plan.JoinLeft
	Right = plan.JoinRight
	Full  = plan.JoinFull
	Semi  = plan.JoinSemi
	Anti  = plan.JoinAnti
)

// JoinOption configures a join.
type JoinOption func(*joinOptions)

type joinOptions struct {
	suffix     string
	nullsEqual bool
}

// Suffix is appended to right column names that clash with left ones
// (default "_right").
func Suffix(s string) JoinOption { return func(o *joinOptions) { o.suffix = s } }

// NullsEqual makes NULL keys match each other.
func NullsEqual() JoinOption { return func(o *joinOptions) { o.nullsEqual = true } }

// Join joins f with right where the columns on are equal on both sides.
// Inner and left joins keep the left key columns and drop the right ones;
// right and full joins coalesce each key pair into the left name. Right
// columns whose names clash with left ones get the suffix.
func (f *Frame) Join(right *Frame, on []string, how JoinKind, opts ...JoinOption) *Frame {
	return f.JoinOn(right, on, on, how, opts...)
}

// JoinOn is Join with differently named keys: leftOn[i] = rightOn[i].
func (f *Frame) JoinOn(right *Frame, leftOn, rightOn []string, how JoinKind, opts ...JoinOption) *Frame {
	return f.join(right, leftOn, rightOn, how, opts)
}

// CrossJoin pairs every row of f with every row of right.
func (f *Frame) CrossJoin(right *Frame, opts ...JoinOption) *Frame {
	return f.join(right, nil, nil, plan.JoinCross, opts)
}

func (f *Frame) join(right *Frame, leftOn, rightOn []string, how JoinKind, opts []JoinOption) *Frame {
	var o joinOptions
	for _, opt := range opts {
		opt(&o)
	}
	return f.derive(func(in plan.Node) (plan.Node, error) {
		r, err := f.inputsFor([]*Frame{right})
		if err != nil {
			return nil, err
		}
		return plan.NewJoin(in, r[0], how, leftOn, rightOn, o.suffix, o.nullsEqual)
	})
}

// Union is the distinct rows of f and other (same column names and types).
func (f *Frame) Union(other *Frame) *Frame { return f.setOp(other, plan.SetUnion, false) }

// UnionAll is the rows of f followed by those of other, duplicates kept.
func (f *Frame) UnionAll(other *Frame) *Frame { return f.setOp(other, plan.SetUnion, true) }

// Intersect is the distinct rows found in both f and other.
func (f *Frame) Intersect(other *Frame) *Frame { return f.setOp(other, plan.SetIntersect, false) }

// Except is the distinct rows of f not found in other.
func (f *Frame) Except(other *Frame) *Frame { return f.setOp(other, plan.SetExcept, false) }

// IntersectAll is INTERSECT ALL: a row found m times in f and n times in
// other appears min(m, n) times.
func (f *Frame) IntersectAll(other *Frame) *Frame { return f.setOp(other, plan.SetIntersect, true) }

// ExceptAll is EXCEPT ALL: a row found m times in f and n times in other
// appears max(m-n, 0) times.
func (f *Frame) ExceptAll(other *Frame) *Frame { return f.setOp(other, plan.SetExcept, true) }

func (f *Frame) setOp(other *Frame, kind plan.SetOpKind, all bool) *Frame {
	return f.derive(func(in plan.Node) (plan.Node, error) {
		r, err := f.inputsFor([]*Frame{other})
		if err != nil {
			return nil, err
		}
		return plan.NewSetOp(in, r[0], kind, all)
	})
}

// ConcatVertical stacks frames with the same columns (names and types, in
// order); the result runs on the first frame's engine.
func ConcatVertical(frames ...*Frame) *Frame { return concat(frames, plan.ConcatVertical) }

// ConcatHorizontal places frames with distinct column names side by side,
// row by row; shorter frames are padded with NULLs.
func ConcatHorizontal(frames ...*Frame) *Frame { return concat(frames, plan.ConcatHorizontal) }

func concat(frames []*Frame, how plan.ConcatHow) *Frame {
	if len(frames) == 0 {
		_, err := plan.NewConcat(nil, how)
		return failed(nil, err)
	}
	first := frames[0]
	return first.derive(func(plan.Node) (plan.Node, error) {
		nodes, err := first.inputsFor(frames)
		if err != nil {
			return nil, err
		}
		return plan.NewConcat(nodes, how)
	})
}
