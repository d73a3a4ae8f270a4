package stub

import (
	"bytes"
	"cmp"
	"math"
	"sort"
	"strconv"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/sealane/sealane/frames/plan"
)

// sort orders rows by the sort keys. The stub always sorts stably, which
// satisfies both Stable and non-stable Sort nodes. NULLs go last unless the
// key says NullsFirst, whatever the direction.
func (x *executor) sort(s *plan.Sort, in arrow.RecordBatch) (arrow.RecordBatch, error) {
	keys := make([]arrow.Array, len(s.Keys))
	defer releaseAll(keys)
	for i, k := range s.Keys {
		a, err := x.eval(k.Expr, in)
		if err != nil {
			return nil, err
		}
		keys[i] = a
	}
	idx := make([]int64, in.NumRows())
	for i := range idx {
		idx[i] = int64(i)
	}
	var cmpErr error
	sort.SliceStable(idx, func(a, b int) bool {
		for k, key := range s.Keys {
			c, err := compareRows(keys[k], int(idx[a]), int(idx[b]), key.Desc, key.NullsFirst)
			if err != nil {
				cmpErr = err
				return false
			}
			if c != 0 {
				return c < 0
			}
		}
		return false
	})
	if cmpErr != nil {
		return nil, cmpErr
	}
	return x.takeRows(s.Schema(), in, idx)
}

// compareRows orders rows i and j of arr for a sort key.
func compareRows(arr arrow.Array, i, j int, desc, nullsFirst bool) (int, error) {
	ni, nj := arr.IsNull(i), arr.IsNull(j)
	switch {
	case ni && nj:
		return 0, nil
	case ni != nj:
		// The NULL row goes first iff nullsFirst, whatever the direction.
		if ni == nullsFirst {
			return -1, nil
		}
		return 1, nil
	}
	c, err := compareValues(arr, i, j)
	if desc {
		c = -c
	}
	return c, err
}

// compareValues orders two non-NULL values of arr. NaN sorts above every
// other float (as in DuckDB and Databricks).
func compareValues(arr arrow.Array, i, j int) (int, error) {
	switch a := arr.(type) {
	case *array.Boolean:
		return cmpBool(a.Value(i), a.Value(j)), nil
	case *array.Int8:
		return cmp.Compare(a.Value(i), a.Value(j)), nil
	case *array.Int16:
		return cmp.Compare(a.Value(i), a.Value(j)), nil
	case *array.Int32:
		return cmp.Compare(a.Value(i), a.Value(j)), nil
	case *array.Int64:
		return cmp.Compare(a.Value(i), a.Value(j)), nil
	case *array.Float32:
		return cmpFloat(float64(a.Value(i)), float64(a.Value(j))), nil
	case *array.Float64:
		return cmpFloat(a.Value(i), a.Value(j)), nil
	case *array.String:
		return cmp.Compare(a.Value(i), a.Value(j)), nil
	case *array.Binary:
		return bytes.Compare(a.Value(i), a.Value(j)), nil
	case *array.Date32:
		return cmp.Compare(a.Value(i), a.Value(j)), nil
	case *array.Timestamp:
		return cmp.Compare(a.Value(i), a.Value(j)), nil
	case *array.Decimal128:
		return a.Value(i).Cmp(a.Value(j)), nil
	}
	return 0, unsupported("sort by "+arr.DataType().String(), "")
}

func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case !a:
		return -1
	}
	return 1
}

func cmpFloat(a, b float64) int {
	an, bn := math.IsNaN(a), math.IsNaN(b)
	switch {
	case an && bn:
		return 0
	case an:
		return 1
	case bn:
		return -1
	}
	return cmp.Compare(a, b)
}

// distinct keeps one row per distinct subset key (NULLs equal), or with
// KeepNone only the rows whose key is unique. Kept rows stay in input order.
func (x *executor) distinct(d *plan.Distinct, in arrow.RecordBatch) (arrow.RecordBatch, error) {
	cols, err := columnsByName(in, d.Subset)
	if err != nil {
		return nil, err
	}
	n := int(in.NumRows())
	keys := make([]string, n)
	count := map[string]int{}
	last := map[string]int{}
	for i := range n {
		keys[i] = rowKey(cols, i)
		count[keys[i]]++
		last[keys[i]] = i
	}
	keep := make([]bool, n)
	seen := map[string]bool{}
	for i, k := range keys {
		switch d.Keep {
		case plan.KeepLast:
			keep[i] = last[k] == i
		case plan.KeepNone:
			keep[i] = count[k] == 1
		default: // any, first
			keep[i] = !seen[k]
			seen[k] = true
		}
	}
	return x.filterRows(in, keep)
}

// rowKey encodes row i of cols so that equal rows (NULLs equal) get equal
// keys: each value is written length-prefixed, NULL as a lone marker.
func rowKey(cols []arrow.Array, i int) string {
	var b []byte
	for _, c := range cols {
		if c.IsNull(i) {
			b = append(b, 'N')
			continue
		}
		v := c.ValueStr(i)
		if f, ok := c.(*array.Float64); ok && f.Value(i) == 0 {
			v = "0" // -0 equals 0
		}
		b = strconv.AppendInt(append(b, 'V'), int64(len(v)), 10)
		b = append(append(b, ':'), v...)
	}
	return string(b)
}
