package otelhook

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/smithy-go/middleware"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/requesthook/requesthook/apicall"
)

// ScopeName is the instrumentation scope of the call spans InstrumentConfig
// records (the attempt spans are otelhttp's).
const ScopeName = "github.com/requesthook/requesthook/otelhook"

// callMiddlewareID is the ID of the call middleware in the Initialize step.
const callMiddlewareID = "requesthook.CallSpan"

// callMiddleware is the aws-sdk-go-v2 middleware that records one CLIENT span
// per SDK operation, the logical call. It is the first middleware of the
// Initialize step, the outermost step, so its span starts before the input is
// serialized and ends after the result is deserialized, covering every HTTP
// attempt and the retry back-off between them. The Transport's otelhttp
// spans, one per attempt, are its children: the request context carries the
// call span. It is safe for concurrent use.
type callMiddleware struct {
	tracer  trace.Tracer
	cfg     config
	metrics *callMetrics
}

var _ middleware.InitializeMiddleware = (*callMiddleware)(nil)

func newCallMiddleware(cfg config) *callMiddleware {
	return &callMiddleware{tracer: cfg.tracerProvider.Tracer(ScopeName), cfg: cfg, metrics: newCallMetrics(cfg.meterProvider)}
}

// ID names the middleware in the stack.
func (*callMiddleware) ID() string { return callMiddlewareID }

// addTo puts the middleware first in the Initialize step, once.
func (m *callMiddleware) addTo(s *middleware.Stack) error {
	if _, ok := s.Initialize.Get(callMiddlewareID); ok {
		return nil
	}
	return s.Initialize.Add(m, middleware.Before)
}

// HandleInitialize runs the rest of the stack inside the call span.
func (m *callMiddleware) HandleInitialize(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (
	middleware.InitializeOutput, middleware.Metadata, error,
) {
	service, op := awsmiddleware.GetServiceID(ctx), awsmiddleware.GetOperationName(ctx)
	d := callNames(service, op)
	start := time.Now()
	ctx, span := m.tracer.Start(ctx, d.name, trace.WithSpanKind(trace.SpanKindClient))
	if !span.IsRecording() && (op == "" || !m.metrics.duration.Enabled(ctx)) {
		// The attempts inherit the sampling decision through ctx.
		out, md, err := next.HandleInitialize(ctx, in)
		span.End()
		return out, md, err
	}
	cc := &callContext{Context: ctx}
	cc.st.last.size = -1
	cc.st.service, cc.st.operation, cc.st.name, cc.st.rpcMethod = d.service, d.operation, d.name, d.rpcMethod
	out, md, err := next.HandleInitialize(cc, in)

	c := cc.st.finish()
	c.Role = apicall.RoleCall
	c.RPCSystem = apicall.SystemAWS
	c.Service, c.Operation = d.service, d.operation
	c.Region = awsmiddleware.GetRegion(ctx)
	c.Attempt = 0 // the call has no resend count of its own
	inputAttributes(&c, in.Parameters, m.cfg)
	var msg string
	if err != nil {
		c.ErrorType, msg = callError(err, cc.st.lastURL, m.cfg.redactedParams)
	}
	setAttributes(span, &c, d.rpcMethod)
	if err != nil {
		span.SetStatus(codes.Error, msg)
	}
	if op != "" {
		m.metrics.recordCall(ctx, callKeyOf(&c, d.rpcMethod), time.Since(start))
	}
	span.End()
	return out, md, err
}

// callNames returns the names of calls to op of service: the span name and
// rpc.method, derived once per operation and then shared by its calls.
func callNames(service, op string) *detection {
	k := [2]string{service, op}
	if d, ok := callNameCache.Load(k); ok {
		return d.(*detection)
	}
	d := new(detection)
	d.set(service, op, nil, true) // span name and rpc.method in one allocation
	if d.name == "" {
		d.name = apicall.SpanName(service, op, "")
	}
	if callNamesCached.Load() < maxCachedCallNames {
		if _, loaded := callNameCache.LoadOrStore(k, d); !loaded {
			callNamesCached.Add(1)
		}
	}
	return d
}

// callNameCache maps a service ID and an operation name ([2]string) to
// their *detection (callNames), which is never modified once stored. The
// SDK's operations are a fixed set; the bound (callNamesCached counts the
// entries) keeps a program that makes names up from growing it without end.
var (
	callNameCache   sync.Map
	callNamesCached atomic.Int64
)

// maxCachedCallNames bounds callNameCache.
const maxCachedCallNames = 4096

// callContext carries a call's state down to the Transport. It is one
// allocation where context.WithValue and the state would be two.
type callContext struct {
	context.Context
	st callState
}

type callStateKey struct{}

// Value returns the call state for callStateKey and defers to the parent
// context otherwise.
func (c *callContext) Value(key any) any {
	if _, ok := key.(callStateKey); ok {
		return &c.st
	}
	return c.Context.Value(key)
}

// callStateFrom returns the state of the call a request is an attempt of, or
// nil for a request made outside InstrumentConfig's middleware.
func callStateFrom(ctx context.Context) *callState {
	st, _ := ctx.Value(callStateKey{}).(*callState)
	return st
}

// callState collects what the attempts of one call tell the call span: the
// number of attempts and the final attempt's start, server, status, size and
// request IDs. The Transport writes it, the middleware reads it when the call
// ends; a body read after that (a streamed S3 object) no longer changes it.
// It also hands the attempts the names the middleware derived, set before
// the first attempt and only read after.
type callState struct {
	service, operation string
	name, rpcMethod    string // the call's span name and rpc.method, for its attempts

	mu       sync.Mutex
	done     bool
	attempts int
	start    time.Time
	last     attemptFacts
	lastURL  *url.URL
}

// attemptFacts is what the call span takes from its final attempt.
type attemptFacts struct {
	serverAddress                            string
	serverPort, status                       int
	size                                     int64
	requestID, extendedRequestID, invocation string
}

// beginAttempt records the start of an attempt to r.URL.
func (s *callState) beginAttempt(r *http.Request, start time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.done {
		return
	}
	s.attempts++
	s.start = start
	s.lastURL = r.URL
	s.last = attemptFacts{size: -1}
	if u := r.URL; u != nil {
		s.last.serverAddress = u.Hostname()
		if p := u.Port(); p != "" {
			s.last.serverPort, _ = strconv.Atoi(p)
		}
	}
}

// names reports whether r is an attempt of this call itself, which the
// call's names fit: the SDK operation in r's context is the call's. A
// request sent with the call's context by other means (an SDK client
// without the call middleware sharing the HTTP client) is detected on its
// own.
func (s *callState) names(r *http.Request) bool {
	return s.operation != "" && awsmiddleware.GetOperationName(r.Context()) == s.operation &&
		awsmiddleware.GetServiceID(r.Context()) == s.service
}

// endAttempt records what the attempt's response told: its status (0 for
// none), the facts readResponse put in c and the attempt's invocation ID.
func (s *callState) endAttempt(c *apicall.Call, status int, invocationID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.done {
		return
	}
	s.last.status = status
	s.last.size = c.Size
	s.last.requestID = c.RequestID
	s.last.extendedRequestID = c.ExtendedRequestID
	s.last.invocation = invocationID
}

// setSize records the final attempt's body size once it is known.
func (s *callState) setSize(n int64) {
	s.mu.Lock()
	if !s.done {
		s.last.size = n
	}
	s.mu.Unlock()
}

// finish ends the state and returns the final attempt's facts.
func (s *callState) finish() apicall.Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.done = true
	return apicall.Call{
		ServerAddress: s.last.serverAddress, ServerPort: s.last.serverPort,
		StatusCode: s.last.status, Size: s.last.size,
		RequestID: s.last.requestID, ExtendedRequestID: s.last.extendedRequestID,
		InvocationID: s.last.invocation,
		Attempts:     s.attempts, AttemptStart: s.start,
	}
}

// unrecordedAttempt sends an attempt whose own span is not recorded (a
// sampler that decides per span) and still tells the call its response.
func (s *callState) unrecordedAttempt(base http.RoundTripper, r *http.Request) (*http.Response, error) {
	s.beginAttempt(r, time.Now())
	resp, err := sendUnrecorded(base, r)
	if err == nil && resp != nil {
		c := apicall.Call{Size: -1}
		readResponse(&c, r, resp)
		var d detection
		d.sdkHeaders(r.Header)
		s.endAttempt(&c, resp.StatusCode, d.invocationID)
	}
	return resp, err
}
