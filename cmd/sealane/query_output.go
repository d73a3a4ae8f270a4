package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/csv"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// writeAtomically writes a file through a temporary file beside it that is
// renamed over path only once write has succeeded and the data is on disk:
// a failure midway (a dropped connection, Ctrl-C) leaves nothing at path,
// never a file that ends on a clean row and looks complete.
func writeAtomically(path string, write func(io.Writer) error) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".partial-*")
	if err != nil {
		return fmt.Errorf("query: %w", err)
	}
	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	bw := bufio.NewWriterSize(tmp, 1<<20)
	if err := write(bw); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("query: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("query: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("query: %w", err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil { // CreateTemp makes it 0600
		return fmt.Errorf("query: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("query: %w", err)
	}
	return nil
}

// writeResult streams rdr to w in the chosen format.
func writeResult(o *queryOptions, counted *rowCounter, rdr array.RecordReader, w io.Writer) error {
	each := func(fn func(rec arrow.RecordBatch) error) error {
		for rdr.Next() {
			rec := rdr.RecordBatch()
			counted.add(rec.NumRows())
			if err := fn(rec); err != nil {
				return err
			}
		}
		return rdr.Err()
	}
	switch o.format {
	case "csv":
		cw := csv.NewWriter(w, rdr.Schema(), csv.WithHeader(true), csv.WithNullWriter(""))
		if err := each(cw.Write); err != nil {
			return err
		}
		return cw.Flush()
	case "json", "json-array":
		jw := newJSONWriter(w, rdr.Schema(), o.format == "json-array")
		if err := each(jw.write); err != nil {
			return err
		}
		return jw.close()
	case "arrow":
		iw := ipc.NewWriter(w, ipc.WithSchema(rdr.Schema()))
		if err := each(iw.Write); err != nil {
			return err
		}
		return iw.Close()
	case "parquet":
		// Row groups of at most 1Mi rows bound what the writer buffers.
		props := parquet.NewWriterProperties(parquet.WithCompression(compress.Codecs.Snappy), parquet.WithMaxRowGroupLength(1<<20))
		pw, err := pqarrow.NewFileWriter(rdr.Schema(), w, props, pqarrow.DefaultWriterProps())
		if err != nil {
			return fmt.Errorf("query: parquet: %w", err)
		}
		if err := each(pw.WriteBuffered); err != nil {
			return err
		}
		return pw.Close()
	}
	return writeTable(o.maxTableRows, rdr, counted, w)
}

// writeTable prints an aligned table of at most maxRows rows; a statement
// without a result (DDL) prints "OK", and DML the rows it affected.
func writeTable(maxRows int, rdr array.RecordReader, counted *rowCounter, w io.Writer) error {
	if rdr.Schema().NumFields() == 0 {
		for rdr.Next() {
		}
		if err := rdr.Err(); err != nil {
			return err
		}
		_, err := fmt.Fprintln(w, "OK")
		return err
	}
	if isDMLResult(rdr.Schema()) {
		return writeDML(rdr, w)
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	names := make([]string, rdr.Schema().NumFields())
	for i, f := range rdr.Schema().Fields() {
		names[i] = f.Name
	}
	fmt.Fprintln(tw, strings.Join(names, "\t"))
	shown, total := 0, int64(0)
	for rdr.Next() {
		rec := rdr.RecordBatch()
		counted.add(rec.NumRows())
		total += rec.NumRows()
		for r := 0; r < int(rec.NumRows()) && (maxRows == 0 || shown < maxRows); r++ {
			cells := make([]string, rec.NumCols())
			for c := range cells {
				cells[c] = cell(rec.Column(c), r)
			}
			fmt.Fprintln(tw, strings.Join(cells, "\t"))
			shown++
		}
	}
	if err := rdr.Err(); err != nil {
		return err
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if int64(shown) < total {
		fmt.Fprintf(w, "(%d of %d rows shown; use --max-rows 0 or another --format for all)\n", shown, total)
	} else {
		fmt.Fprintf(w, "(%d rows)\n", total)
	}
	return nil
}

// isDMLResult reports whether schema is the result Databricks gives DML:
// num_affected_rows, then num_inserted_rows for INSERT.
func isDMLResult(schema *arrow.Schema) bool {
	n := schema.NumFields()
	if n == 0 || n > 2 || schema.Field(0).Name != "num_affected_rows" {
		return false
	}
	return n == 1 || schema.Field(1).Name == "num_inserted_rows"
}

// writeDML prints "OK, 3 rows affected" for a DML result.
func writeDML(rdr array.RecordReader, w io.Writer) error {
	affected := ""
	for rdr.Next() {
		rec := rdr.RecordBatch()
		if rec.NumRows() > 0 && affected == "" {
			affected = cell(rec.Column(0), 0)
		}
	}
	if err := rdr.Err(); err != nil {
		return err
	}
	if affected == "" || affected == "NULL" {
		_, err := fmt.Fprintln(w, "OK")
		return err
	}
	unit := "rows"
	if affected == "1" {
		unit = "row"
	}
	_, err := fmt.Fprintf(w, "OK, %s %s affected\n", affected, unit)
	return err
}
