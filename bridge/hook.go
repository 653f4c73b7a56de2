package bridge

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"

	"github.com/requesthook/requesthook/otelhook"
)

// ScopeName is the instrumentation scope of the spans NewHook and Replay
// create.
const ScopeName = "github.com/requesthook/requesthook/bridge"

// ProblemsKey is the span attribute (a string slice) that says what was
// wrong with a Call NewHook recorded anyway: an unknown operation, a missing
// start or end time, an end before the start.
const ProblemsKey = attribute.Key("requesthook.bridge.problems")

// hook is the otelhook.RequestHook returned by NewHook.
type hook struct {
	tracer  trace.Tracer
	cfg     config
	newRoot bool
}

var _ otelhook.RequestHook = (*hook)(nil)

// NewHook returns a RequestHook that records each Call it is handed as a
// CLIENT span of tp (otel.GetTracerProvider() when nil), for calls that do
// not go through otelhook.Transport: a hand-written client, a non-HTTP
// protocol, a replayed log. The span looks like the Transport's for the same
// call, so otelhook.CallFromSpan, the legacy exporter and Jaeger read it
// alike:
//
//   - it starts at c.Start and ends at c.End (trace.WithTimestamp), as a
//     child of the span in the context HandleRequestData is given;
//   - its name is otelhook.SpanName(c.Service, c.Operation, c.Method), or
//     "HTTP" when neither the operation nor the method is known;
//   - its attributes are c.Attributes(), plus server.address and
//     server.port taken from c.URL as otelhttp takes them, and
//     http.request.method "_OTHER" when c.Method is empty (what otelhttp
//     records for a method it does not know);
//   - its status is Error with c.Err's message when c.Err is set, Error when
//     c.StatusCode >= 400, unset otherwise; error.type is in the attributes.
//
// A Call with an empty Operation, no Start, no End or an End before its
// Start is recorded all the same: a missing time is taken from the other one
// (both missing: the time HandleRequestData runs), an End before Start
// becomes a zero-length span, and the span's ProblemsKey attribute says what
// was wrong. HandleRequestData never panics; a panic from c.Err's methods or
// from tp is reported to otel.Handle. The hook is safe for concurrent use.
func NewHook(tp trace.TracerProvider, opts ...Option) otelhook.RequestHook {
	return newHook(tp, opts...)
}

func newHook(tp trace.TracerProvider, opts ...Option) *hook {
	if tp == nil {
		tp = otel.GetTracerProvider()
	}
	return &hook{
		tracer: tp.Tracer(ScopeName),
		cfg:    newConfig(opts...),
	}
}

// HandleRequestData records c as a span; see NewHook.
func (h *hook) HandleRequestData(ctx context.Context, c otelhook.Call) {
	defer func() {
		if r := recover(); r != nil {
			otel.Handle(fmt.Errorf("bridge: recording %s: %v", spanName(c), r))
		}
	}()
	if ctx == nil {
		ctx = context.Background()
	}
	start, end, problems := h.times(c)
	if c.Operation == "" {
		problems = append(problems, "operation unknown")
	}
	attrs := c.Attributes()
	if c.Method == "" {
		attrs = append(attrs, semconv.HTTPRequestMethodOther)
	}
	attrs = appendServer(attrs, c.URL)
	if len(problems) > 0 {
		attrs = append(attrs, ProblemsKey.StringSlice(problems))
	}
	startOpts := []trace.SpanStartOption{
		trace.WithSpanKind(trace.SpanKindClient),
		trace.WithTimestamp(start),
		trace.WithAttributes(attrs...),
	}
	if h.newRoot {
		startOpts = append(startOpts, trace.WithNewRoot())
	}
	_, span := h.tracer.Start(ctx, spanName(c), startOpts...)
	switch {
	case c.Err != nil:
		span.SetStatus(codes.Error, errorMessage(c.Err))
	case c.StatusCode >= 400:
		span.SetStatus(codes.Error, "")
	}
	span.End(trace.WithTimestamp(end))
}

// errorMessage returns err.Error(), or says that it panicked.
func errorMessage(err error) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = fmt.Sprintf("%T (its Error method panicked: %v)", err, r)
		}
	}()
	return err.Error()
}

// spanName is otelhook.SpanName, except that a call with neither operation
// nor method is named "HTTP", as semconv names a span whose method is
// unknown.
func spanName(c otelhook.Call) string {
	if c.Operation == "" && c.Method == "" {
		return "HTTP"
	}
	return otelhook.SpanName(c.Service, c.Operation, c.Method)
}

// times returns the span's start and end times and what was wrong with c's.
func (h *hook) times(c otelhook.Call) (start, end time.Time, problems []string) {
	start, end = c.Start, c.End
	switch {
	case start.IsZero() && end.IsZero():
		start = h.cfg.now()
		end = start
		problems = append(problems, "start and end time unknown: recorded at the time the call was reported")
	case start.IsZero():
		start = end
		problems = append(problems, "start time unknown: the span starts at its end")
	case end.IsZero():
		end = start
		problems = append(problems, "end time unknown: the span ends at its start")
	case end.Before(start):
		problems = append(problems, "end "+start.Sub(end).String()+" before start: the span ends at its start")
		end = start
	}
	return start, end, problems
}

// appendServer appends server.address and server.port from rawURL as
// otelhttp records them: the port only when it is not the scheme's default.
func appendServer(attrs []attribute.KeyValue, rawURL string) []attribute.KeyValue {
	if rawURL == "" {
		return attrs
	}
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" {
		return attrs
	}
	host, portStr, err := net.SplitHostPort(u.Host)
	if err != nil {
		host, portStr = u.Host, ""
		if len(host) > 1 && host[0] == '[' && host[len(host)-1] == ']' {
			host = host[1 : len(host)-1]
		}
	}
	attrs = append(attrs, semconv.ServerAddress(host))
	port, err := strconv.Atoi(portStr)
	if err == nil && port > 0 {
		if (u.Scheme == "https" && port != 443) || (u.Scheme != "https" && port != 80) {
			attrs = append(attrs, semconv.ServerPort(port))
		}
	}
	return attrs
}
