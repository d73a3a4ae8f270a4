package results

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// A chunk comes from a server the reader does not trust. arrow-go sizes
// slices from the vector lengths in an IPC message's flatbuffer metadata
// (a schema's fields, a batch's nodes and buffers) before checking them, so
// a few bytes claiming a vector of billions of entries take the process
// down. checkMessage walks the metadata first and rejects any vector that
// does not fit in it, a nesting deeper than maxFieldDepth and more than
// maxFields fields in all (tables may be shared, so a small buffer can
// describe a huge tree).
const (
	maxFieldDepth = 64
	maxFields     = 100000
)

// errMetadata is the cause of a message whose metadata does not hold
// together.
var errMetadata = errors.New("arrow/ipc: malformed message metadata")

// Arrow's MessageHeader union values.
const (
	headerSchema          = 1
	headerDictionaryBatch = 2
	headerRecordBatch     = 3
)

// fbTable is a flatbuffers table in b at pos, with its vtable at vt.
type fbTable struct {
	b       []byte
	pos, vt int
	vtLen   int
}

func u32(b []byte, i int) (int, bool) {
	if i < 0 || i+4 > len(b) {
		return 0, false
	}
	return int(binary.LittleEndian.Uint32(b[i:])), true
}

func u16(b []byte, i int) (int, bool) {
	if i < 0 || i+2 > len(b) {
		return 0, false
	}
	return int(binary.LittleEndian.Uint16(b[i:])), true
}

func tableAt(b []byte, pos int) (fbTable, error) {
	so, ok := u32(b, pos)
	if !ok {
		return fbTable{}, errMetadata
	}
	vt := pos - int(int32(uint32(so)))
	n, ok := u16(b, vt)
	if !ok || n < 4 || vt+n > len(b) {
		return fbTable{}, errMetadata
	}
	return fbTable{b: b, pos: pos, vt: vt, vtLen: n}, nil
}

// field is the position of field i, false when absent.
func (t fbTable) field(i int) (int, bool) {
	off := 4 + 2*i
	// As flatbuffers reads it: a field is present when its slot starts
	// inside the vtable, even if an odd vtable length cuts the slot in two
	// (cd3bd90e296bf0f7: the schema's custom_metadata behind a 9-byte
	// vtable went unchecked).
	if off >= t.vtLen {
		return 0, false
	}
	o, ok := u16(t.b, t.vt+off)
	if !ok {
		return 0, false
	}
	if o == 0 {
		return 0, false
	}
	return t.pos + o, true
}

// ref follows the offset stored in field i (a table, vector or string).
func (t fbTable) ref(i int) (int, bool, error) {
	p, ok := t.field(i)
	if !ok {
		return 0, false, nil
	}
	o, ok := u32(t.b, p)
	if !ok {
		return 0, false, errMetadata
	}
	return p + o, true, nil
}

// vector checks field i, a vector of elem-byte entries, and returns where
// its entries start and how many there are (0 when absent).
func (t fbTable) vector(i, elem int) (start, n int, err error) {
	v, ok, err := t.ref(i)
	if err != nil || !ok {
		return 0, 0, err
	}
	n, ok = u32(t.b, v)
	if !ok || int64(v)+4+int64(n)*int64(elem) > int64(len(t.b)) {
		return 0, 0, errMetadata
	}
	return v + 4, n, nil
}

// table returns the table field i refers to.
func (t fbTable) table(i int) (fbTable, bool, error) {
	p, ok, err := t.ref(i)
	if err != nil || !ok {
		return fbTable{}, false, err
	}
	sub, err := tableAt(t.b, p)
	return sub, err == nil, err
}

// checkMessage validates the vectors of an IPC message's metadata.
func checkMessage(meta []byte) error {
	root, ok := u32(meta, 0)
	if !ok {
		return fmt.Errorf("%w: %d bytes", errMetadata, len(meta))
	}
	msg, err := tableAt(meta, root)
	if err != nil {
		return err
	}
	if _, _, err := msg.vector(4, 4); err != nil { // custom_metadata
		return err
	}
	kind := 0
	if p, ok := msg.field(1); ok && p < len(meta) {
		kind = int(meta[p])
	}
	header, ok, err := msg.table(2)
	if err != nil || !ok {
		return err
	}
	switch kind {
	case headerSchema:
		// custom_metadata (cd3bd90e296bf0f7: a 64 GiB claim) and features.
		for _, v := range [][2]int{{2, 4}, {3, 8}} {
			if _, _, err := header.vector(v[0], v[1]); err != nil {
				return err
			}
		}
		fields := 0
		return checkFields(header, 1, 0, &fields)
	case headerRecordBatch:
		return checkBatch(header)
	case headerDictionaryBatch:
		data, ok, err := header.table(1)
		if err != nil || !ok {
			return err
		}
		return checkBatch(data)
	}
	return nil
}

// checkBatch checks a RecordBatch table's nodes, buffers and variadic
// buffer counts.
func checkBatch(b fbTable) error {
	for _, v := range [][2]int{{1, 16}, {2, 16}, {4, 8}} {
		if _, _, err := b.vector(v[0], v[1]); err != nil {
			return err
		}
	}
	return nil
}

// checkFields checks the vector of Field tables in field i of t (a
// Schema's fields or a Field's children), recursively.
func checkFields(t fbTable, i, depth int, seen *int) error {
	if depth > maxFieldDepth {
		return fmt.Errorf("%w: fields nested deeper than %d", errMetadata, maxFieldDepth)
	}
	start, n, err := t.vector(i, 4)
	if err != nil {
		return err
	}
	if *seen += n; *seen > maxFields {
		return fmt.Errorf("%w: more than %d fields", errMetadata, maxFields)
	}
	for k := range n {
		p := start + 4*k
		o, _ := u32(t.b, p)
		f, err := tableAt(t.b, p+o)
		if err != nil {
			return err
		}
		if _, _, err := f.vector(0, 1); err != nil { // name
			return err
		}
		if _, _, err := f.vector(6, 4); err != nil { // custom_metadata
			return err
		}
		if err := checkFields(f, 5, depth+1, seen); err != nil { // children
			return err
		}
	}
	return nil
}
