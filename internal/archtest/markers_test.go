package archtest

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestOneMarkerLexer: the kernel and the warehouse's SQL front end find
// parameter markers with the same lexer, internal/sqlmarkers, which is a
// leaf (the standard library only), so that neither side drags the other
// in and both always agree on what is a marker.
func TestOneMarkerLexer(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list over the module")
	}
	const lexer = module + "/internal/sqlmarkers"
	pkgs := goList(t, []string{"CGO_ENABLED=0"}, lexer, module+"/kernel", module+"/warehouse/sqlfront")
	require.Len(t, pkgs, 3)
	for _, p := range pkgs {
		if p.ImportPath == lexer {
			for _, d := range p.Deps {
				require.False(t, strings.Contains(strings.SplitN(d, "/", 2)[0], "."), "%s must stay a leaf; it depends on %s", lexer, d)
			}
			continue
		}
		require.True(t, slices.Contains(p.Deps, lexer), "%s must find markers with %s", p.ImportPath, lexer)
	}
}
