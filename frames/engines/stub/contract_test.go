package stub_test

import (
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/sealane/sealane/frames/contract"
	"github.com/sealane/sealane/frames/engine"
	"github.com/sealane/sealane/frames/engines/stub"
)

// TestContract runs the behavioural contract suite against the stub engine
// with a checked allocator for everything the engine allocates.
func TestContract(t *testing.T) {
	contract.Run(t, func(t *testing.T) engine.Engine {
		mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
		t.Cleanup(func() { mem.AssertSize(t, 0) })
		return stub.New(stub.WithAllocator(mem))
	})
}

// TestRegistered checks that importing the package registers the engine.
func TestRegistered(t *testing.T) {
	e, err := engine.Open("stub")
	if err != nil {
		t.Fatal(err)
	}
	if e.Name() != stub.Name {
		t.Fatalf("engine.Open(stub) gave %q", e.Name())
	}
}
