package frames

import (
	"fmt"
	"sync"

	"github.com/sealane/sealane/frames/engine"
)

var defaults struct {
	sync.Mutex
	override engine.Engine // SetDefault
	opened   engine.Engine // the preferred engine, opened lazily once
}

// Default returns the process default engine: the one given to
// [SetDefault], otherwise the preferred registered engine (the native
// DuckDB engine registers itself as preferred when its package is
// imported), opened on first use and kept for the life of the process.
func Default() (engine.Engine, error) {
	defaults.Lock()
	defer defaults.Unlock()
	if defaults.override != nil {
		return defaults.override, nil
	}
	if defaults.opened != nil {
		return defaults.opened, nil
	}
	name := engine.Preferred()
	if name == "" {
		return nil, fmt.Errorf("frames: no default engine registered (registered: %v); "+
			"import _ \"github.com/sealane/sealane/frames/engines/duckdb\" or pass frames.On(engine)", engine.Registered())
	}
	e, err := engine.Open(name)
	if err != nil {
		return nil, fmt.Errorf("frames: opening the default engine %q: %w", name, err)
	}
	defaults.opened = e
	return e, nil
}

// SetDefault makes e the engine of frames built without [On]; nil goes
// back to the preferred registered engine. Frames already built keep their
// engine. Meant for program start-up and tests.
func SetDefault(e engine.Engine) {
	defaults.Lock()
	defaults.override = e
	defaults.Unlock()
}
