package bridge_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"

	"github.com/requesthook/requesthook/apicall"
	"github.com/requesthook/requesthook/bridge"
	"github.com/requesthook/requesthook/exporter"
	"github.com/requesthook/requesthook/otelhook"
)

// record hands c to a NewHook over a recording provider and returns the span.
func record(t *testing.T, ctx context.Context, c otelhook.Call, opts ...bridge.HookOption) sdktrace.ReadOnlySpan {
	t.Helper()
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	bridge.NewHook(tp, opts...).HandleRequestData(ctx, c)
	spans := rec.Ended()
	if len(spans) != 1 {
		t.Fatalf("got %d spans, want 1", len(spans))
	}
	return spans[0]
}

func attrMap(s sdktrace.ReadOnlySpan) map[attribute.Key]attribute.Value {
	m := make(map[attribute.Key]attribute.Value)
	for _, kv := range s.Attributes() {
		m[kv.Key] = kv.Value
	}
	return m
}

func TestHookSpan(t *testing.T) {
	start := time.Date(2024, 5, 6, 7, 8, 9, 123456789, time.UTC)
	end := start.Add(791542 * time.Microsecond)
	base := otelhook.Call{
		Start: start, End: end, Service: "EC2", Operation: "DescribeVolumes", Method: "POST",
		URL: "https://ec2.us-east-1.amazonaws.com:8443/?X-Amz-Signature=secret", StatusCode: 200, Size: 592,
		Attempt: 2, RequestID: "req-1",
	}
	tests := []struct {
		name       string
		mod        func(*otelhook.Call)
		spanName   string
		status     codes.Code
		desc       string
		errorType  string
		problems   []string
		start, end time.Time
	}{
		{"ok", func(*otelhook.Call) {}, "EC2.DescribeVolumes", codes.Unset, "", "", nil, start, end},
		{"http error", func(c *otelhook.Call) { c.StatusCode = 503 }, "EC2.DescribeVolumes", codes.Error, "", "503", nil, start, end},
		{"failed", func(c *otelhook.Call) { c.StatusCode = 0; c.Size = -1; c.Err = apicall.ErrNoResponse }, "EC2.DescribeVolumes", codes.Error, "request failed without a response", "no_response", nil, start, end},
		{"no operation", func(c *otelhook.Call) { c.Operation, c.Service = "", "" }, "HTTP POST", codes.Unset, "", "", []string{"operation unknown"}, start, end},
		{"nothing known", func(c *otelhook.Call) { c.Operation, c.Method, c.Service = "", "", "" }, "HTTP", codes.Unset, "", "", []string{"operation unknown"}, start, end},
		{"no start", func(c *otelhook.Call) { c.Start = time.Time{} }, "EC2.DescribeVolumes", codes.Unset, "", "", []string{"start time unknown: the span starts at its end"}, end, end},
		{"no end", func(c *otelhook.Call) { c.End = time.Time{} }, "EC2.DescribeVolumes", codes.Unset, "", "", []string{"end time unknown: the span ends at its start"}, start, start},
		{"no times", func(c *otelhook.Call) { c.Start, c.End = time.Time{}, time.Time{} }, "EC2.DescribeVolumes", codes.Unset, "", "", []string{"start and end time unknown: recorded at the time the call was reported"}, time.Unix(42, 0), time.Unix(42, 0)},
		{"end before start", func(c *otelhook.Call) { c.Start, c.End = end, start }, "EC2.DescribeVolumes", codes.Unset, "", "", []string{"end 791.542ms before start: the span ends at its start"}, end, end},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := base
			tt.mod(&c)
			s := record(t, context.Background(), c, bridge.WithClock(func() time.Time { return time.Unix(42, 0) }))
			if s.Name() != tt.spanName || s.SpanKind() != trace.SpanKindClient {
				t.Errorf("span %q kind %v, want %q client", s.Name(), s.SpanKind(), tt.spanName)
			}
			if !s.StartTime().Equal(tt.start) || !s.EndTime().Equal(tt.end) {
				t.Errorf("span times %v..%v, want %v..%v", s.StartTime(), s.EndTime(), tt.start, tt.end)
			}
			if st := s.Status(); st.Code != tt.status || st.Description != tt.desc {
				t.Errorf("status %v %q, want %v %q", st.Code, st.Description, tt.status, tt.desc)
			}
			attrs := attrMap(s)
			if got := attrs[semconv.ErrorTypeKey].AsString(); got != tt.errorType {
				t.Errorf("error.type = %q, want %q", got, tt.errorType)
			}
			if got := attrs[bridge.ProblemsKey].AsStringSlice(); !slices.Equal(got, tt.problems) {
				t.Errorf("problems = %q, want %q", got, tt.problems)
			}
			if got := attrs[semconv.URLFullKey].AsString(); got != "https://ec2.us-east-1.amazonaws.com:8443/?X-Amz-Signature=REDACTED" {
				t.Errorf("url.full = %q", got)
			}
			if attrs[semconv.ServerAddressKey].AsString() != "ec2.us-east-1.amazonaws.com" || attrs[semconv.ServerPortKey].AsInt64() != 8443 {
				t.Errorf("server.address/port = %v %v", attrs[semconv.ServerAddressKey], attrs[semconv.ServerPortKey])
			}
			got, ok := exporter.CallFromSpan(s)
			if !ok {
				t.Fatal("CallFromSpan does not take the span for a call")
			}
			if got.Operation != c.Operation || got.Service != c.Service || got.StatusCode != c.StatusCode ||
				got.Size != c.Size || got.Attempt != c.Attempt || got.RequestID != c.RequestID {
				t.Errorf("CallFromSpan = %+v, want the fields of %+v", got, c)
			}
			if (got.Err == nil) != (c.Err == nil) || (c.Err != nil && got.Err.Error() != c.Err.Error()) {
				t.Errorf("CallFromSpan Err = %v, want %v", got.Err, c.Err)
			}
		})
	}
}

func TestHookParent(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	ctx, parent := tp.Tracer("app").Start(context.Background(), "work")
	now := time.Now()
	bridge.NewHook(tp).HandleRequestData(ctx, otelhook.Call{Start: now, End: now.Add(time.Millisecond), Operation: "SendMessage", StatusCode: 200})
	parent.End()
	spans := rec.Ended()
	if len(spans) != 2 {
		t.Fatalf("%d spans", len(spans))
	}
	if got, want := spans[0].Parent().SpanID(), parent.SpanContext().SpanID(); got != want {
		t.Errorf("parent %v, want %v", got, want)
	}
	if spans[0].InstrumentationScope().Name != bridge.ScopeName {
		t.Errorf("scope %q", spans[0].InstrumentationScope().Name)
	}
}

// panicErr panics when asked for its message.
type panicErr struct{}

func (*panicErr) Error() string { panic("boom") }

func TestHookNeverPanics(t *testing.T) {
	var e *panicErr
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	h := bridge.NewHook(tp)
	h.HandleRequestData(nil, otelhook.Call{Err: e}) //nolint:staticcheck // a nil context is part of the test
	h.HandleRequestData(context.Background(), otelhook.Call{Err: errors.New("x"), Size: -5, StatusCode: -1, URL: "::not a url"})
	bridge.NewHook(nil).HandleRequestData(context.Background(), otelhook.Call{})
	spans := rec.Ended()
	if len(spans) != 2 {
		t.Fatalf("%d spans ended, want 2", len(spans))
	}
	if got, want := spans[0].Status().Description, "*bridge_test.panicErr (its Error method panicked: boom)"; got != want {
		t.Errorf("status %q, want %q", got, want)
	}
}

// TestHookRedactsErrors: a caller's error that quotes a presigned URL (its
// own, or a redirect target) never reaches the span status with its secrets.
func TestHookRedactsErrors(t *testing.T) {
	end := time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)
	const presigned = "https://b.s3.amazonaws.com/k?X-Amz-Credential=AKIDEXAMPLE%2F20240506%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Signature=deadbeef&X-Amz-Security-Token=tok3n"
	tests := []struct {
		name string
		url  string
		err  error
	}{
		{"own URL", presigned, fmt.Errorf(`Get %q: dial tcp: connection refused`, presigned)},
		{"redirect target", "https://example.com/start",
			fmt.Errorf(`Get "https://example.com/start": redirect to %q refused`, "https://x.example/cb?access_token=s3cr3t&state=1")},
		{"credentials", "https://user:hunter2@example.com/", errors.New(`Get "https://user:hunter2@example.com/": EOF`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := otelhook.Call{Start: end.Add(-time.Second), End: end, Operation: "GetObject", Method: "GET", URL: tt.url, Size: -1, Err: tt.err}
			s := record(t, context.Background(), c)
			desc := s.Status().Description
			for _, secret := range []string{"deadbeef", "tok3n", "AKIDEXAMPLE", "s3cr3t", "hunter2"} {
				if strings.Contains(desc, secret) {
					t.Errorf("span status %q holds the secret %q", desc, secret)
				}
				for _, kv := range s.Attributes() {
					if strings.Contains(kv.Value.Emit(), secret) {
						t.Errorf("attribute %s=%q holds the secret %q", kv.Key, kv.Value.Emit(), secret)
					}
				}
			}
			if !strings.Contains(desc, "REDACTED") {
				t.Errorf("span status %q: want the secrets replaced by REDACTED", desc)
			}
		})
	}
}
