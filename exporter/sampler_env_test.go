package exporter

import (
	"context"
	"encoding/binary"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unsafe"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
)

// fixedIDs is an sdktrace.IDGenerator whose root spans get the trace ID set
// last, so a TracerProvider's sampler can be asked about chosen trace IDs.
type fixedIDs struct {
	mu      sync.Mutex
	traceID trace.TraceID
}

func (g *fixedIDs) set(id trace.TraceID) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.traceID = id
}

func (g *fixedIDs) NewIDs(context.Context) (trace.TraceID, trace.SpanID) {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.traceID, trace.SpanID{9}
}

func (g *fixedIDs) NewSpanID(context.Context, trace.TraceID) trace.SpanID {
	return trace.SpanID{9}
}

// ratioTraceID returns a trace ID whose lower 63 bits of the last 8 bytes are
// v, the value TraceIDRatioBased compares with its bound.
func ratioTraceID(v uint64) trace.TraceID {
	var id trace.TraceID
	id[0] = 1
	binary.BigEndian.PutUint64(id[8:], v<<1)
	return id
}

// samplerTraceIDs returns trace IDs on both sides of the bound of every
// ratio arg could name, and a few others.
func samplerTraceIDs(arg string) []trace.TraceID {
	vals := []uint64{0, 1, 1 << 62, 1<<63 - 1, 12345678901234567}
	if r, err := strconv.ParseFloat(strings.TrimSpace(arg), 64); err == nil && r > 0 && r < 1 {
		bound := uint64(r * (1 << 63))
		vals = append(vals, bound-1, bound, bound+1)
	}
	ids := make([]trace.TraceID, len(vals))
	for i, v := range vals {
		ids[i] = ratioTraceID(v)
	}
	return ids
}

// decisionOf reads the sampling decision from a started span.
func decisionOf(s trace.Span) sdktrace.SamplingDecision {
	switch {
	case s.SpanContext().IsSampled():
		return sdktrace.RecordAndSample
	case s.IsRecording():
		return sdktrace.RecordOnly
	default:
		return sdktrace.Drop
	}
}

// providerSampler returns the sampler tp uses, read from its unexported
// field, or nil when the SDK no longer has that field.
func providerSampler(tp *sdktrace.TracerProvider) sdktrace.Sampler {
	f := reflect.ValueOf(tp).Elem().FieldByName("sampler")
	if !f.IsValid() {
		return nil
	}
	s, _ := reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem().Interface().(sdktrace.Sampler)
	return s
}

// TestSamplerFromEnvMatchesSDK checks the copy of the SDK's
// OTEL_TRACES_SAMPLER parsing against the SDK itself: for each environment, a
// TracerProvider made without WithSampler and samplerFromEnv must decide
// alike for root spans and for every kind of parent, on trace IDs around the
// ratio's bound, describe the sampler alike and agree on whether the value is
// invalid.
func TestSamplerFromEnvMatchesSDK(t *testing.T) {
	envs := []struct{ sampler, arg string }{
		{"", ""}, {"", "0.5"},
		{"always_on", ""}, {"ALWAYS_ON", "0.5"}, {" always_off ", ""},
		{"traceidratio", ""}, {"traceidratio", "0.25"}, {"traceidratio", " 0.5 "},
		{"traceidratio", "0"}, {"traceidratio", "1"}, {"traceidratio", "1e-3"},
		{"traceidratio", "2"}, {"traceidratio", "-0.5"}, {"traceidratio", "x"},
		{"traceidratio", "NaN"}, {"traceidratio", "Inf"},
		{"parentbased_always_on", ""}, {"parentbased_always_off", "x"},
		{"parentbased_traceidratio", ""}, {"parentbased_traceidratio", "0.01"},
		{"parentbased_traceidratio", "1.5"}, {"parentbased_traceidratio", "bad"},
		{"jaeger_remote", ""}, {"parentbased_jaeger_remote", "0.5"}, {"xray", ""},
		{"always-on", ""}, {"traceidratio0.5", ""},
	}
	parents := []struct {
		name  string
		flags trace.TraceFlags
		local bool
		none  bool
	}{
		{name: "root", none: true},
		{name: "remote sampled", flags: trace.FlagsSampled},
		{name: "remote not sampled"},
		{name: "local sampled", flags: trace.FlagsSampled, local: true},
		{name: "local not sampled", local: true},
	}
	for _, env := range envs {
		t.Run(env.sampler+"_"+env.arg, func(t *testing.T) {
			t.Setenv("OTEL_TRACES_SAMPLER", env.sampler)
			t.Setenv("OTEL_TRACES_SAMPLER_ARG", env.arg)
			errs := recordErrors(t)
			ids := &fixedIDs{}
			tp := sdktrace.NewTracerProvider(sdktrace.WithIDGenerator(ids))
			defer tp.Shutdown(context.Background())
			sdkErr := len(errs()) > 0
			ours, err := samplerFromEnv()
			if got := err != nil; got != sdkErr {
				t.Errorf("samplerFromEnv error %v; the SDK reported an error: %v", err, sdkErr)
			}
			if s := providerSampler(tp); s == nil {
				t.Log("the SDK's TracerProvider has no sampler field: Description not compared")
			} else if got, want := ours.Description(), s.Description(); got != want {
				t.Errorf("Description() = %q, the SDK's is %q", got, want)
			}
			tr := tp.Tracer("test")
			for _, id := range samplerTraceIDs(env.arg) {
				for _, p := range parents {
					ctx := context.Background()
					if !p.none {
						sc := trace.NewSpanContext(trace.SpanContextConfig{
							TraceID: id, SpanID: trace.SpanID{1}, TraceFlags: p.flags, Remote: !p.local,
						})
						ctx = trace.ContextWithSpanContext(ctx, sc)
					}
					ids.set(id)
					_, span := tr.Start(ctx, "x", trace.WithSpanKind(trace.SpanKindClient))
					want := decisionOf(span)
					span.End()
					got := ours.ShouldSample(sdktrace.SamplingParameters{
						ParentContext: ctx, TraceID: id, Name: "x", Kind: trace.SpanKindClient,
					}).Decision
					if got != want {
						t.Errorf("%s, trace ID %s: decision %v, the SDK's %v", p.name, id, got, want)
					}
				}
			}
		})
	}
}
