package otelhook

import (
	"io"
	"net/http"
	"sync"
	"time"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"

	"github.com/requesthook/requesthook/apicall"
	"github.com/requesthook/requesthook/internal/redact"
)

// Transport is an http.RoundTripper that records one OpenTelemetry CLIENT span
// per request, as the package documentation describes. It is built on
// otelhttp.NewTransport: otelhttp starts and ends the span and records the
// standard HTTP client metrics; Transport adds the operation, AWS and size
// attributes from a stage that runs inside otelhttp's span.
//
// A Transport is safe for concurrent use by multiple goroutines, as long as its
// base RoundTripper is. It never modifies the caller's request.
type Transport struct {
	cfg     config
	base    http.RoundTripper
	rt      *otelhttp.Transport // otelhttp around (*stage)(t) around base
	metrics *callMetrics
}

var _ http.RoundTripper = (*Transport)(nil)

// NewTransport returns a Transport that sends requests with base
// (http.DefaultTransport when nil). Spans come from the TracerProvider of
// WithTracerProvider (default: the global one), metrics go to the
// MeterProvider of WithMeterProvider (default: the global one), and the span
// context is injected with the propagators of WithPropagators (default: the
// global ones).
func NewTransport(base http.RoundTripper, opts ...Option) *Transport {
	if base == nil {
		base = http.DefaultTransport
	}
	t := &Transport{cfg: newConfig(opts...), base: base}
	t.metrics = newCallMetrics(t.cfg.meterProvider)
	t.rt = otelhttp.NewTransport((*stage)(t),
		otelhttp.WithTracerProvider(t.cfg.tracerProvider),
		otelhttp.WithMeterProvider(t.cfg.meterProvider),
		otelhttp.WithPropagators(t.cfg.propagators),
		otelhttp.WithSpanNameFormatter(httpSpanName),
	)
	return t
}

// httpSpanName is otelhttp's default span name, "HTTP {method}", without an
// allocation for the common methods. The stage renames the span once it
// knows the operation.
func httpSpanName(_ string, r *http.Request) string {
	switch r.Method {
	case http.MethodGet:
		return "HTTP GET"
	case http.MethodPost:
		return "HTTP POST"
	case http.MethodPut:
		return "HTTP PUT"
	case http.MethodHead:
		return "HTTP HEAD"
	case http.MethodDelete:
		return "HTTP DELETE"
	}
	return "HTTP " + r.Method
}

// RoundTrip sends r with the base RoundTripper inside a client span. The span
// ends when the response body is read to EOF or closed, or when RoundTrip
// returns an error; as with any RoundTripper, the caller must close the body.
func (t *Transport) RoundTrip(r *http.Request) (*http.Response, error) {
	send := r
	if !t.cfg.noBodies {
		send = markMismatch(r)
	}
	resp, err := t.rt.RoundTrip(send)
	if resp != nil && resp.StatusCode >= 400 {
		if eb, ok := pendingErrBodies.LoadAndDelete(resp); ok && err == nil {
			resp.Body = &errClose{body: resp.Body, eb: eb.(*errBody)}
		}
	}
	if err != nil || !countBody(resp) || resp.Request == nil {
		return resp, err
	}
	// The size is unknown until the body is read: the stage below otelhttp
	// records it at EOF, this wrapper above otelhttp records it when the body
	// is closed early, before otelhttp ends the span.
	if span := trace.SpanFromContext(resp.Request.Context()); span.IsRecording() {
		resp.Body = &closeCounter{body: resp.Body, span: span}
	}
	return resp, nil
}

// CloseIdleConnections closes the idle connections of the base RoundTripper
// when it has such a method, as http.Client.CloseIdleConnections expects.
func (t *Transport) CloseIdleConnections() {
	if c, ok := t.base.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}

// stage is the part of a Transport that runs inside otelhttp's span, between
// otelhttp and the base RoundTripper.
type stage Transport

// RoundTrip names the span, sends the request with the base RoundTripper and
// records this package's attributes.
func (s *stage) RoundTrip(r *http.Request) (*http.Response, error) {
	span := trace.SpanFromContext(r.Context())
	var st *callState
	if s.cfg.callSpans {
		st = callStateFrom(r.Context())
	}
	start := time.Now()
	if (!span.IsRecording() && !s.metrics.enabled(r.Context())) || r.URL == nil { // the base reports a nil URL
		if st != nil {
			return st.unrecordedAttempt(s.base, r)
		}
		return sendUnrecorded(s.base, r)
	}
	if st != nil {
		st.beginAttempt(r, start)
	}
	var d detection
	send := r
	if st != nil && st.names(r) {
		// An attempt of the call: the call middleware has named it, and
		// nothing needs the body but net/http, which writes a body it
		// knows to be in memory together with the headers.
		d.fromCall(r, st)
		if !s.cfg.noBodies && smallBody(r) {
			send, _, d.inMemory = readBody(r)
		}
	} else {
		send = d.detect(r, &s.cfg)
	}
	if d.name != "" {
		span.SetName(d.name)
		s.metrics.labelOperation(r.Context(), d.rpcMethod)
	}

	// What the request tells goes on the span before it is sent, what the
	// response tells after: in the order the SDK's attribute slice grows
	// least (otelhttp adds the status last).
	c := d.call(r, s.cfg.redactedParams)
	if st != nil {
		c.Role = apicall.RoleAttempt // the call span carries the resource
	} else if c.Service != "" {
		requestAttributes(&c, r, d.body, s.cfg)
	}
	setAttributes(span, &c, d.rpcMethod)

	resp, err := s.base.RoundTrip(send)
	if err != nil {
		err = redact.Error(err, r.URL, s.cfg.redactedParams...)
		if st != nil {
			err = typedError(err)
		}
	}
	if d.inMemory {
		// The base got the bytes from memory; the original body, read
		// whole, is closed here as the RoundTripper contract asks.
		_ = r.Body.Close()
	}

	var eb *errBody
	if err == nil && resp != nil {
		readResponse(&c, r, resp)
		setAttributes(span, &apicall.Call{Size: c.Size, RequestID: c.RequestID, ExtendedRequestID: c.ExtendedRequestID}, "")
		if countBody(resp) {
			if resp.Request == nil {
				resp.Request = r
			}
			resp.Body = &eofCounter{body: resp.Body, span: span, st: st,
				metrics: s.metrics, ctx: r.Context(), sizeKey: attemptSizeKey(r, &d, resp)}
		}
		if resp.StatusCode >= 400 {
			if eb = observeError(resp, r, span); eb != nil {
				pendingErrBodies.Store(resp, eb)
			}
		}
	}
	if st != nil {
		status := 0
		if err == nil && resp != nil {
			status = resp.StatusCode
		}
		st.endAttempt(&c, status, d.invocationID)
	}
	s.metrics.recordStage(r, &d, st, start, &c, resp, err, eb)
	return resp, err
}

// setAttributes sets the attributes of c on span with one SetAttributes
// call, through a pooled buffer; rpcMethod is c's rpc.method when known
// (apicall.Call.AppendAttributesRPC).
func setAttributes(span trace.Span, c *apicall.Call, rpcMethod string) {
	kvs := attrPool.Get().(*attrBuf)
	attrs := c.AppendAttributesRPC(kvs[:0], rpcMethod)
	if len(attrs) > 0 {
		span.SetAttributes(attrs...) // copies attrs
	}
	clear(kvs[:min(len(attrs), len(kvs))]) // drop the values' references
	attrPool.Put(kvs)
}

// attrBuf holds the attributes set on one span; it has room for all that a
// span gets in practice (at most one service's resource), so appends do not
// reallocate.
type attrBuf [24]attribute.KeyValue

// attrPool recycles attrBufs: a slice passed to Span.SetAttributes escapes.
var attrPool = sync.Pool{New: func() any { return new(attrBuf) }}

// readResponse records in c what a response tells: the AWS request IDs and
// the body size when it is known without reading the body.
func readResponse(c *apicall.Call, r *http.Request, resp *http.Response) {
	if id := header(resp.Header, "X-Amzn-Requestid"); id != "" {
		c.RequestID = id
	} else if id := header(resp.Header, "X-Amz-Request-Id"); id != "" {
		c.RequestID = id
	}
	c.ExtendedRequestID = header(resp.Header, "X-Amz-Id-2")
	switch {
	case r.Method == http.MethodHead || resp.StatusCode == http.StatusNoContent || resp.StatusCode == http.StatusNotModified:
		// No body is transferred, whatever Content-Length announces.
		c.Size = 0
	case resp.ContentLength >= 0:
		c.Size = resp.ContentLength
	}
}

// countBody reports whether the response body size is only known by reading
// it: no Content-Length, a body to read, and not a protocol switch (whose body
// is a connection, not a payload).
func countBody(resp *http.Response) bool {
	if resp.ContentLength >= 0 || resp.Body == nil || resp.Body == http.NoBody {
		return false
	}
	if resp.StatusCode == http.StatusNoContent || resp.StatusCode == http.StatusNotModified ||
		resp.StatusCode == http.StatusSwitchingProtocols {
		return false
	}
	if resp.Request != nil && resp.Request.Method == http.MethodHead {
		return false
	}
	_, isConn := resp.Body.(io.Writer)
	return !isConn
}
