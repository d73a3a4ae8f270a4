package mongo_test

import (
	"testing"

	"github.com/sealane/sealane/frames/contract"
	"github.com/sealane/sealane/frames/engine"
)

// TestContractFerretDB runs the contract suite on the embedded FerretDB:
// every capability the engine declares for it must pass; the rest must
// be rejected when the frame is built.
func TestContractFerretDB(t *testing.T) {
	contract.Run(t, func(t *testing.T) engine.Engine { return newEngine(t) })
}
