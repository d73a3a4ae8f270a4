package archtest

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestShellKnowsNoConnection keeps the interactive shell (internal/repl) a
// terminal and statement-splitting package: it runs statements through a
// function its caller gives, so it imports no sealane package (no kernel,
// no warehouse) and stays testable without a server.
func TestShellKnowsNoConnection(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list over the module")
	}
	pkgs := goList(t, nil, module+"/internal/repl")
	require.Len(t, pkgs, 1)
	for _, d := range pkgs[0].Deps {
		require.False(t, strings.HasPrefix(d, module+"/"), "internal/repl imports %s; give it functions instead", d)
	}
}
