package adbcdriver

import (
	"context"
	"log/slog"
	"maps"
	"net/url"
	"regexp"
	"sync"

	"github.com/apache/arrow-adbc/go/adbc"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/sealane/sealane/adbcdriver/options"
	"github.com/sealane/sealane/kernel"
)

// database holds the options of future connections. Each Open starts one
// kernel session.
type database struct {
	optionBase
	tracing

	alloc memory.Allocator

	mu     sync.Mutex
	opts   map[string]string // by storage key (see storageKey)
	logger *slog.Logger
	closed bool
}

var (
	_ adbc.Database        = (*database)(nil)
	_ adbc.GetSetOptions   = (*database)(nil)
	_ adbc.DatabaseLogging = (*database)(nil)
	_ adbc.OTelTracing     = (*database)(nil)
)

// storageKey folds aliases onto one key, so that the last one set wins.
func storageKey(key string) string {
	switch k := options.Canonical(key); k {
	case options.ADBCCatalog:
		return options.Catalog
	case options.ADBCDbSchema:
		return options.Schema
	default:
		return k
	}
}

// SetOptions sets several options at once: all of them, or none when one
// is unknown (adbc.StatusNotImplemented) or malformed
// (adbc.StatusInvalidArgument). Errors name the key, never a secret.
func (db *database) SetOptions(opts map[string]string) error {
	db.mu.Lock()
	defer db.mu.Unlock()
	if db.closed {
		return errorf(adbc.StatusInvalidState, "the database is closed")
	}
	merged := maps.Clone(db.opts)
	traceParent, setTrace := "", false
	for k, v := range opts {
		switch {
		case k == adbc.OptionKeyTelemetryTraceParent:
			traceParent, setTrace = v, true
			continue
		case !options.Known(k):
			return unknownOption("database", k)
		}
		merged[storageKey(k)] = v
	}
	// Validate the whole set: keys depend on each other (port on host, …).
	if _, err := options.ToConfig(merged); err != nil {
		return toADBC("SetOption", err)
	}
	db.opts = merged
	if setTrace {
		db.SetTraceParent(traceParent)
	}
	return nil
}

// SetOption sets one option (see SetOptions).
func (db *database) SetOption(key, value string) error {
	return db.SetOptions(map[string]string{key: value})
}

// tokenInURI matches the credentials of a DSN.
var tokenInURI = regexp.MustCompile(`(?i)^((?:https?://)?[^@/]*:)[^@/]*@`)

// GetOption returns an option's value. Secrets are write-only: the access
// token and proxy password are never returned, and the uri and proxy URL
// come back with their credentials redacted.
func (db *database) GetOption(key string) (string, error) {
	if key == adbc.OptionKeyTelemetryTraceParent {
		return db.GetTraceParent(), nil
	}
	k := storageKey(key)
	switch k {
	case options.AccessToken, options.ProxyPassword:
		return "", errorf(adbc.StatusNotFound, "option %s is write-only", key)
	}
	db.mu.Lock()
	v, ok := db.opts[k]
	db.mu.Unlock()
	if !ok {
		return "", notFound(key)
	}
	switch k {
	case options.URI:
		v = tokenInURI.ReplaceAllString(v, "${1}REDACTED@")
	case options.Proxy:
		if u, err := url.Parse(v); err == nil {
			u.User = nil
			v = u.String()
		}
	}
	return v, nil
}

// SetLogger sets the logger of the database and of connections opened
// from now on, the kernel's records of API calls and retries included (nil
// discards).
func (db *database) SetLogger(l *slog.Logger) {
	if l == nil {
		l = slog.New(slog.DiscardHandler)
	}
	db.mu.Lock()
	db.logger = l
	db.mu.Unlock()
}

// Open starts a session on the warehouse.
func (db *database) Open(ctx context.Context) (cnxn adbc.Connection, err error) {
	ctx, span := db.StartSpan(ctx, "Database.Open")
	defer func() { endSpan(span, err) }()
	db.mu.Lock()
	if db.closed {
		db.mu.Unlock()
		return nil, errorf(adbc.StatusInvalidState, "the database is closed")
	}
	opts, logger := maps.Clone(db.opts), db.logger
	db.mu.Unlock()
	cfg, err := options.ToConfig(opts)
	if err != nil {
		return nil, toADBC("Open", err)
	}
	cfg.Logger = logger
	cfg.Allocator = db.alloc
	kc, err := kernel.Connect(ctx, cfg)
	if err != nil {
		return nil, toADBC("Open", err)
	}
	logger.Debug("sealane adbc: session opened", "session_id", kc.SessionID(), "warehouse_id", kc.WarehouseID())
	return newConnection(db, kc, logger), nil
}

// Close marks the database closed; connections already open stay usable.
func (db *database) Close() error {
	db.mu.Lock()
	defer db.mu.Unlock()
	if db.closed {
		return errorf(adbc.StatusInvalidState, "the database is already closed")
	}
	db.closed = true
	return nil
}
