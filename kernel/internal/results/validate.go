package results

import (
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/bitutil"
)

// A batch decoded from a hostile chunk can be well-formed for arrow-go's
// IPC reader and still corrupt: string offsets that decrease or jump past
// their data make (*array.String).Value panic in the caller's hands
// (testdata/fuzz/FuzzChunk/96f4dfd83785d35a). validateBatch checks every
// column before a batch leaves the decoder.

// validateBatch checks what reading rec's values relies on: buffers large
// enough for every array's length (array.Validate, O(1) per array), and
// offsets of strings, binaries and lists that never decrease and stay in
// their data (one pass over the offsets). String contents are not checked
// for UTF-8 (a Databricks string may hold any bytes, and reading them
// cannot fail); types a SEA result never carries (dictionaries, unions,
// views, run-end encoding) get arrow-go's full validation.
func validateBatch(rec arrow.RecordBatch) error {
	for i, c := range rec.Columns() {
		if err := validateColumn(c); err != nil {
			return fmt.Errorf("column %d: %w", i, err)
		}
	}
	return nil
}

// validateColumn checks one column. arrow-go's IPC reader builds a NULL
// (VOID) array with no buffers while array.Validate wants one, so a column
// whose type holds NULL is checked around it: a NULL array has nothing to
// read; a struct's validity bitmap and its other fields are checked; a
// list's or map's validity bitmap and offsets are checked by hand, then its
// elements like a column.
func validateColumn(c arrow.Array) error {
	if !holdsNull(c.DataType()) {
		if err := array.Validate(c); err != nil {
			return err
		}
		return validateOffsets(c)
	}
	if _, ok := c.(*array.Null); ok {
		return nil
	}
	if err := validityFits(c); err != nil {
		return err
	}
	switch c := c.(type) {
	case *array.Struct:
		for i := range c.NumField() {
			if err := validateColumn(c.Field(i)); err != nil {
				return err
			}
		}
	case array.ListLike:
		if err := listOffsetsFit(c); err != nil {
			return err
		}
		return validateColumn(c.ListValues())
	}
	return nil
}

// validityFits checks that a's validity bitmap, when it has one, covers
// its offset and length.
func validityFits(a arrow.Array) error {
	d := a.Data()
	if len(d.Buffers()) == 0 || d.Buffers()[0] == nil || d.NullN() == 0 {
		return nil
	}
	need := bitutil.BytesForBits(int64(d.Offset() + d.Len()))
	if have := int64(d.Buffers()[0].Len()); have < need {
		return fmt.Errorf("arrow/array: validity bitmap of %d bytes for %d values", have, d.Offset()+d.Len())
	}
	return nil
}

// listOffsetsFit checks a list-like array (list, large list, map) whose
// elements hold NULL, which array.Validate cannot: its offsets buffer
// covers offset+length+1 entries, those offsets increase, and the last
// stays inside the elements (arrow-go's Offsets is the whole buffer).
func listOffsetsFit(l array.ListLike) error {
	if l.Len() == 0 {
		return nil
	}
	d := l.Data()
	if len(d.Buffers()) < 2 || d.Buffers()[1] == nil {
		return fmt.Errorf("arrow/array: list of %d values has no offsets", l.Len())
	}
	entries := d.Offset() + d.Len() + 1
	elems := int64(l.ListValues().Len())
	switch l := l.(type) {
	case *array.LargeList:
		if d.Buffers()[1].Len() < entries*8 {
			return fmt.Errorf("arrow/array: offsets buffer too small for %d values", l.Len())
		}
		return offsetsWithin(l.Offsets()[d.Offset():entries], elems)
	case *array.List:
		if d.Buffers()[1].Len() < entries*4 {
			return fmt.Errorf("arrow/array: offsets buffer too small for %d values", l.Len())
		}
		return offsetsWithin(l.Offsets()[d.Offset():entries], elems)
	case *array.Map:
		if d.Buffers()[1].Len() < entries*4 {
			return fmt.Errorf("arrow/array: offsets buffer too small for %d values", l.Len())
		}
		return offsetsWithin(l.Offsets()[d.Offset():entries], elems)
	}
	return nil // fixed-size lists have no offsets
}

// offsetsWithin checks offsets that never decrease and end inside n elements.
func offsetsWithin[T int32 | int64](offsets []T, n int64) error {
	if err := increasing(offsets); err != nil {
		return err
	}
	if last := int64(offsets[len(offsets)-1]); last > n {
		return fmt.Errorf("arrow/array: offset %d past the %d elements", last, n)
	}
	return nil
}

// holdsNull reports whether dt is NULL or has a NULL type inside.
func holdsNull(dt arrow.DataType) bool {
	switch dt := dt.(type) {
	case *arrow.NullType:
		return true
	case arrow.NestedType:
		for _, f := range dt.Fields() {
			if holdsNull(f.Type) {
				return true
			}
		}
	}
	return false
}

// validateOffsets checks the offsets of a (already array.Validate'd) and
// of every array nested in it.
func validateOffsets(a arrow.Array) error {
	if a.Len() == 0 {
		return nil
	}
	switch a := a.(type) {
	case *array.String:
		return increasing(a.ValueOffsets())
	case *array.Binary:
		return increasing(a.ValueOffsets())
	case *array.LargeString:
		return increasing(a.ValueOffsets())
	case *array.LargeBinary:
		return increasing(a.ValueOffsets())
	case *array.Map:
		if err := a.ValidateFull(); err != nil {
			return err
		}
		return validateOffsets(a.ListValues())
	case *array.List:
		if err := a.ValidateFull(); err != nil {
			return err
		}
		return validateOffsets(a.ListValues())
	case *array.LargeList:
		if err := a.ValidateFull(); err != nil {
			return err
		}
		return validateOffsets(a.ListValues())
	case *array.FixedSizeList:
		return validateOffsets(a.ListValues())
	case *array.Struct:
		for i := range a.NumField() {
			if err := validateOffsets(a.Field(i)); err != nil {
				return err
			}
		}
		return nil
	case *array.Dictionary, *array.SparseUnion, *array.DenseUnion, *array.RunEndEncoded,
		*array.StringView, *array.BinaryView, *array.ListView, *array.LargeListView:
		return array.ValidateFull(a)
	}
	return nil // fixed width: array.Validate checked the buffer sizes
}

// increasing checks offsets (an array's, offset and length applied) that
// array.Validate found in bounds at both ends: none negative, none smaller
// than the one before, so every value's slice is inside the data.
func increasing[T int32 | int64](offsets []T) error {
	if len(offsets) > 0 && offsets[0] < 0 {
		return fmt.Errorf("arrow/array: negative offset %d", offsets[0])
	}
	for i := 1; i < len(offsets); i++ {
		if offsets[i] < offsets[i-1] {
			return fmt.Errorf("arrow/array: offset %d at index %d is below the one before (%d)", offsets[i], i, offsets[i-1])
		}
	}
	return nil
}
