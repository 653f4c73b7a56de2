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
	"go.opentelemetry.io/otel/trace"

	"github.com/requesthook/requesthook/apicall"
	"github.com/requesthook/requesthook/internal/redact"
)

// ScopeName is the instrumentation scope of the spans NewHook and Replay
// create.
const ScopeName = "github.com/requesthook/requesthook/bridge"

// ProblemsKey is the span attribute (a string slice) that says what was
// wrong with a Call NewHook recorded anyway: an unknown operation, a missing
// start or end time, an end before the start.
const ProblemsKey = attribute.Key("requesthook.bridge.problems")

// hook is the apicall.RequestHook returned by NewHook.
type hook struct {
	tracer  trace.Tracer
	cfg     hookConfig
	newRoot bool
}

var _ apicall.RequestHook = (*hook)(nil)

// NewHook returns a RequestHook that records each Call it is handed as a
// CLIENT span of tp (otel.GetTracerProvider() when nil), for calls that do
// not go through otelhook.Transport: a hand-written client, a non-HTTP
// protocol, a replayed log. The span looks like the Transport's for the same
// call, so apicall.CallFromSpan, the legacy exporter and Jaeger read it
// alike:
//
//   - it starts at c.Start and ends at c.End (trace.WithTimestamp), as a
//     child of the span in the context HandleRequestData is given;
//   - its name is apicall.SpanName(c.Service, c.Operation, c.Method);
//   - its attributes are c.Attributes() after three defaults: rpc.system.name
//     "aws-api" when c names an operation and no RPC system, server.address
//     and server.port taken from c.URL as otelhttp takes them, and
//     http.request.method "_OTHER" when c.Method is empty (what otelhttp
//     records for a method it does not know);
//   - its status is Error with c.Err's message (the secrets of c.URL
//     redacted) when c.Err is set, Error when
//     c.StatusCode >= 400, unset otherwise; error.type is in the attributes.
//
// A Call with an empty Operation, no Start, no End or an End before its
// Start is recorded all the same: a missing time is taken from the other one
// (both missing: the time HandleRequestData runs), an End before Start
// becomes a zero-length span, and the span's ProblemsKey attribute says what
// was wrong. HandleRequestData never panics; a panic from c.Err's methods or
// from tp is reported to otel.Handle. The hook is safe for concurrent use.
func NewHook(tp trace.TracerProvider, opts ...HookOption) apicall.RequestHook {
	return newHook(tp, opts...)
}

func newHook(tp trace.TracerProvider, opts ...HookOption) *hook {
	if tp == nil {
		tp = otel.GetTracerProvider()
	}
	return &hook{
		tracer: tp.Tracer(ScopeName),
		cfg:    newHookConfig(opts...),
	}
}

// HandleRequestData records c as a span; see NewHook.
func (h *hook) HandleRequestData(ctx context.Context, c apicall.Call) {
	defer func() {
		if r := recover(); r != nil {
			otel.Handle(fmt.Errorf("bridge: recording %s: %v", spanName(c), r))
		}
	}()
	if ctx == nil {
		ctx = context.Background()
	}
	s := SpanOf(c, h.cfg.now)
	startOpts := []trace.SpanStartOption{
		trace.WithSpanKind(trace.SpanKindClient),
		trace.WithTimestamp(s.Start),
		trace.WithAttributes(s.Attributes...),
	}
	if h.newRoot {
		startOpts = append(startOpts, trace.WithNewRoot())
	}
	_, span := h.tracer.Start(ctx, s.Name, startOpts...)
	if s.StatusCode != codes.Unset {
		span.SetStatus(s.StatusCode, s.StatusDescription)
	}
	span.End(trace.WithTimestamp(s.End))
}

// errorMessage returns err.Error() with the secrets of rawURL redacted, or
// says that it panicked.
func errorMessage(err error, rawURL string) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = fmt.Sprintf("%T (its Error method panicked: %v)", err, r)
		}
	}()
	u, _ := url.Parse(rawURL)
	return redact.Error(err, u).Error()
}

// spanName is the one span name rule, apicall.SpanName.
func spanName(c apicall.Call) string {
	return apicall.SpanName(c.Service, c.Operation, c.Method)
}

// times returns the span's start and end times and what was wrong with c's.
func times(c apicall.Call, now func() time.Time) (start, end time.Time, problems []string) {
	start, end = c.Start, c.End
	switch {
	case start.IsZero() && end.IsZero():
		start = now()
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

// server returns server.address and server.port from rawURL as otelhttp
// records them: the port only when it is not the scheme's default.
func server(rawURL string) (host string, port int) {
	if rawURL == "" {
		return "", 0
	}
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" {
		return "", 0
	}
	host, portStr, err := net.SplitHostPort(u.Host)
	if err != nil {
		host, portStr = u.Host, ""
		if len(host) > 1 && host[0] == '[' && host[len(host)-1] == ']' {
			host = host[1 : len(host)-1]
		}
	}
	port, err = strconv.Atoi(portStr)
	if err != nil || port <= 0 || (u.Scheme == "https" && port == 443) || (u.Scheme != "https" && port == 80) {
		port = 0
	}
	return host, port
}
