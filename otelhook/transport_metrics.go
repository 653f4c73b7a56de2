package otelhook

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"

	"github.com/requesthook/requesthook/apicall"
)

// labelOperation adds rpc.method to the client Labeler otelhttp put in ctx,
// so that otelhttp's own HTTP metrics (http.client.request.duration and
// http.client.request.body.size) carry the operation. otelhttp reads the
// Labeler when the base RoundTripper returns, after the stage ran. A
// Labeler the caller put in the request context itself
// (otelhttp.ContextWithClientLabeler) gets rpc.method too. Nothing is added
// when the MeterProvider records nothing (its instruments are disabled).
func (m *callMetrics) labelOperation(ctx context.Context, rpcMethod string) {
	if rpcMethod == "" || !m.enabled(ctx) {
		return
	}
	if l, ok := otelhttp.ClientLabelerFromContext(ctx); ok {
		l.Add(semconv.RPCMethod(rpcMethod))
	}
}

// recordStage records the stage's metric points for one request: the
// response size when it is known now (eofCounter records it at EOF
// otherwise), and, when the request is a call of its own (no call
// middleware around it) whose operation is known, its
// rpc.client.call.duration point. The duration runs from start, the stage's
// start, to the response headers, as otelhttp's http.client.request.duration
// does. A failed request's error.type is the transport error's class, or the
// AWS error code of an error response; when that code is only known once
// the body is read, eb records the point then, with the status code as
// error.type when no code turns up.
func (m *callMetrics) recordStage(r *http.Request, d *detection, st *callState, start time.Time,
	c *apicall.Call, resp *http.Response, err error, eb *errBody,
) {
	ctx := r.Context()
	if err == nil && resp != nil && c.Size >= 0 {
		m.recordSize(ctx, attemptSizeKey(r, d, resp), c.Size)
	}
	if st != nil || d.operation == "" {
		return
	}
	dur := time.Since(start) // read the clock only when a point needs it
	k := callKey{system: c.RPCSystem, method: d.rpcMethod, server: r.URL.Hostname(), region: d.region}
	switch {
	case err != nil:
		k.errorType = transportErrorType(err)
	case resp != nil && resp.StatusCode >= 400:
		k.errorType = statusErrorType(resp.StatusCode)
		if h := headerErrorCode(header(resp.Header, "X-Amzn-Errortype")); h != "" {
			k.errorType = h
		} else if eb != nil {
			eb.call = pendingCall{metrics: m, ctx: ctx, key: k, dur: dur}
			return
		}
	}
	m.recordCall(ctx, k, dur)
}

// attemptSizeKey returns the http.client.response.body.size key of an
// attempt.
func attemptSizeKey(r *http.Request, d *detection, resp *http.Response) sizeKey {
	return sizeKey{rpcMethod: d.rpcMethod, httpMethod: standardMethod(r.Method),
		server: r.URL.Hostname(), status: resp.StatusCode}
}

// pendingCall is a Transport call point waiting for its error response's
// AWS error code; its zero value records nothing.
type pendingCall struct {
	metrics *callMetrics
	ctx     context.Context
	key     callKey
	dur     time.Duration
}

// record records the point with code, when not empty, as error.type.
func (p *pendingCall) record(code string) {
	if p.metrics == nil {
		return
	}
	if code != "" {
		p.key.errorType = code
	}
	p.metrics.recordCall(p.ctx, p.key, p.dur)
}

// statusCodes holds the error.type values of the status codes 400 to 599,
// so that recording one does not allocate.
var statusCodes = func() (s [200]string) {
	for i := range s {
		s[i] = strconv.Itoa(400 + i)
	}
	return s
}()

// statusErrorType returns the error.type of an error status code: the code
// itself, as the HTTP conventions have it.
func statusErrorType(status int) string {
	if status >= 400 && status < 600 {
		return statusCodes[status-400]
	}
	return strconv.Itoa(status)
}

// standardMethod returns the http.request.method value of m: a method
// known to RFC 9110 or PATCH, else "_OTHER", as otelhttp records it.
func standardMethod(m string) string {
	switch m {
	case "":
		return http.MethodGet
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodConnect, http.MethodOptions, http.MethodTrace:
		return m
	}
	return "_OTHER"
}
