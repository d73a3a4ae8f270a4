package archtest

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// The kernel's layout (issue 11 §5): credentials in a leaf package, the
// ADBC option vocabulary in the ADBC face, and faces that speak to the
// kernel's API rather than to its internals or to the wire.

// authAllowed are the only module packages kernel/auth may depend on.
var authAllowed = map[string]bool{
	module + "/kernel/internal/retry": true,
}

// TestAuthIsALeaf: kernel/auth never depends on the kernel (or any other
// package of the module but the shared retry rules), so the kernel can
// import it and a newcomer can read it alone.
func TestAuthIsALeaf(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	pkgs := goList(t, nil, module+"/kernel/auth")
	require.Len(t, pkgs, 1)
	for _, d := range pkgs[0].Deps {
		if strings.HasPrefix(d, module+"/") {
			require.True(t, authAllowed[d], "kernel/auth depends on %s; it must stay a leaf (allowed: %v)", d, authAllowed)
		}
	}
}

// faceTrees are the faces over the kernel: the packages that speak a
// client API's dialect (ADBC, database/sql, the C ABI).
var faceTrees = []string{module + "/adbcdriver", module + "/sqldriver", module + "/capi"}

func inTree(pkg, tree string) bool { return pkg == tree || strings.HasPrefix(pkg, tree+"/") }

// TestKernelKnowsNoFace: no kernel package depends on a face or on the
// ADBC module — the option keys ("adbc.connection.catalog", …) and their
// parsing live in adbcdriver/options; the kernel takes a typed Config.
func TestKernelKnowsNoFace(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	pkgs := goList(t, nil, module+"/kernel/...")
	require.GreaterOrEqual(t, len(pkgs), 3)
	for _, p := range pkgs {
		for _, d := range p.Deps {
			require.False(t, strings.HasPrefix(d, "github.com/apache/arrow-adbc/"), "%s depends on ADBC (%s)", p.ImportPath, d)
			for _, face := range faceTrees {
				require.False(t, inTree(d, face), "%s depends on the face %s", p.ImportPath, d)
			}
		}
	}
}

// TestFacesUseTheKernelAPI: the faces import the kernel's public packages
// only — neither its internals nor the wire structs of package sea, whose
// fields (format, disposition, wait timeout) are the kernel's to set.
func TestFacesUseTheKernelAPI(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	var patterns []string
	for _, face := range faceTrees {
		patterns = append(patterns, face+"/...")
	}
	pkgs := goList(t, nil, patterns...)
	require.GreaterOrEqual(t, len(pkgs), 4)
	for _, p := range pkgs {
		for _, imp := range p.Imports {
			require.False(t, strings.HasPrefix(imp, module+"/kernel/internal/"), "%s imports the kernel internal %s", p.ImportPath, imp)
			require.NotEqual(t, module+"/sea", imp, "%s imports the wire package; use the kernel's API", p.ImportPath)
		}
	}
}
