package adbcdriver_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/warehouse"
)

// TestReaderOutlivesConnectionClose reads a 50-chunk result after its
// statement and connection are closed: the reader reads to the end (the
// session is deleted once it is released). Before, the read failed
// part-way with HTTP 404, the statement CLOSED by the session delete.
func TestReaderOutlivesConnectionClose(t *testing.T) {
	e := newEnv(t, warehouse.Config{ChunkRows: 20_000})
	db, err := e.drv.NewDatabase(e.options())
	require.NoError(t, err)
	defer func() { require.NoError(t, db.Close()) }()
	cnxn, err := db.Open(context.Background())
	require.NoError(t, err)
	st, err := cnxn.NewStatement()
	require.NoError(t, err)
	require.NoError(t, st.SetSqlQuery("SELECT id FROM range(1000000)"))
	rdr, _, err := st.ExecuteQuery(context.Background())
	require.NoError(t, err)
	require.NoError(t, st.Close())
	require.NoError(t, cnxn.Close())
	rows, sum := drainInt64(t, rdr)
	const n = 1_000_000
	require.Equal(t, int64(n), rows)
	require.Equal(t, int64(n*(n-1)/2), sum)
}
