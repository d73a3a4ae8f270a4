package sql_test

import (
	"context"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/frames"
	sqlengine "github.com/sealane/sealane/frames/engines/sql"
)

// TestConcurrentExecutions runs plans with in-memory sources from several
// goroutines on one engine: every execution has its own connection and
// temporary tables, so each sees only its own rows.
func TestConcurrentExecutions(t *testing.T) {
	engines(t, func(t *testing.T, e *sqlengine.Engine) {
		ctx := context.Background()
		type row struct {
			G int64 `frame:"g"`
			N int64 `frame:"n"`
		}
		var wg sync.WaitGroup
		errs := make([]error, 8)
		got := make([][]row, 8)
		for i := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				in := make([]struct {
					G int64 `frame:"g"`
				}, 100*(i+1))
				for j := range in {
					in[j].G = int64(j % (i + 1))
				}
				f := frames.FromRows(in, frames.On(e)).GroupBy("g").Agg(frames.CountAll().Alias("n")).Sort("g")
				got[i], errs[i] = frames.Collect[row](ctx, f)
			}()
		}
		wg.Wait()
		for i := range 8 {
			require.NoError(t, errs[i], "goroutine %d", i)
			require.Len(t, got[i], i+1, "goroutine %d sees other executions' rows", i)
			for g, r := range got[i] {
				assert.Equal(t, row{int64(g), 100}, r, "goroutine %d", i)
			}
		}
	})
}
