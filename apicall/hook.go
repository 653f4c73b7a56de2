package apicall

import "context"

// RequestHook receives every finished call, like boto's
// boto.utils.RequestHook.handle_request_data(request, response, error).
//
// HandleRequestData is called once per finished client span, on the goroutine
// that ended the span, so it must be safe for concurrent use and should return
// quickly: hand slow work (files, networks) to another goroutine or use an
// sdktrace.SpanExporter behind a batching processor instead.
type RequestHook interface {
	HandleRequestData(ctx context.Context, c Call)
}

// HookFunc adapts an ordinary function to the RequestHook interface.
type HookFunc func(ctx context.Context, c Call)

// HandleRequestData calls f(ctx, c).
func (f HookFunc) HandleRequestData(ctx context.Context, c Call) { f(ctx, c) }
