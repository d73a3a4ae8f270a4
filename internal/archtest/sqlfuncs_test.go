package archtest

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestSQLFuncsIsStdlibOnly: the Go implementations of SQL functions
// (warehouse/sqlfuncs, and warehouse/variantjson under it) are plain Go
// over the standard library, tested on their own; only the DuckDB leaf
// (warehouse/duckengine) registers them, and the front end names them by
// string, without importing them.
func TestSQLFuncsIsStdlibOnly(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	const funcs = module + "/warehouse/sqlfuncs"
	const variant = module + "/warehouse/variantjson"
	pkgs := goList(t, []string{"CGO_ENABLED=0"}, "-deps=false", funcs)
	require.Len(t, pkgs, 1)
	require.Nil(t, pkgs[0].Error)
	for _, d := range pkgs[0].Deps {
		if d == variant {
			continue
		}
		first, _, _ := strings.Cut(d, "/")
		require.False(t, strings.Contains(first, "."), "%s depends on %s; it must use only the standard library", funcs, d)
	}
	importers := map[string]string{funcs: module + "/warehouse/duckengine", variant: funcs}
	for _, p := range goList(t, nil, "-deps=false", module+"/...") {
		for _, d := range p.Imports {
			if want, ok := importers[d]; ok && p.ImportPath != want {
				t.Errorf("%s imports %s; only %s may", p.ImportPath, d, want)
			}
		}
	}
}
