package stub

import (
	"fmt"
	"slices"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/compute"

	"github.com/sealane/sealane/frames/plan"
)

// join runs inner, left, semi, anti and cross joins as a hash join: the
// right side's key rows are hashed (by rowKey), each left row probes. NULL
// keys match nothing unless NullsEqual. Output rows follow the left input's
// order, then the right's.
func (x *executor) join(j *plan.Join) (arrow.RecordBatch, error) {
	switch j.Kind {
	case plan.JoinInner, plan.JoinLeft, plan.JoinSemi, plan.JoinAnti, plan.JoinCross:
	default:
		return nil, unsupported("op "+string(j.Op()), "")
	}
	left, err := x.run(j.Left)
	if err != nil {
		return nil, err
	}
	defer left.Release()
	right, err := x.run(j.Right)
	if err != nil {
		return nil, err
	}
	defer right.Release()

	li, ri, err := matchRows(j, left, right)
	if err != nil {
		return nil, err
	}
	if j.Kind == plan.JoinSemi || j.Kind == plan.JoinAnti {
		return x.takeRows(j.Out, left, li)
	}
	// Left columns, then the right columns that are not join keys.
	var cols []arrow.Array
	defer func() { releaseAll(cols) }()
	lt, err := x.takeColumns(left.Columns(), li)
	cols = append(cols, lt...)
	if err != nil {
		return nil, err
	}
	var rightCols []arrow.Array
	for i, f := range right.Schema().Fields() {
		if j.Kind == plan.JoinCross || !slices.Contains(j.RightOn, f.Name) {
			rightCols = append(rightCols, right.Column(i))
		}
	}
	rt, err := x.takeColumns(rightCols, ri)
	cols = append(cols, rt...)
	if err != nil {
		return nil, err
	}
	if len(cols) != j.Out.NumFields() {
		return nil, fmt.Errorf("frames/stub: join produced %d columns, schema has %d", len(cols), j.Out.NumFields())
	}
	return array.NewRecordBatch(j.Out, cols, int64(len(li))), nil
}

// matchRows lists the joined row pairs as parallel index slices; a right
// index of -1 is a left row without a match (left join). Semi and anti
// joins return only left indices.
func matchRows(j *plan.Join, left, right arrow.RecordBatch) (li, ri []int64, err error) {
	nl, nr := int(left.NumRows()), int(right.NumRows())
	if j.Kind == plan.JoinCross {
		for l := range nl {
			for r := range nr {
				li, ri = append(li, int64(l)), append(ri, int64(r))
			}
		}
		return li, ri, nil
	}
	lk, err := columnsByName(left, j.LeftOn)
	if err != nil {
		return nil, nil, err
	}
	rk, err := columnsByName(right, j.RightOn)
	if err != nil {
		return nil, nil, err
	}
	hasNull := func(cols []arrow.Array, row int) bool {
		return slices.ContainsFunc(cols, func(c arrow.Array) bool { return c.IsNull(row) })
	}
	table := map[string][]int64{}
	for r := range nr {
		if !j.NullsEqual && hasNull(rk, r) {
			continue
		}
		k := rowKey(rk, r)
		table[k] = append(table[k], int64(r))
	}
	for l := range nl {
		var matches []int64
		if j.NullsEqual || !hasNull(lk, l) {
			matches = table[rowKey(lk, l)]
		}
		switch {
		case j.Kind == plan.JoinSemi && len(matches) > 0, j.Kind == plan.JoinAnti && len(matches) == 0:
			li = append(li, int64(l))
		case j.Kind == plan.JoinLeft && len(matches) == 0:
			li, ri = append(li, int64(l)), append(ri, -1)
		case j.Kind == plan.JoinInner || j.Kind == plan.JoinLeft:
			for _, r := range matches {
				li, ri = append(li, int64(l)), append(ri, r)
			}
		}
	}
	return li, ri, nil
}

// takeColumns gathers rows of each column by index (-1 gives NULL).
func (x *executor) takeColumns(cols []arrow.Array, idx []int64) ([]arrow.Array, error) {
	indices := x.indexArray(idx)
	defer indices.Release()
	out := make([]arrow.Array, 0, len(cols))
	for _, c := range cols {
		t, err := compute.TakeArray(x.ctx, c, indices)
		if err != nil {
			return out, fmt.Errorf("frames/stub: take: %w", err)
		}
		out = append(out, t)
	}
	return out, nil
}
