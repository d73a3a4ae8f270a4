package archtest

import (
	"bytes"
	"encoding/json"
	"io"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

const module = "github.com/sealane/sealane"

// cgoLeaves are the only packages allowed to link cgo (DuckDB, the C ABI
// library and its test harness), plus the commands that assemble them.
var cgoLeaves = map[string]bool{
	module + "/warehouse/duckengine":  true,
	module + "/cmd/sealane":           true,
	module + "/capi":                  true,
	module + "/capi/capitest":         true,
	module + "/frames/engines/duckdb": true,
	module + "/bench/framesbench":     true,
	// A measuring tool that drives DuckDB's C API directly.
	module + "/bench/framesbench/breakdown": true,
}

type listedPackage struct {
	ImportPath string
	Imports    []string
	Deps       []string
	CgoFiles   []string
	Error      *struct{ Err string }
}

func goList(t *testing.T, env []string, args ...string) []listedPackage {
	t.Helper()
	cmd := exec.Command("go", append([]string{"list", "-e", "-json"}, args...)...)
	cmd.Env = append(cmd.Environ(), env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, stderr.String())
	var pkgs []listedPackage
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p listedPackage
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else {
			require.NoError(t, err)
		}
		pkgs = append(pkgs, p)
	}
	return pkgs
}

// TestPurePackagesAvoidCgo enforces that every package but the cgo leaves
// builds without cgo and does not depend on DuckDB, so the kernel and its Go
// faces cross-compile with CGO_ENABLED=0.
func TestPurePackagesAvoidCgo(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list over the module")
	}
	pkgs := goList(t, []string{"CGO_ENABLED=0"}, "-deps=false", module+"/...")
	require.NotEmpty(t, pkgs)
	checked := 0
	for _, p := range pkgs {
		if cgoLeaves[p.ImportPath] || !strings.HasPrefix(p.ImportPath, module) {
			continue
		}
		checked++
		require.Nil(t, p.Error, "%s must build with CGO_ENABLED=0", p.ImportPath)
		require.Empty(t, p.CgoFiles, "%s uses cgo; only %v may", p.ImportPath, cgoLeaves)
		for _, d := range p.Deps {
			require.False(t, strings.HasPrefix(d, "github.com/duckdb/"), "%s depends on DuckDB through %s", p.ImportPath, d)
			require.False(t, cgoLeaves[d], "%s imports the cgo leaf %s", p.ImportPath, d)
		}
	}
	require.GreaterOrEqual(t, checked, 8, "the rule must cover the module's pure packages")
}

// TestBuildWithoutCgo compiles the pure packages with CGO_ENABLED=0.
func TestBuildWithoutCgo(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles the module")
	}
	var pure []string
	for _, p := range goList(t, nil, module+"/...") {
		if !cgoLeaves[p.ImportPath] {
			pure = append(pure, p.ImportPath)
		}
	}
	cmd := exec.Command("go", append([]string{"build"}, pure...)...)
	cmd.Env = append(cmd.Environ(), "CGO_ENABLED=0")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, string(out))
}
