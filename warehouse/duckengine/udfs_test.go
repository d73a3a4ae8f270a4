//go:build duckdb_arrow

package duckengine_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/warehouse/duckengine"
	"github.com/sealane/sealane/warehouse/engine"
	"github.com/sealane/sealane/warehouse/sqlfuncs"
)

// queryString runs q on s and returns its one VARCHAR value.
func queryString(t *testing.T, s engine.Session, q string) string {
	t.Helper()
	rdr, err := s.Query(context.Background(), q)
	require.NoError(t, err, q)
	defer rdr.Release()
	require.True(t, rdr.Next(), q)
	col := rdr.RecordBatch().Column(0)
	require.Equal(t, 1, col.Len())
	return col.ValueStr(0)
}

// TestGoFunctionsOnEverySession: the Go functions are registered once, at
// Open, and every session's connection (not only the one that registered
// them) calls them, with lists in and out and NULL handling as declared.
func TestGoFunctionsOnEverySession(t *testing.T) {
	ctx := context.Background()
	e, err := duckengine.Open(ctx, duckengine.Config{ExtensionDir: t.TempDir(), TempDir: t.TempDir()})
	require.NoError(t, err)
	t.Cleanup(func() { _ = e.Close() })
	require.NotEmpty(t, sqlfuncs.All())
	for range 3 {
		s, err := e.NewSession(ctx)
		require.NoError(t, err)
		require.Equal(t, "1557323817", queryString(t, s, "SELECT sl_crc32('Spark')"))
		require.Equal(t, "-1321691492", queryString(t, s, "SELECT sl_murmur3('Spark', [123], 2)"))
		require.Equal(t, "(null)", queryString(t, s, "SELECT sl_crc32(NULL)"))
		require.Equal(t, "true", queryString(t, s, "SELECT sl_murmur3(1.5::DECIMAL(2,1)) = sl_murmur3(15::BIGINT) AND sl_murmur3(DATE '2021-01-01') IS NOT NULL"))
		require.Equal(t, "2", queryString(t, s, "SELECT sl_shiftrightunsigned(4::BIGINT, 1)"))
		require.Equal(t, "2147483646", queryString(t, s, "SELECT sl_shiftrightunsigned(-4, 1)"))
		require.Equal(t, "[4,6]", queryString(t, s, "SELECT sl_vector_sum(list(v)) FROM (VALUES ([1.0::FLOAT, 2.0]), ([3.0::FLOAT, 4.0])) t(v)"))
		require.NoError(t, s.Close())
	}
}

// TestVolatileGoFunction: aes_encrypt without an IV draws one per row, as
// Spark does, rather than DuckDB folding one call for all rows.
func TestVolatileGoFunction(t *testing.T) {
	s := openSession(t, duckengine.Config{})
	got := queryString(t, s, "SELECT count(DISTINCT sl_aes_encrypt('x', '0000111122223333', 'GCM', 'DEFAULT', '', '')) FROM range(50)")
	require.Equal(t, "50", got)
}

// TestGoFunctionsConcurrently: sessions calling Go functions at once (and
// DuckDB's threads within each query) get each their own right answer.
func TestGoFunctionsConcurrently(t *testing.T) {
	ctx := context.Background()
	e, err := duckengine.Open(ctx, duckengine.Config{ExtensionDir: t.TempDir(), TempDir: t.TempDir(), Threads: 2})
	require.NoError(t, err)
	t.Cleanup(func() { _ = e.Close() })
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := e.NewSession(ctx)
			if err != nil {
				errs <- err
				return
			}
			defer func() { _ = s.Close() }()
			n := 20000 + 1000*g
			q := fmt.Sprintf("SELECT sl_set_estimate(sl_set_build(list(CAST(id %% %d AS VARCHAR)), 'theta'), 'theta') + "+
				"count(DISTINCT sl_xxhash64(id)) FROM range(%d) t(id)", n/2, n)
			rdr, err := s.Query(ctx, q)
			if err != nil {
				errs <- err
				return
			}
			defer rdr.Release()
			if !rdr.Next() {
				errs <- fmt.Errorf("no row for %d: %w", n, rdr.Err())
				return
			}
			if got, want := rdr.RecordBatch().Column(0).ValueStr(0), fmt.Sprint(n/2+n); got != want {
				errs <- fmt.Errorf("range(%d): %s, want %s", n, got, want)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
}

// TestGoFunctionErrorsKeepSparkClass: an error a Go function raises with
// Spark's class reaches the caller with that class and SQLSTATE.
func TestGoFunctionErrorsKeepSparkClass(t *testing.T) {
	s := openSession(t, duckengine.Config{})
	_, err := s.Query(context.Background(), "SELECT sl_aes_decrypt(from_hex('00'), 'short', 'GCM', 'DEFAULT', '')")
	var ee *engine.Error
	require.True(t, errors.As(err, &ee), "%v", err)
	require.Equal(t, "INVALID_PARAMETER_VALUE", ee.Class, ee.Message)
	require.Equal(t, "22023", ee.SQLState)
	var _ array.RecordReader // keeps the import list stable with stream_test.go
}
