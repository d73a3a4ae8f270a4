package engine

import (
	"fmt"
	"sort"
	"sync"
)

// Factory opens an engine. Registered factories are called lazily, at most
// once per process for the default engine.
type Factory func() (Engine, error)

var registry = struct {
	sync.Mutex
	factories map[string]Factory
	preferred string
}{factories: map[string]Factory{}}

// Register makes an engine available by name, in the style of
// database/sql drivers: engine packages call it from init, and a program
// picks engines by importing them. With preferDefault the engine becomes the
// process default unless the program sets one (the native DuckDB engine
// does this). Register panics on a duplicate name.
func Register(name string, f Factory, preferDefault bool) {
	registry.Lock()
	defer registry.Unlock()
	if _, dup := registry.factories[name]; dup {
		panic(fmt.Sprintf("frames/engine: Register called twice for %q", name))
	}
	registry.factories[name] = f
	if preferDefault {
		registry.preferred = name
	}
}

// Open opens a registered engine by name.
func Open(name string) (Engine, error) {
	registry.Lock()
	f, ok := registry.factories[name]
	registry.Unlock()
	if !ok {
		return nil, fmt.Errorf("frames/engine: no engine %q registered (registered: %v); import its package", name, Registered())
	}
	return f()
}

// Preferred is the name of the engine registered with preferDefault, or ""
// when none was.
func Preferred() string {
	registry.Lock()
	defer registry.Unlock()
	return registry.preferred
}

// Registered lists the registered engine names in order.
func Registered() []string {
	registry.Lock()
	defer registry.Unlock()
	names := make([]string, 0, len(registry.factories))
	for n := range registry.factories {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
