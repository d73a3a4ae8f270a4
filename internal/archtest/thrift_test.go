package archtest

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

const thriftPkg = module + "/warehouse/thriftsrv"

// TestThriftBoundary keeps the Thrift endpoint a face of the warehouse:
// the warehouse and its other packages never import it (it reaches them
// only through the warehouse's transport-neutral API), and it never
// imports the kernel (a server does not link the client).
func TestThriftBoundary(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list over the module")
	}
	seen := 0
	for _, p := range goList(t, nil, module+"/...") {
		inThrift := strings.HasPrefix(p.ImportPath, thriftPkg)
		if inThrift {
			seen++
		}
		for _, d := range p.Deps {
			if strings.HasPrefix(p.ImportPath, module+"/warehouse") && !inThrift {
				require.False(t, strings.HasPrefix(d, thriftPkg), "%s imports the Thrift endpoint %s", p.ImportPath, d)
			}
			if inThrift {
				require.False(t, strings.HasPrefix(d, module+"/kernel"), "%s imports the kernel (%s)", p.ImportPath, d)
			}
		}
	}
	require.GreaterOrEqual(t, seen, 2, "the rule must see the thrift packages")
}
