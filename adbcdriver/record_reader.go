package adbcdriver

import (
	"github.com/apache/arrow-go/v18/arrow/array"
)

// reader is a kernel result whose stream errors are adbc.Errors, so that
// a failure mid-stream (a download that gave up, a cancelled context)
// carries the same status as one at execute.
type reader struct {
	array.RecordReader
}

// Err returns the stream's error as an adbc.Error.
func (r reader) Err() error { return toADBC("reading results", r.RecordReader.Err()) }

func newReader(rdr array.RecordReader) array.RecordReader { return reader{rdr} }
