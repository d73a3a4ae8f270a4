package warehouse_test

import (
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse"
)

// inList returns SELECT 1 WHERE 1 IN (1,1,…) of about n bytes.
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

// TestStatementTokenCap checks that a statement with more significant
// tokens than MaxStatementTokens fails with STATEMENT_TOO_COMPLEX, and one
// within the cap runs; whitespace and comments do not count.
func TestStatementTokenCap(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{MaxStatementTokens: 100})
	// SELECT 1 WHERE 1 IN ( 1 … ) : 6 tokens, then 2 per further element.
	within := "SELECT 1 WHERE 1 IN (1" + strings.Repeat(",1", 46) + ") /* " + strings.Repeat("x ", 500) + "*/"
	rows := rows(t, c, "", within)
	require.Equal(t, [][]string{{"1"}}, strs(rows))

	st := failed(t, c, sea.ExecuteStatementRequest{Statement: inList(400), WaitTimeout: "30s"})
	require.Contains(t, st.Error.Message, "[STATEMENT_TOO_COMPLEX]")
	require.Contains(t, st.Error.Message, "at most 100")
	require.Equal(t, "54001", st.SQLState)
}

// TestHugeInListMemoryBounded sends a 16 MiB IN (1,1,…) list (the service's
// text limit; about 8 million tokens) to the warehouse with its default
// settings. It must fail cleanly with STATEMENT_TOO_COMPLEX, and the whole
// process — client encoding, request decoding, the front end — must
// allocate a small multiple of the text: before the token cap and the
// front-end rework it took 17 GB of RSS, mostly in the engine.
func TestHugeInListMemoryBounded(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	text := inList(16<<20 - 64)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	st := failed(t, c, sea.ExecuteStatementRequest{Statement: text, WaitTimeout: "30s"})
	runtime.ReadMemStats(&after)
	require.Contains(t, st.Error.Message, "[STATEMENT_TOO_COMPLEX]")
	perByte := float64(after.TotalAlloc-before.TotalAlloc) / float64(len(text))
	t.Logf("%d bytes of text: %.1f bytes allocated per byte in the process", len(text), perByte)
	require.Less(t, perByte, 16.0, "allocation per byte of statement text")
}
