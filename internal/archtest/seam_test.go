package archtest

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// enginePrefix is where execution engines for typed frames live. Only the
// engines themselves, and the programs that assemble them, may import them.
const enginePrefix = module + "/frames/engines/"

// engineAssemblers may import engine implementations: they pick engines for
// a user (the CLI) or measure them (benchmarks).
var engineAssemblers = map[string]bool{
	module + "/cmd/sealane":                 true,
	module + "/bench/framesbench":           true,
	module + "/bench/framesbench/breakdown": true,
}

func isEngine(pkg string) bool { return strings.HasPrefix(pkg, enginePrefix) }

// TestFramesSeam is the seam gate of issue 6: the frames API and its shared
// packages (plan, engine, sqlgen, rows, sink, contract) reach backends only
// through the engine interfaces. It fails if any package outside the engine
// packages imports DuckDB or an engine implementation, directly or through
// another package.
func TestFramesSeam(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list over the module")
	}
	pkgs := goList(t, nil, module+"/...")
	framesSeen := 0
	for _, p := range pkgs {
		if isEngine(p.ImportPath) || engineAssemblers[p.ImportPath] {
			continue
		}
		inFrames := strings.HasPrefix(p.ImportPath, module+"/frames")
		if inFrames {
			framesSeen++
		}
		for _, d := range p.Deps {
			require.False(t, isEngine(d), "%s imports the engine implementation %s; go through frames/engine instead", p.ImportPath, d)
			if inFrames {
				require.False(t, strings.HasPrefix(d, "github.com/duckdb/"), "%s depends on DuckDB through %s; only frames/engines/duckdb may", p.ImportPath, d)
				require.False(t, strings.HasPrefix(d, module+"/warehouse"), "%s depends on the warehouse (%s)", p.ImportPath, d)
			}
		}
	}
	require.GreaterOrEqual(t, framesSeen, 2, "the gate must see the frames packages")
}

// TestKernelIndependence checks that the kernel and its Go faces never
// depend on the frames or the warehouse packages: the client must stay
// usable (and small) without the local warehouse or the frames library.
func TestKernelIndependence(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list over the module")
	}
	clients := []string{module + "/sea", module + "/kernel/...", module + "/sqldriver", module + "/adbcdriver"}
	pkgs := goList(t, nil, clients...)
	require.GreaterOrEqual(t, len(pkgs), 4)
	for _, p := range pkgs {
		for _, d := range p.Deps {
			require.False(t, strings.HasPrefix(d, module+"/frames"), "%s depends on frames (%s)", p.ImportPath, d)
			require.False(t, strings.HasPrefix(d, module+"/warehouse"), "%s depends on the warehouse (%s)", p.ImportPath, d)
		}
	}
}

// driverHomes maps database driver module paths to the only package
// trees that may depend on them: the engine that speaks to that database.
var driverHomes = map[string]string{
	"github.com/jackc/pgx/":        module + "/frames/engines/sql",
	"modernc.org/sqlite":           module + "/frames/engines/sql",
	"go.mongodb.org/mongo-driver":  module + "/frames/engines/mongo",
	"github.com/FerretDB/FerretDB": module + "/frames/engines/mongo", // and /v2
}

// TestDriversStayInTheirEngines keeps the PostgreSQL, SQLite and MongoDB
// drivers (and FerretDB, the test server) out of every package but their
// engine's: the frames API, the kernel, the warehouse and the CLI do not
// link them.
func TestDriversStayInTheirEngines(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list over the module")
	}
	checked := 0
	for _, p := range goList(t, nil, module+"/...") {
		checked++
		for _, d := range p.Deps {
			for prefix, home := range driverHomes {
				if !strings.HasPrefix(d, prefix) {
					continue
				}
				ok := p.ImportPath == home || strings.HasPrefix(p.ImportPath, home+"/")
				require.True(t, ok, "%s depends on the driver %s; only %s may", p.ImportPath, d, home)
			}
		}
	}
	require.NotZero(t, checked)
}

// TestFerretDBStaysInItsTestModule keeps FerretDB (the MongoDB engine's test
// server, a large dependency tree) out of sealane's go.mod: the engine's
// tests that start it live in the module tests/mongo.
func TestFerretDBStaysInItsTestModule(t *testing.T) {
	gomod, err := os.ReadFile("../../go.mod")
	require.NoError(t, err)
	require.NotContains(t, string(gomod), "github.com/FerretDB/", "FerretDB belongs in tests/mongo/go.mod only")
}
