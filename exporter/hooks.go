package exporter

import (
	"context"
	"fmt"

	"go.opentelemetry.io/otel"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/requesthook/requesthook/apicall"
)

// hookProcessor is the span processor returned by NewHookProcessor.
type hookProcessor struct {
	hooks []apicall.RequestHook
	per   apicall.Granularity
}

var _ sdktrace.SpanProcessor = (*hookProcessor)(nil)

// NewHookProcessor returns a span processor that calls each hook once for
// every finished logical call (an HTTP or RPC client span as CallFromSpan
// reads it, that apicall.Call.Reported keeps per call: the call span of an
// SDK operation, not its attempts; a request made through the Transport
// alone) and ignores all other spans, the way boto called a connection's
// request hook once per call.
// Nil hooks are skipped. Hooks run synchronously in OnEnd; a hook that panics
// is recovered and the panic is reported through otel.Handle, and the
// remaining hooks still run. The processor is safe for concurrent use.
//
// Register it with sdktrace.WithSpanProcessor; it sees every recorded span,
// sampled or not.
func NewHookProcessor(hooks ...apicall.RequestHook) sdktrace.SpanProcessor {
	return newHookProcessor(apicall.PerCall, hooks)
}

// NewAttemptHookProcessor is NewHookProcessor with the hooks called once per
// HTTP attempt instead of once per logical call: for every attempt span of
// an SDK operation (and every request made through the Transport alone),
// never for the call spans above attempts.
func NewAttemptHookProcessor(hooks ...apicall.RequestHook) sdktrace.SpanProcessor {
	return newHookProcessor(apicall.PerAttempt, hooks)
}

func newHookProcessor(per apicall.Granularity, hooks []apicall.RequestHook) *hookProcessor {
	p := &hookProcessor{hooks: make([]apicall.RequestHook, 0, len(hooks)), per: per}
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
	if !ok || !c.Reported(p.per) {
		return
	}
	// The context carries the span's SpanContext so hooks can correlate.
	ctx := trace.ContextWithSpanContext(context.Background(), s.SpanContext())
	for _, h := range p.hooks {
		callHook(ctx, h, c)
	}
}

// callHook runs one hook, turning a panic into an error for otel.Handle.
func callHook(ctx context.Context, h apicall.RequestHook, c apicall.Call) {
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
