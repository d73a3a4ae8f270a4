package streamengine_test

import (
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/sealane/sealane/frames/contract"
	"github.com/sealane/sealane/frames/engine"

	"example.com/streamengine"
)

// TestContract runs sealane's contract suite: every case the capability
// table allows must give the expected rows, and every other case must be
// rejected as unsupported when the frame is built.
func TestContract(t *testing.T) {
	contract.Run(t, func(t *testing.T) engine.Engine {
		mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
		t.Cleanup(func() { mem.AssertSize(t, 0) })
		return streamengine.New(mem)
	})
}

// TestRegistered: importing the package registers it by name.
func TestRegistered(t *testing.T) {
	e, err := engine.Open(streamengine.Name)
	if err != nil {
		t.Fatal(err)
	}
	if e.Name() != streamengine.Name {
		t.Fatalf("engine.Open gave %q", e.Name())
	}
}
