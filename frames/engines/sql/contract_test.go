package sql_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/sealane/sealane/frames/contract"
	"github.com/sealane/sealane/frames/engine"
	sqlengine "github.com/sealane/sealane/frames/engines/sql"
	"github.com/sealane/sealane/frames/engines/sql/internal/pgtest"
)

// pg is the PostgreSQL server of the test binary, started by TestMain;
// pgErr says why there is none (tests needing it fail with it, never skip).
var (
	pg    *pgtest.Server
	pgErr error
	dbSeq atomic.Int64
)

func TestMain(m *testing.M) {
	pg, pgErr = pgtest.Start(context.Background())
	code := m.Run()
	if pg != nil {
		pg.Stop()
	}
	os.Exit(code)
}

// pgDSN is the DSN of a new database on the test server.
func pgDSN(t *testing.T) string {
	t.Helper()
	if pgErr != nil {
		t.Fatalf("PostgreSQL test server: %v", pgErr)
	}
	dsn, err := pg.CreateDatabase(context.Background(), fmt.Sprintf("t%d", dbSeq.Add(1)))
	if err != nil {
		t.Fatal(err)
	}
	return dsn
}

// sharedPG is one database for the contract cases (they only create
// temporary tables).
var sharedPG = func() func(t *testing.T) string {
	var dsn string
	return func(t *testing.T) string {
		if dsn == "" {
			dsn = pgDSN(t)
		}
		return dsn
	}
}()

func newPostgres(t *testing.T) *sqlengine.Engine {
	t.Helper()
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	t.Cleanup(func() { mem.AssertSize(t, 0) })
	e, err := sqlengine.OpenPostgres(context.Background(), sharedPG(t), sqlengine.WithAllocator(mem), sqlengine.WithBatchRows(1024))
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func newSQLite(t *testing.T) *sqlengine.Engine {
	t.Helper()
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	t.Cleanup(func() { mem.AssertSize(t, 0) })
	path := filepath.Join(t.TempDir(), "db.sqlite")
	e, err := sqlengine.OpenSQLite(context.Background(), "file:"+path+"?_pragma=busy_timeout(5000)", sqlengine.WithAllocator(mem), sqlengine.WithBatchRows(1024))
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// TestContractPostgres runs the contract suite on a real PostgreSQL server.
func TestContractPostgres(t *testing.T) {
	contract.Run(t, func(t *testing.T) engine.Engine { return newPostgres(t) })
}

// TestContractSQLite runs the contract suite on SQLite files.
func TestContractSQLite(t *testing.T) {
	contract.Run(t, func(t *testing.T) engine.Engine { return newSQLite(t) })
}
