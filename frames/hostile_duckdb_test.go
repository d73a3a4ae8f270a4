package frames_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/sealane/sealane/frames"
)

// hostileText are column names and string values that must stay names and
// values on the native engine: quotes of both dialects, comment and
// statement separators, backslashes, newlines and unicode. The last two
// (NUL bytes) are values only: names with a NUL fail at build time.
var hostileText = []string{
	`a"b`, "x`y", "--", ";", `'; DROP TABLE t; --`, `"; DROP TABLE t; --`,
	`\`, `\'`, "line\nbreak", "é漢🙂", "nul\x00byte", "\x00",
}

const nulValues = 2

func TestDuckDBHostileNamesAndLiterals(t *testing.T) {
	ctx := context.Background()
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	names := hostileText[:len(hostileText)-nulValues]
	fields := make([]arrow.Field, len(names))
	for i, n := range names {
		fields[i] = arrow.Field{Name: n, Type: arrow.BinaryTypes.String}
	}
	schema := arrow.NewSchema(fields, nil)
	b := array.NewRecordBuilder(mem, schema)
	defer b.Release()
	for i := range names {
		// Column i holds every hostile value; row j is hostileText[j].
		b.Field(i).(*array.StringBuilder).AppendValues(hostileText, nil)
	}
	rec := b.NewRecordBatch()
	defer rec.Release()
	src := frames.FromArrow(schema, []arrow.RecordBatch{rec}, frames.WithAllocator(mem))
	defer src.Release()
	for i, name := range names {
		for j, val := range hostileText {
			f := src.Filter(frames.Col(name).Eq(val)).Select(frames.Col(name).Alias(name + "!"))
			tb, err := f.ToArrow(ctx)
			if err != nil {
				t.Fatalf("column %q = %q: %v", name, val, err)
			}
			got := tb.Column(0).Data().Chunks()
			if tb.NumRows() != 1 || tb.Schema().Field(0).Name != name+"!" ||
				got[0].(*array.String).Value(0) != hostileText[j] {
				t.Fatalf("column %q (%d) = %q: got %v rows %v", name, i, val, tb.NumRows(), got)
			}
			tb.Release()
		}
	}
	if err := src.Select(frames.Col(names[0]).Alias("a\x00b")).Err(); !errors.Is(err, frames.ErrInvalid) {
		t.Fatalf("alias with a NUL byte: %v", err)
	}
}

// TestDuckDBHostileTableName: a table name with unbalanced quotes is one
// (missing) table, never SQL text.
func TestDuckDBHostileTableName(t *testing.T) {
	ctx := context.Background()
	for _, name := range []string{`t"; SELECT 1; --`, `"t" UNION SELECT 1 --`, `"a"b`} {
		f := frames.Table(ctx, name)
		err := f.Err()
		if err == nil {
			t.Fatalf("Table(%q) built", name)
		}
		if !strings.Contains(err.Error(), "Catalog Error: Table with name "+name+" does not exist") {
			t.Fatalf("Table(%q): %v", name, err)
		}
	}
}
