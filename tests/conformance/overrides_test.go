package conformance

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// Spark is the oracle for Databricks SQL, except where a Databricks SQL
// warehouse answers differently and says so: result layouts of SHOW
// commands the service defines itself, the workspace's default catalog.
// testdata/databricks_overrides.json lists those cases with Databricks'
// answer, the reason and the evidence (Databricks documentation, the
// official clients' code or tests, layouts verified live by them); the
// answer replaces Spark's recorded one before the case is compared. An
// override must name its case's exact SQL, so that a corpus edit cannot
// leave one pointing at another statement, and is kept apart from the
// golden files, which `make conformance-golden` rewrites.

const overridesFile = "databricks_overrides.json"

// override is Databricks' answer to one case of a corpus.
type override struct {
	Corpus   string    `json:"corpus"`
	ID       string    `json:"id"`
	SQL      string    `json:"sql"`
	Reason   string    `json:"reason"`
	Evidence []string  `json:"evidence"`
	Columns  []gcolumn `json:"columns"`
	Rows     [][]any   `json:"rows"`
	Error    *gerror   `json:"error"`
}

// applyOverrides replaces Spark's answers by the listed Databricks ones and
// returns how many cases it replaced.
func applyOverrides(t *testing.T, corpora map[string]*golden) int {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", overridesFile))
	if errors.Is(err, os.ErrNotExist) {
		return 0
	}
	require.NoError(t, err)
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.UseNumber()
	var file struct {
		Overrides []override `json:"overrides"`
	}
	require.NoError(t, dec.Decode(&file))
	n := 0
	for _, o := range file.Overrides {
		require.NotEmpty(t, o.Reason, "override %s: say why Databricks differs from Spark", o.ID)
		require.NotEmpty(t, o.Evidence, "override %s: cite the evidence", o.ID)
		require.True(t, o.Error != nil || len(o.Columns) > 0, "override %s: give columns or an error", o.ID)
		g := corpora[o.Corpus]
		if g == nil {
			continue // that corpus is not recorded here
		}
		found := false
		for i := range g.Cases {
			c := &g.Cases[i]
			if c.ID != o.ID {
				continue
			}
			require.Equal(t, o.SQL, c.SQL, "override %s names another statement than the corpus: update it", o.ID)
			c.Columns, c.Rows, c.Error = o.Columns, o.Rows, o.Error
			found = true
			n++
		}
		require.True(t, found, "override %s/%s: no such case", o.Corpus, o.ID)
	}
	return n
}
