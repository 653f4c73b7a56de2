package exporter

import (
	"context"
	"fmt"

	"go.opentelemetry.io/otel"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/requesthook/requesthook/apicall"
	"github.com/requesthook/requesthook/otelhook"
)

// hookProcessor is the span processor returned by NewHookProcessor.
type hookProcessor struct {
	hooks []otelhook.RequestHook
}

var _ sdktrace.SpanProcessor = (*hookProcessor)(nil)

// NewHookProcessor returns a span processor that calls each hook once for
// every finished HTTP or RPC client span (as CallFromSpan reads it) and
// ignores all other spans, the way boto called a connection's request hook.
// Nil hooks are skipped. Hooks run synchronously in OnEnd; a hook that panics
// is recovered and the panic is reported through otel.Handle, and the
// remaining hooks still run. The processor is safe for concurrent use.
//
// Register it with sdktrace.WithSpanProcessor; it sees every recorded span,
// sampled or not.
func NewHookProcessor(hooks ...otelhook.RequestHook) sdktrace.SpanProcessor {
	p := &hookProcessor{hooks: make([]otelhook.RequestHook, 0, len(hooks))}
	for _, h := range hooks {
		if h != nil {
			p.hooks = append(p.hooks, h)
		}
	}
	return p
}

// OnStart does nothing.
func (*hookProcessor) OnStart(context.Context, sdktrace.ReadWriteSpan) {}

// OnEnd hands the span's Call to each hook.
func (p *hookProcessor) OnEnd(s sdktrace.ReadOnlySpan) {
	if len(p.hooks) == 0 {
		return
	}
	c, ok := CallFromSpan(s)
	if !ok {
		return
	}
	// The context carries the span's SpanContext so hooks can correlate.
	ctx := trace.ContextWithSpanContext(context.Background(), s.SpanContext())
	for _, h := range p.hooks {
		callHook(ctx, h, c)
	}
}

// callHook runs one hook, turning a panic into an error for otel.Handle.
func callHook(ctx context.Context, h otelhook.RequestHook, c apicall.Call) {
	defer func() {
		if r := recover(); r != nil {
			otel.Handle(fmt.Errorf("exporter: request hook %T panicked on %s: %v", h, apicall.SpanName(c.Service, c.Operation, c.Method), r))
		}
	}()
	h.HandleRequestData(ctx, c)
}

// Shutdown does nothing; hooks own their resources.
func (*hookProcessor) Shutdown(context.Context) error { return nil }

// ForceFlush does nothing; hooks run synchronously.
func (*hookProcessor) ForceFlush(context.Context) error { return nil }
