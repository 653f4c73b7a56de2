package otelhook_test

import (
	"sort"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"

	"github.com/requesthook/requesthook/apicall"
)

// callTree checks that the recorder holds the spans of exactly one SDK call
// made with wantAttempts HTTP attempts: one CLIENT span with role "call" and
// wantAttempts CLIENT spans with role "attempt", children of the call span,
// and no other span, started or ended. It returns the call span and the
// attempt spans in attempt order.
func callTree(t testing.TB, sr *tracetest.SpanRecorder, wantAttempts int) (sdktrace.ReadOnlySpan, []sdktrace.ReadOnlySpan) {
	t.Helper()
	ended := sr.Ended()
	if started := len(sr.Started()); started != len(ended) {
		t.Errorf("%d spans started, %d ended", started, len(ended))
	}
	if len(ended) != 1+wantAttempts {
		names := make([]string, len(ended))
		for i, s := range ended {
			names[i] = s.Name() + "/" + attrs(s)[apicall.RoleKey].AsString()
		}
		t.Fatalf("got %d spans %q, want 1 call and %d attempts", len(ended), names, wantAttempts)
	}
	var call sdktrace.ReadOnlySpan
	var attempts []sdktrace.ReadOnlySpan
	for _, s := range ended {
		if s.SpanKind() != trace.SpanKindClient {
			t.Errorf("span %q kind = %v, want client", s.Name(), s.SpanKind())
		}
		switch role := attrs(s)[apicall.RoleKey].AsString(); role {
		case apicall.RoleCall:
			if call != nil {
				t.Fatalf("two call spans")
			}
			call = s
		case apicall.RoleAttempt:
			attempts = append(attempts, s)
		default:
			t.Fatalf("span %q has role %q", s.Name(), role)
		}
	}
	if call == nil {
		t.Fatal("no call span")
	}
	for _, a := range attempts {
		if a.Parent().SpanID() != call.SpanContext().SpanID() || a.SpanContext().TraceID() != call.SpanContext().TraceID() {
			t.Errorf("attempt %q is not a child of the call span", a.Name())
		}
	}
	sort.Slice(attempts, func(i, j int) bool {
		return attrs(attempts[i])[semconv.HTTPRequestResendCountKey].AsInt64() < attrs(attempts[j])[semconv.HTTPRequestResendCountKey].AsInt64()
	})
	return call, attempts
}
