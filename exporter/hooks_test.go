package exporter_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"

	"github.com/requesthook/requesthook/exporter"
	"github.com/requesthook/requesthook/otelhook"
)

// collect is a RequestHook that keeps every Call it is given.
type collect struct {
	mu    sync.Mutex
	calls []otelhook.Call
	ctxs  []context.Context
}

func (c *collect) HandleRequestData(ctx context.Context, call otelhook.Call) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls = append(c.calls, call)
	c.ctxs = append(c.ctxs, ctx)
}

func TestSpanProcessorCallsHooks(t *testing.T) {
	first, second := &collect{}, &collect{}
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(exporter.NewHookProcessor(first, nil, second)))
	defer tp.Shutdown(t.Context())
	tr := tp.Tracer("test")

	_, app := tr.Start(t.Context(), "application work") // internal: ignored
	app.End()
	_, server := tr.Start(t.Context(), "GET /", trace.WithSpanKind(trace.SpanKindServer),
		trace.WithAttributes(semconv.HTTPRequestMethodKey.String("GET")))
	server.End()
	_, plain := tr.Start(t.Context(), "client without HTTP", trace.WithSpanKind(trace.SpanKindClient))
	plain.End()
	_, call := tr.Start(t.Context(), "EC2.DescribeVolumes", trace.WithSpanKind(trace.SpanKindClient),
		trace.WithAttributes(semconv.HTTPRequestMethodKey.String("POST"), semconv.RPCMethod("EC2/DescribeVolumes")))
	call.End()

	for _, h := range []*collect{first, second} {
		if len(h.calls) != 1 {
			t.Fatalf("hook got %d calls, want 1", len(h.calls))
		}
		if got := h.calls[0]; got.Service != "EC2" || got.Operation != "DescribeVolumes" || got.Method != "POST" {
			t.Errorf("Call = %+v", got)
		}
		if sc := trace.SpanContextFromContext(h.ctxs[0]); sc.SpanID() != call.SpanContext().SpanID() {
			t.Errorf("hook context carries span %v, want %v", sc.SpanID(), call.SpanContext().SpanID())
		}
	}
}

func TestSpanProcessorRecoversPanics(t *testing.T) {
	var (
		mu      sync.Mutex
		handled []error
	)
	prev := otel.GetErrorHandler()
	otel.SetErrorHandler(otel.ErrorHandlerFunc(func(err error) {
		mu.Lock()
		handled = append(handled, err)
		mu.Unlock()
	}))
	defer otel.SetErrorHandler(prev)

	after := &collect{}
	boom := otelhook.HookFunc(func(context.Context, otelhook.Call) { panic("hook bug") })
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(exporter.NewHookProcessor(boom, after)))
	defer tp.Shutdown(t.Context())
	_, span := tp.Tracer("test").Start(t.Context(), "DescribeVolumes", trace.WithSpanKind(trace.SpanKindClient),
		trace.WithAttributes(semconv.RPCMethod("DescribeVolumes")))
	span.End() // must not panic

	if len(after.calls) != 1 {
		t.Errorf("the hook after the panicking one got %d calls, want 1", len(after.calls))
	}
	mu.Lock()
	defer mu.Unlock()
	if len(handled) != 1 || !strings.Contains(handled[0].Error(), "hook bug") || !strings.Contains(handled[0].Error(), "DescribeVolumes") {
		t.Errorf("otel.Handle got %v, want one error naming the panic and the call", handled)
	}
}

func TestCallFromSpan(t *testing.T) {
	start := time.Date(2014, 2, 26, 21, 38, 26, 208458000, time.UTC)
	end := start.Add(791542 * time.Microsecond)
	tests := []struct {
		name   string
		stub   tracetest.SpanStub
		want   otelhook.Call
		wantOK bool
	}{
		{
			name: "full AWS call",
			stub: tracetest.SpanStub{SpanKind: trace.SpanKindClient, StartTime: start, EndTime: end, Attributes: []attribute.KeyValue{
				semconv.HTTPRequestMethodKey.String("POST"), semconv.URLFull("https://ec2.us-west-2.amazonaws.com/"),
				semconv.RPCMethod("EC2/DescribeVolumes"), semconv.HTTPResponseStatusCode(200),
				semconv.HTTPResponseBodySize(592), semconv.HTTPRequestResendCount(2), semconv.AWSRequestID("req-1"),
			}},
			want: otelhook.Call{Start: start, End: end, Service: "EC2", Operation: "DescribeVolumes", Method: "POST",
				URL: "https://ec2.us-west-2.amazonaws.com/", StatusCode: 200, Size: 592, Attempt: 3, RequestID: "req-1"},
			wantOK: true,
		},
		{
			name: "bare operation, size unknown",
			stub: tracetest.SpanStub{SpanKind: trace.SpanKindClient, StartTime: start, EndTime: end, Attributes: []attribute.KeyValue{
				semconv.RPCMethod("DescribeVolumes"), semconv.HTTPResponseStatusCode(500),
			}},
			want:   otelhook.Call{Start: start, End: end, Operation: "DescribeVolumes", StatusCode: 500, Size: -1, Attempt: 1},
			wantOK: true,
		},
		{
			name: "transport error",
			stub: tracetest.SpanStub{SpanKind: trace.SpanKindClient, StartTime: start, EndTime: end,
				Status:     sdktrace.Status{Code: codes.Error, Description: "dial tcp: connection refused"},
				Attributes: []attribute.KeyValue{semconv.HTTPRequestMethodKey.String("GET"), semconv.ErrorTypeKey.String("*net.OpError")}},
			want:   otelhook.Call{Start: start, End: end, Method: "GET", Size: -1, Attempt: 1, ErrorType: "*net.OpError", Err: errors.New("dial tcp: connection refused")},
			wantOK: true,
		},
		{
			name:   "internal span",
			stub:   tracetest.SpanStub{SpanKind: trace.SpanKindInternal, Attributes: []attribute.KeyValue{semconv.HTTPRequestMethodKey.String("GET")}},
			wantOK: false,
		},
		{
			name:   "client span that is not a call",
			stub:   tracetest.SpanStub{SpanKind: trace.SpanKindClient, Attributes: []attribute.KeyValue{semconv.DBSystemNamePostgreSQL}},
			wantOK: false,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := exporter.CallFromSpan(tt.stub.Snapshot())
			if ok != tt.wantOK {
				t.Fatalf("ok = %v, want %v", ok, tt.wantOK)
			}
			if (got.Err == nil) != (tt.want.Err == nil) || (got.Err != nil && got.Err.Error() != tt.want.Err.Error()) {
				t.Errorf("Err = %v, want %v", got.Err, tt.want.Err)
			}
			got.Err, tt.want.Err = nil, nil
			if got != tt.want {
				t.Errorf("Call =\n%+v, want\n%+v", got, tt.want)
			}
		})
	}
	if _, ok := exporter.CallFromSpan(nil); ok {
		t.Error("CallFromSpan(nil) = true")
	}
}

func TestCallAttributesRoundTrip(t *testing.T) {
	// What Attributes writes, CallFromSpan reads back.
	start := time.Date(2014, 2, 26, 21, 38, 26, 0, time.UTC)
	calls := []otelhook.Call{
		{Start: start, End: start.Add(time.Second), Role: "attempt", RPCSystem: "aws-api", Service: "EC2", Operation: "DescribeVolumes", Method: "POST",
			URL: "https://ec2.amazonaws.com/", ServerAddress: "ec2.amazonaws.com", ServerPort: 8443, Region: "us-west-2",
			StatusCode: 200, Size: 592, Attempt: 2, RequestID: "r", ExtendedRequestID: "x", InvocationID: "i"},
		{Start: start, End: start, Operation: "GetItem", StatusCode: 400, Size: 10, Attempt: 1, ErrorType: "ThrottlingException"},
		{Start: start, End: start, Operation: "CreateImage", StatusCode: 500, Size: -1, Attempt: 1},
	}
	for _, c := range calls {
		stub := tracetest.SpanStub{SpanKind: trace.SpanKindClient, StartTime: c.Start, EndTime: c.End, Attributes: c.Attributes()}
		got, ok := exporter.CallFromSpan(stub.Snapshot())
		if !ok || got != c {
			t.Errorf("CallFromSpan(Attributes(%+v)) = %+v, %v", c, got, ok)
		}
	}
}
