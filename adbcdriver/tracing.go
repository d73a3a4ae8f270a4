package adbcdriver

import (
	"context"
	"sync"

	"github.com/apache/arrow-adbc/go/adbc"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
)

// tracerName names the spans' instrumentation scope.
const tracerName = "github.com/sealane/sealane/adbcdriver"

// tracing implements adbc.OTelTracing with the process-global tracer
// provider (a no-op unless the application installs one) and the W3C trace
// parent set through adbc.telemetry.trace_parent.
type tracing struct {
	mu     sync.Mutex
	parent string
}

// SetTraceParent sets the W3C traceparent of spans started from now on ("" clears it).
func (t *tracing) SetTraceParent(tp string) {
	t.mu.Lock()
	t.parent = tp
	t.mu.Unlock()
}

// GetTraceParent returns the trace parent set, or "".
func (t *tracing) GetTraceParent() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.parent
}

// StartSpan starts a span, child of the trace parent when one is set and
// ctx carries no span.
func (t *tracing) StartSpan(ctx context.Context, name string, opts ...trace.SpanStartOption) (context.Context, trace.Span) {
	if tp := t.GetTraceParent(); tp != "" && !trace.SpanContextFromContext(ctx).IsValid() {
		ctx = propagation.TraceContext{}.Extract(ctx, propagation.MapCarrier{"traceparent": tp})
	}
	opts = append(opts, trace.WithAttributes(t.GetInitialSpanAttributes()...))
	return otel.Tracer(tracerName).Start(ctx, name, opts...)
}

// GetInitialSpanAttributes names the database system.
func (t *tracing) GetInitialSpanAttributes() []attribute.KeyValue {
	return []attribute.KeyValue{attribute.String("db.system.name", "databricks")}
}

// endSpan records err on span and ends it.
func endSpan(span trace.Span, err error) {
	if err != nil {
		span.RecordError(err)
		span.SetStatus(codes.Error, err.Error())
	}
	span.End()
}

var (
	_ adbc.OTelTracing = (*tracing)(nil)
)
