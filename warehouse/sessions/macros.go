package sessions

import (
	"context"
	"fmt"
	"sync"

	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/sealane/sealane/warehouse/engine"
	"github.com/sealane/sealane/warehouse/rowtable"
	"github.com/sealane/sealane/warehouse/sqlfront"
)

// macroConn is an engine session that remembers which macros of the
// function catalog it holds: they are TEMP macros, state of the engine
// connection, created as its statements first call them (each costs about
// a millisecond; all of them at every connection's start cost 38 ms).
type macroConn struct {
	engine.Session
	mu   sync.Mutex
	have map[string]bool
}

// withMacros wraps a new engine session so that ensureMacros tracks it.
func withMacros(c engine.Session) engine.Session { return &macroConn{Session: c} }

// ensureMacros creates on conn the catalog macros sql calls (and those they
// call) that it does not hold yet; see sqlfront.MacrosFor.
func ensureMacros(ctx context.Context, conn engine.Session, sql string) error {
	names := sqlfront.MacrosFor(sql)
	if len(names) == 0 {
		return nil
	}
	mc, tracked := conn.(*macroConn)
	if tracked {
		mc.mu.Lock()
		defer mc.mu.Unlock()
	}
	for _, name := range names {
		if tracked && mc.have[name] {
			continue
		}
		rdr, err := conn.Query(ctx, sqlfront.MacroSQL(name))
		if err != nil {
			return fmt.Errorf("warehouse: create macro %s: %w", name, err)
		}
		rdr.Release()
		if tracked {
			if mc.have == nil {
				mc.have = map[string]bool{}
			}
			mc.have[name] = true
		}
	}
	return nil
}

// QueryStream streams through the wrapped session when it can stream.
func (m *macroConn) QueryStream(ctx context.Context, text string, args ...any) (array.RecordReader, error) {
	return rowtable.Stream(ctx, m.Session, text, args...)
}

// EnsureMacros creates on conn the warehouse's macros that sql calls and
// conn lacks (see ensureMacros).
func EnsureMacros(ctx context.Context, conn engine.Session, sql string) error {
	return ensureMacros(ctx, conn, sql)
}
