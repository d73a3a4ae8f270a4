package main

// #include <stdlib.h>
// #include "sealane_adbc.h"
import "C"

import (
	"context"
	"log/slog"
	"math"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"
)

// The log bridge: every database logs through bridgeLogger, whose handler
// is enabled only while a callback is registered (SealaneSetLogCallback)
// and only at or above the registered level, so that nothing is formatted
// for nobody. Records are queued (bounded; dropped when full) and handed to
// the callback by one goroutine, in order: a goroutine of the driver never
// blocks on the callback, which may have to take a lock of the host (the
// Python GIL) held by a thread that is waiting for the driver.

// bridgeLoggerName is the logger the records are attributed to.
const bridgeLoggerName = "sealane.driver"

// bridgeQueue is how many records may wait for delivery.
const bridgeQueue = 4096

// logOff is the level that enables nothing.
const logOff = math.MaxInt32

// bridgeRecord is one record to deliver, or (done != nil) a flush marker.
type bridgeRecord struct {
	level int
	text  string
	done  chan struct{}
}

var bridge = struct {
	mu      sync.Mutex // guards cb; held while a callback runs
	cb      C.SealaneLogCallback
	level   atomic.Int64 // Python level; logOff when no callback is set
	queue   chan bridgeRecord
	start   sync.Once
	dropped atomic.Int64 // records Handle dropped since deliver last reported
}{queue: make(chan bridgeRecord, bridgeQueue)}

func init() { bridge.level.Store(logOff) }

// bridgeLogger is the logger of every database of the library.
var bridgeLogger = slog.New(&bridgeHandler{})

// pyLevel maps a slog level onto Python's numbers (debug -4 → 10, info 0 →
// 20, warn 4 → 30, error 8 → 40).
func pyLevel(l slog.Level) int { return 20 + int(l)*5/2 }

// deliver runs the callback for each queued record, first reporting (at
// warning level) how many records were dropped since the last delivery.
func deliver() {
	for r := range bridge.queue {
		if r.done != nil {
			close(r.done)
			continue
		}
		if n := bridge.dropped.Swap(0); n > 0 {
			callLog(pyLevel(slog.LevelWarn), "log queue full: "+strconv.FormatInt(n, 10)+" records dropped")
		}
		callLog(r.level, r.text)
	}
}

// callLog hands one record to the callback, if one is set.
func callLog(level int, text string) {
	name, msg := C.CString(bridgeLoggerName), C.CString(text)
	bridge.mu.Lock()
	if bridge.cb != nil {
		C.sealaneCallLog(bridge.cb, C.int(level), name, msg)
	}
	bridge.mu.Unlock()
	C.free(unsafe.Pointer(name))
	C.free(unsafe.Pointer(msg))
}

//export sealaneSetLogCallback
func sealaneSetLogCallback(cb C.SealaneLogCallback, level C.int) {
	bridge.start.Do(func() { go deliver() })
	bridge.mu.Lock()
	bridge.cb = cb
	bridge.mu.Unlock()
	if cb == nil {
		bridge.level.Store(logOff)
		return
	}
	bridge.level.Store(int64(level))
}

//export sealaneSetLogLevel
func sealaneSetLogLevel(level C.int) {
	bridge.mu.Lock()
	defer bridge.mu.Unlock()
	if bridge.cb != nil {
		bridge.level.Store(int64(level))
	}
}

//export sealaneFlushLog
func sealaneFlushLog() {
	bridge.start.Do(func() { go deliver() })
	done := make(chan struct{})
	bridge.queue <- bridgeRecord{done: done}
	<-done
}

// bridgeHandler is the slog.Handler of the bridge: it renders a record as
// "message key=value …" (groups as dotted keys), secrets redacted by key.
type bridgeHandler struct {
	attrs  string // preformatted attributes of WithAttrs
	prefix string // group prefix of WithGroup ("a.b.")
}

// Enabled reports whether a callback is set and wants the level.
func (h *bridgeHandler) Enabled(_ context.Context, l slog.Level) bool {
	return int64(pyLevel(l)) >= bridge.level.Load()
}

// Handle queues the record for the callback.
func (h *bridgeHandler) Handle(_ context.Context, r slog.Record) error {
	var b strings.Builder
	b.WriteString(r.Message)
	b.WriteString(h.attrs)
	r.Attrs(func(a slog.Attr) bool {
		appendAttr(&b, h.prefix, a)
		return true
	})
	select {
	case bridge.queue <- bridgeRecord{level: pyLevel(r.Level), text: b.String()}:
	default:
		bridge.dropped.Add(1)
	}
	return nil
}

// WithAttrs preformats attrs.
func (h *bridgeHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	var b strings.Builder
	b.WriteString(h.attrs)
	for _, a := range attrs {
		appendAttr(&b, h.prefix, a)
	}
	return &bridgeHandler{attrs: b.String(), prefix: h.prefix}
}

// WithGroup prefixes later keys with name.
func (h *bridgeHandler) WithGroup(name string) slog.Handler {
	if name == "" {
		return h
	}
	return &bridgeHandler{attrs: h.attrs, prefix: h.prefix + name + "."}
}

// secretKey reports keys whose values are never logged.
func secretKey(key string) bool {
	k := strings.ToLower(key)
	for _, s := range []string{"token", "secret", "password", "authorization", "cookie", "signature", "credential"} {
		if strings.Contains(k, s) {
			return true
		}
	}
	return false
}

// appendAttr writes " key=value" (groups flattened into dotted keys).
func appendAttr(b *strings.Builder, prefix string, a slog.Attr) {
	v := a.Value.Resolve()
	if v.Kind() == slog.KindGroup {
		p := prefix
		if a.Key != "" {
			p += a.Key + "."
		}
		for _, g := range v.Group() {
			appendAttr(b, p, g)
		}
		return
	}
	if a.Key == "" {
		return
	}
	text := v.String()
	if secretKey(a.Key) {
		text = "REDACTED"
	}
	b.WriteByte(' ')
	b.WriteString(prefix + a.Key)
	b.WriteByte('=')
	if text == "" || strings.ContainsAny(text, " \t\n\"=") {
		text = strconv.Quote(text)
	}
	b.WriteString(text)
}
