package otelhook_test

import (
	"net/http"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/requesthook/requesthook/otelhook"
)

// recorder returns a TracerProvider that records every span synchronously.
func recorder(t testing.TB) (*sdktrace.TracerProvider, *tracetest.SpanRecorder) {
	t.Helper()
	sr := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(sr))
	t.Cleanup(func() { _ = tp.Shutdown(t.Context()) })
	return tp, sr
}

// client returns an http.Client whose Transport records into a fresh recorder.
func client(t testing.TB, base http.RoundTripper, opts ...otelhook.Option) (*http.Client, *tracetest.SpanRecorder) {
	t.Helper()
	tp, sr := recorder(t)
	opts = append([]otelhook.Option{otelhook.WithTracerProvider(tp)}, opts...)
	return &http.Client{Transport: otelhook.NewTransport(base, opts...)}, sr
}

// attrs maps a span's attributes by key.
func attrs(s sdktrace.ReadOnlySpan) map[attribute.Key]attribute.Value {
	m := make(map[attribute.Key]attribute.Value)
	for _, kv := range s.Attributes() {
		m[kv.Key] = kv.Value
	}
	return m
}

// onlySpan returns the one ended span, failing the test if there is not
// exactly one.
func onlySpan(t testing.TB, sr *tracetest.SpanRecorder) sdktrace.ReadOnlySpan {
	t.Helper()
	ended := sr.Ended()
	if len(ended) != 1 {
		names := make([]string, len(ended))
		for i, s := range ended {
			names[i] = s.Name()
		}
		t.Fatalf("got %d ended spans %q, want 1", len(ended), names)
	}
	if started := len(sr.Started()); started != 1 {
		t.Fatalf("got %d started spans, want 1", started)
	}
	return ended[0]
}

// wantAttr checks one attribute's value, as its string form.
func wantAttr(t testing.TB, s sdktrace.ReadOnlySpan, key attribute.Key, want string) {
	t.Helper()
	v, ok := attrs(s)[key]
	if !ok {
		t.Errorf("span %q: attribute %s missing, want %q", s.Name(), key, want)
		return
	}
	if got := v.Emit(); got != want {
		t.Errorf("span %q: %s = %q, want %q", s.Name(), key, got, want)
	}
}

// noAttr checks that a span lacks an attribute.
func noAttr(t testing.TB, s sdktrace.ReadOnlySpan, key attribute.Key) {
	t.Helper()
	if v, ok := attrs(s)[key]; ok {
		t.Errorf("span %q: attribute %s = %q, want none", s.Name(), key, v.Emit())
	}
}
