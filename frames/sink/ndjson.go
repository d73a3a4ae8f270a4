package sink

import (
	"compress/gzip"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"math"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/sealane/sealane/frames/engine"
)

// WriteNDJSON streams r to a newline-delimited JSON file: one object per
// row, keys in column order. NULL is null; NaN and ±Inf are null (JSON has
// no such numbers); integers, floats and decimals are numbers; binary is
// base64; date32 is "YYYY-MM-DD"; timestamps with a zone are RFC 3339 in
// that zone ("2024-01-02T03:04:05.123456Z"), naive ones the same without an
// offset; lists are arrays. Compression "gzip" compresses the file.
func WriteNDJSON(ctx context.Context, r array.RecordReader, path string, opts engine.SinkOptions) error {
	gz, err := textCompression("ndjson", opts.Compression)
	if err != nil {
		return err
	}
	schema := r.Schema()
	keys := make([][]byte, schema.NumFields())
	for i, f := range schema.Fields() {
		if err := jsonSupported(f.Type); err != nil {
			return fmt.Errorf("frames/sink: ndjson: column %q: %w", f.Name, err)
		}
		sep := ","
		if i == 0 {
			sep = "{"
		}
		keys[i] = append(appendJSONString([]byte(sep), f.Name), ':')
	}
	return writeAtomic(ctx, r, path, func(w io.Writer) (batchWriter, error) {
		nw := &ndjsonWriter{w: w, keys: keys}
		if gz {
			nw.gz = gzip.NewWriter(w)
			nw.w = nw.gz
		}
		return nw, nil
	})
}

type ndjsonWriter struct {
	w    io.Writer
	gz   *gzip.Writer
	keys [][]byte
	buf  []byte
}

// valueEncoder appends the JSON of row i (known not NULL).
type valueEncoder func(buf []byte, i int) []byte

func (n *ndjsonWriter) write(rec arrow.RecordBatch) error {
	encs := make([]valueEncoder, rec.NumCols())
	cols := rec.Columns()
	for c, col := range cols {
		enc, err := encoderFor(col)
		if err != nil {
			return err
		}
		encs[c] = enc
	}
	const flushAt = 1 << 20
	buf := n.buf[:0]
	for i := 0; i < int(rec.NumRows()); i++ {
		if len(cols) == 0 {
			buf = append(buf, '{')
		}
		for c, col := range cols {
			buf = append(buf, n.keys[c]...)
			if col.IsNull(i) {
				buf = append(buf, "null"...)
			} else {
				buf = encs[c](buf, i)
			}
		}
		buf = append(buf, '}', '\n')
		if len(buf) >= flushAt {
			if _, err := n.w.Write(buf); err != nil {
				return err
			}
			buf = buf[:0]
		}
	}
	_, err := n.w.Write(buf)
	n.buf = buf[:0]
	return err
}

func (n *ndjsonWriter) close() error {
	if n.gz != nil {
		return n.gz.Close()
	}
	return nil
}

func jsonSupported(t arrow.DataType) error {
	switch t.ID() {
	case arrow.BOOL, arrow.INT8, arrow.INT16, arrow.INT32, arrow.INT64,
		arrow.UINT8, arrow.UINT16, arrow.UINT32, arrow.UINT64, arrow.FLOAT32, arrow.FLOAT64,
		arrow.STRING, arrow.LARGE_STRING, arrow.BINARY, arrow.LARGE_BINARY,
		arrow.DATE32, arrow.TIMESTAMP, arrow.DECIMAL128, arrow.NULL:
		return nil
	case arrow.LIST:
		return jsonSupported(t.(*arrow.ListType).Elem())
	}
	return fmt.Errorf("type %s is not supported in NDJSON", t)
}

func encoderFor(col arrow.Array) (valueEncoder, error) {
	switch a := col.(type) {
	case *array.Null:
		return func(b []byte, _ int) []byte { return append(b, "null"...) }, nil
	case *array.Boolean:
		return func(b []byte, i int) []byte { return strconv.AppendBool(b, a.Value(i)) }, nil
	case *array.Int8:
		return func(b []byte, i int) []byte { return strconv.AppendInt(b, int64(a.Value(i)), 10) }, nil
	case *array.Int16:
		return func(b []byte, i int) []byte { return strconv.AppendInt(b, int64(a.Value(i)), 10) }, nil
	case *array.Int32:
		return func(b []byte, i int) []byte { return strconv.AppendInt(b, int64(a.Value(i)), 10) }, nil
	case *array.Int64:
		return func(b []byte, i int) []byte { return strconv.AppendInt(b, a.Value(i), 10) }, nil
	case *array.Uint8:
		return func(b []byte, i int) []byte { return strconv.AppendUint(b, uint64(a.Value(i)), 10) }, nil
	case *array.Uint16:
		return func(b []byte, i int) []byte { return strconv.AppendUint(b, uint64(a.Value(i)), 10) }, nil
	case *array.Uint32:
		return func(b []byte, i int) []byte { return strconv.AppendUint(b, uint64(a.Value(i)), 10) }, nil
	case *array.Uint64:
		return func(b []byte, i int) []byte { return strconv.AppendUint(b, a.Value(i), 10) }, nil
	case *array.Float32:
		return func(b []byte, i int) []byte { return appendFloat(b, float64(a.Value(i)), 32) }, nil
	case *array.Float64:
		return func(b []byte, i int) []byte { return appendFloat(b, a.Value(i), 64) }, nil
	case *array.String:
		return func(b []byte, i int) []byte { return appendJSONString(b, a.Value(i)) }, nil
	case *array.LargeString:
		return func(b []byte, i int) []byte { return appendJSONString(b, a.Value(i)) }, nil
	case *array.Binary:
		return func(b []byte, i int) []byte { return appendBase64(b, a.Value(i)) }, nil
	case *array.LargeBinary:
		return func(b []byte, i int) []byte { return appendBase64(b, a.Value(i)) }, nil
	case *array.Date32:
		return func(b []byte, i int) []byte {
			return append(a.Value(i).ToTime().AppendFormat(append(b, '"'), time.DateOnly), '"')
		}, nil
	case *array.Timestamp:
		tt := a.DataType().(*arrow.TimestampType)
		toTime, err := tt.GetToTimeFunc()
		if err != nil {
			return nil, err
		}
		layout := "2006-01-02T15:04:05.999999999"
		if tt.TimeZone != "" {
			layout = time.RFC3339Nano
		}
		return func(b []byte, i int) []byte {
			return append(toTime(a.Value(i)).AppendFormat(append(b, '"'), layout), '"')
		}, nil
	case *array.Decimal128:
		scale := a.DataType().(*arrow.Decimal128Type).Scale
		return func(b []byte, i int) []byte { return append(b, a.Value(i).ToString(scale)...) }, nil
	case *array.List:
		values := a.ListValues()
		elem, err := encoderFor(values)
		if err != nil {
			return nil, err
		}
		offs := a.Offsets()
		return func(b []byte, i int) []byte {
			b = append(b, '[')
			for k := offs[i]; k < offs[i+1]; k++ {
				if k > offs[i] {
					b = append(b, ',')
				}
				if values.IsNull(int(k)) {
					b = append(b, "null"...)
				} else {
					b = elem(b, int(k))
				}
			}
			return append(b, ']')
		}, nil
	}
	return nil, fmt.Errorf("type %s is not supported in NDJSON", col.DataType())
}

func appendFloat(b []byte, f float64, bits int) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return append(b, "null"...)
	}
	return strconv.AppendFloat(b, f, 'g', -1, bits)
}

func appendBase64(b []byte, v []byte) []byte {
	b = append(b, '"')
	b = base64.StdEncoding.AppendEncode(b, v)
	return append(b, '"')
}

const hexDigits = "0123456789abcdef"

// appendJSONString appends s as a JSON string: quotes, backslashes and
// control characters escaped, invalid UTF-8 replaced by U+FFFD, and
// U+2028/U+2029 escaped (as encoding/json does).
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
