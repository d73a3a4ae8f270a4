package archtest

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// The warehouse's layout: warehouse.Server is the composition root (HTTP
// routing, handlers, request decoding and encoding, links, the auth chain);
// the concerns it composes live in packages with one job each, which never
// reach back into the root or sideways into a sibling they do not need.

const warehouseRoot = module + "/warehouse"

// warehousePart is one concern of the warehouse and the module packages it
// may import directly.
type warehousePart struct {
	pkg     string
	imports []string // module packages it may import
	noHTTP  bool     // must not depend on net/http even indirectly (none imports it directly)
}

// warehouseParts are the warehouse's concern packages.
var warehouseParts = []warehousePart{
	// Chunk encoding, the result store (budget, spill files), LZ4 framing
	// and manifests: no HTTP, no sessions, no catalog.
	{pkg: warehouseRoot + "/results", imports: []string{module + "/sea", warehouseRoot + "/typemap", module + "/internal/lz4fast"}, noHTTP: true},
	// Metadata answers and DDL bookkeeping over a session's connection:
	// no HTTP, no results, no statement lifecycle.
	{pkg: warehouseRoot + "/catalog", imports: []string{
		warehouseRoot + "/engine", warehouseRoot + "/rowtable", warehouseRoot + "/sqlerr",
		warehouseRoot + "/sqlfront", warehouseRoot + "/typemap",
	}, noHTTP: true},
	// Sessions: connections and their pool, namespace, confs, time zone,
	// transactions, statement order: no HTTP, no results, no catalog.
	{pkg: warehouseRoot + "/sessions", imports: []string{
		warehouseRoot + "/engine", warehouseRoot + "/rowtable", warehouseRoot + "/sqlerr", warehouseRoot + "/sqlfront",
	}, noHTTP: true},
	// Statements: lifecycle and execution: no HTTP (the Query History's
	// handlers live in history/historyhttp, which only the root mounts).
	{pkg: warehouseRoot + "/statements", imports: []string{
		module + "/sea", warehouseRoot + "/catalog", warehouseRoot + "/engine", warehouseRoot + "/history",
		warehouseRoot + "/results", warehouseRoot + "/rowtable", warehouseRoot + "/sessions",
		warehouseRoot + "/sqlerr", warehouseRoot + "/sqlfront", warehouseRoot + "/typemap",
	}, noHTTP: true},
	// The Query History log: what ran, kept for the history API; its HTTP
	// handlers are history/historyhttp's.
	{pkg: warehouseRoot + "/history", imports: []string{module + "/sea"}, noHTTP: true},
	// Small Arrow answers built row by row, and the engine's read back.
	{pkg: warehouseRoot + "/rowtable", imports: []string{warehouseRoot + "/engine"}, noHTTP: true},
	// The warehouse's own statement failures: a leaf.
	{pkg: warehouseRoot + "/sqlerr", noHTTP: true},
}

// TestWarehouseLayout: each concern package imports only the module
// packages its rule names, never the composition root (nor, so, its HTTP
// layer) nor net/http itself, and the HTTP-free ones depend on no net/http
// at all.
func TestWarehouseLayout(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	for _, part := range warehouseParts {
		pkgs := goList(t, nil, part.pkg)
		require.Len(t, pkgs, 1, part.pkg)
		p := pkgs[0]
		require.Nil(t, p.Error, part.pkg)
		for _, imp := range p.Imports {
			require.False(t, imp == "net/http" || strings.HasPrefix(imp, "net/http/"), "%s imports %s; HTTP is the root's", part.pkg, imp)
			if strings.HasPrefix(imp, module+"/") {
				require.True(t, slices.Contains(part.imports, imp), "%s imports %s; it may import only %v", part.pkg, imp, part.imports)
			}
		}
		for _, d := range p.Deps {
			require.NotEqual(t, warehouseRoot, d, "%s depends on the warehouse's composition root", part.pkg)
			if part.noHTTP {
				require.False(t, d == "net/http" || strings.HasPrefix(d, "net/http/"), "%s depends on %s; it must know nothing of HTTP", part.pkg, d)
			}
		}
	}
}
