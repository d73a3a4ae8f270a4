package repl

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHistoryPersistsStatementsBounded(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history")
	h, err := OpenHistory(path, 3)
	require.NoError(t, err)
	assert.Equal(t, 0, h.Len(), "a missing file is an empty history")

	h.Add("a line the editor saw") // ignored: statements are recorded whole
	require.NoError(t, h.Record("SELECT 1\nFROM t"))
	require.NoError(t, h.Record("SELECT 1 FROM t")) // the same statement again
	require.NoError(t, h.Record("SELECT 2"))
	require.NoError(t, h.Record("SELECT 3"))
	require.NoError(t, h.Record("SELECT 4"))
	assert.Equal(t, 3, h.Len())
	assert.Equal(t, "SELECT 4", h.At(0))
	assert.Equal(t, "SELECT 2", h.At(2))

	info, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm(), "statements may hold secrets: the user's only")

	again, err := OpenHistory(path, 3)
	require.NoError(t, err)
	assert.Equal(t, 3, again.Len())
	assert.Equal(t, "SELECT 4", again.At(0))
	assert.Equal(t, "SELECT 2", again.At(2))

	fewer, err := OpenHistory(path, 2)
	require.NoError(t, err)
	assert.Equal(t, 2, fewer.Len(), "a smaller bound keeps the most recent")
	assert.Equal(t, "SELECT 3", fewer.At(1))
}
