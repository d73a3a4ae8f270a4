package results

import (
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
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
// read, and a struct's other fields are checked one by one. A list or map
// of NULL elements has no values to read and is not checked.
func validateColumn(c arrow.Array) error {
	if !holdsNull(c.DataType()) {
		if err := array.Validate(c); err != nil {
			return err
		}
		return validateOffsets(c)
	}
	if s, ok := c.(*array.Struct); ok {
		for i := range s.NumField() {
			if err := validateColumn(s.Field(i)); err != nil {
				return err
			}
		}
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
