package main

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/big"
	"strconv"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// jsonWriter writes rows as JSON objects whose keys keep the columns' order
// and whose decimals keep their exact digits and scale (1.50, not "1.5"):
// one object per line (NDJSON), or one array of objects.
type jsonWriter struct {
	w     *bufio.Writer
	row   bytes.Buffer // the row being built (its writes cannot fail)
	keys  [][]byte     // each column's name, quoted, with its colon
	array bool
	rows  int64
}

func newJSONWriter(w io.Writer, schema *arrow.Schema, asArray bool) *jsonWriter {
	jw := &jsonWriter{w: bufio.NewWriter(w), array: asArray}
	for _, f := range schema.Fields() {
		k, _ := json.Marshal(f.Name)
		jw.keys = append(jw.keys, append(k, ':'))
	}
	return jw
}

func (jw *jsonWriter) write(rec arrow.RecordBatch) error {
	for r := 0; r < int(rec.NumRows()); r++ {
		b := &jw.row
		b.Reset()
		switch {
		case jw.array && jw.rows == 0:
			b.WriteString("[\n")
		case jw.array:
			b.WriteString(",\n")
		}
		b.WriteByte('{')
		for c := range rec.NumCols() {
			if c > 0 {
				b.WriteByte(',')
			}
			b.Write(jw.keys[c])
			jsonValue(b, rec.Column(int(c)), r)
		}
		b.WriteByte('}')
		if !jw.array {
			b.WriteByte('\n')
		}
		if _, err := jw.w.Write(b.Bytes()); err != nil {
			return err
		}
		jw.rows++
	}
	return nil
}

func (jw *jsonWriter) close() error {
	if jw.array {
		end := "\n]\n"
		if jw.rows == 0 {
			end = "[\n]\n"
		}
		if _, err := jw.w.WriteString(end); err != nil {
			return err
		}
	}
	return jw.w.Flush()
}

// jsonValue writes row i of arr as a JSON value.
func jsonValue(w *bytes.Buffer, arr arrow.Array, i int) {
	if arr.IsNull(i) {
		w.WriteString("null")
		return
	}
	switch a := arr.(type) {
	case *array.Boolean:
		w.WriteString(strconv.FormatBool(a.Value(i)))
	case *array.Int8, *array.Int16, *array.Int32, *array.Int64,
		*array.Uint8, *array.Uint16, *array.Uint32, *array.Uint64:
		w.WriteString(a.ValueStr(i))
	case *array.Float32:
		writeFloat(w, float64(a.Value(i)), 32)
	case *array.Float64:
		writeFloat(w, a.Value(i), 64)
	case *array.Decimal128:
		// The exact digits, scale included, as a JSON number.
		w.WriteString(decimalText(a.Value(i).BigInt(), a.DataType().(*arrow.Decimal128Type).Scale))
	case *array.Decimal256:
		w.WriteString(decimalText(a.Value(i).BigInt(), a.DataType().(*arrow.Decimal256Type).Scale))
	case *array.String:
		writeString(w, a.Value(i))
	case *array.LargeString:
		writeString(w, a.Value(i))
	case *array.Binary:
		writeString(w, base64.StdEncoding.EncodeToString(a.Value(i)))
	case *array.Struct:
		st := a.DataType().(*arrow.StructType)
		w.WriteByte('{')
		for f := range a.NumField() {
			if f > 0 {
				w.WriteByte(',')
			}
			writeString(w, st.Field(f).Name)
			w.WriteByte(':')
			jsonValue(w, a.Field(f), i)
		}
		w.WriteByte('}')
	case *array.Map:
		// A map's keys need not be strings: an array of {"key":…,"value":…}.
		start, end := a.ValueOffsets(i)
		keys, items := a.Keys(), a.Items()
		w.WriteByte('[')
		for j := start; j < end; j++ {
			if j > start {
				w.WriteByte(',')
			}
			w.WriteString(`{"key":`)
			jsonValue(w, keys, int(j))
			w.WriteString(`,"value":`)
			jsonValue(w, items, int(j))
			w.WriteByte('}')
		}
		w.WriteByte(']')
	case array.ListLike:
		start, end := a.ValueOffsets(i)
		w.WriteByte('[')
		for j := start; j < end; j++ {
			if j > start {
				w.WriteByte(',')
			}
			jsonValue(w, a.ListValues(), int(j))
		}
		w.WriteByte(']')
	default:
		// Dates, timestamps, intervals …: their text, as a string.
		writeString(w, arr.ValueStr(i))
	}
}

// decimalText is unscaled / 10^scale with exactly scale digits after the
// point ("1.50", "-0.05", "0.00").
func decimalText(unscaled *big.Int, scale int32) string {
	digits := new(big.Int).Abs(unscaled).String()
	sign := ""
	if unscaled.Sign() < 0 {
		sign = "-"
	}
	if scale <= 0 {
		return sign + digits + strings.Repeat("0", int(-scale))
	}
	if pad := int(scale) + 1 - len(digits); pad > 0 {
		digits = strings.Repeat("0", pad) + digits
	}
	cut := len(digits) - int(scale)
	return sign + digits[:cut] + "." + digits[cut:]
}

// writeFloat writes f as a JSON number; NaN and infinities, which JSON
// cannot spell, as strings.
func writeFloat(w *bytes.Buffer, f float64, bits int) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		writeString(w, strconv.FormatFloat(f, 'g', -1, bits))
		return
	}
	w.WriteString(strconv.FormatFloat(f, 'g', -1, bits))
}

func writeString(w *bytes.Buffer, s string) {
	b, err := json.Marshal(s)
	if err != nil {
		fmt.Fprintf(w, "%q", s)
		return
	}
	w.Write(b)
}
