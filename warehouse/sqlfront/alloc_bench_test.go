package sqlfront

import (
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// inList returns SELECT 1 WHERE 1 IN (1,1,…) of about n bytes, the
// statement that made the front end allocate hundreds of bytes per byte.
func inList(n int) string {
	var b strings.Builder
	b.Grow(n + 32)
	b.WriteString("SELECT 1 WHERE 1 IN (1")
	for b.Len() < n-1 {
		b.WriteString(",1")
	}
	b.WriteString(")")
	return b.String()
}

// frontEndInputs are statements of about 1 MiB that stress different paths
// of the front end.
func frontEndInputs(n int) map[string]string {
	words := strings.Repeat("a, ", n/3)
	return map[string]string{
		"in_list":     inList(n),
		"select_list": "SELECT " + words + "b FROM t",
		"strings":     "SELECT " + strings.Repeat(`'a\'b', `, n/8) + "1",
		"markers":     "SELECT " + strings.Repeat(":p + ", n/5) + "1",
		"describe":    "DESCRIBE QUERY " + inList(n),
		// Shapes that were quadratic in time (backward scans per word).
		"timestamps":   "SELECT " + strings.Repeat("a timestamp, ", n/13) + "1",
		"nested_calls": "SELECT " + strings.Repeat("array(", n/14) + "1" + strings.Repeat(")", n/14),
	}
}

// BenchmarkFrontEnd measures what the warehouse runs on statement text
// (Classify, then Translate) and reports the bytes allocated per input byte.
func BenchmarkFrontEnd(b *testing.B) {
	opts := Options{
		CatalogMap: map[string]string{"main": "memory"},
		Functions:  map[string]string{"current_catalog": "'main'"},
		Cast:       func(int, string) string { return "" },
	}
	for name, src := range frontEndInputs(1 << 20) {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(src)))
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			for b.Loop() {
				frontEnd(src, opts)
			}
			runtime.ReadMemStats(&after)
			// Bytes allocated per input byte: the figure that must stay small.
			b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N)/float64(len(src)), "B/inputB")
		})
	}
}

// frontEnd runs what the warehouse runs on a statement's text.
func frontEnd(src string, opts Options) {
	if cmd, err := Classify(src); err != nil || cmd.Kind != KindQuery {
		return
	}
	_, _ = Translate(src, opts)
}

// maxAllocPerInputByte bounds what Classify and Translate together allocate
// per byte of statement text. Tokens are stored in 12 bytes and a statement
// of n bytes has at most n of them; Classify keeps one lexeme per token,
// Translate a lexeme, a significant index and a dropped flag, plus the
// output text; renamed calls add a replacement each and a bracket table of
// 4 bytes a token (nested_calls, the costliest shape, is about 43). Before
// the bound, a 1 MiB IN list allocated 865 bytes per byte.
const maxAllocPerInputByte = 48

// TestFrontEndAllocationIsLinear checks that the front end's allocation per
// input byte is bounded by a small constant for statements of 256 KiB and
// 1 MiB of several shapes: linear, not growing with the size.
func TestFrontEndAllocationIsLinear(t *testing.T) {
	opts := Options{CatalogMap: map[string]string{"main": "memory"}, Cast: func(int, string) string { return "" }}
	for _, size := range []int{256 << 10, 1 << 20} {
		for name, src := range frontEndInputs(size) {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			frontEnd(src, opts)
			runtime.ReadMemStats(&after)
			perByte := float64(after.TotalAlloc-before.TotalAlloc) / float64(len(src))
			t.Logf("%s, %d bytes: %.1f bytes allocated per input byte", name, len(src), perByte)
			require.LessOrEqual(t, perByte, float64(maxAllocPerInputByte), "%s of %d bytes", name, len(src))
		}
	}
}
