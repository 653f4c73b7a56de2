package exporter

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"
)

// endCall starts and ends a CLIENT span for operation op with tracer tr.
func endCall(tr trace.Tracer, op string) {
	_, span := tr.Start(context.Background(), "EC2."+op, trace.WithSpanKind(trace.SpanKindClient),
		trace.WithAttributes(
			semconv.HTTPRequestMethodKey.String("POST"),
			semconv.RPCMethod("EC2/"+op),
			semconv.HTTPResponseStatusCode(200),
			semconv.HTTPResponseBodySize(592),
		))
	span.End()
}

// newTestProvider returns a TracerProvider with p and the given sampler,
// shut down at the end of the test.
func newTestProvider(t *testing.T, p sdktrace.SpanProcessor, opts ...sdktrace.TracerProviderOption) *sdktrace.TracerProvider {
	tp := sdktrace.NewTracerProvider(append(opts, sdktrace.WithSpanProcessor(p))...)
	t.Cleanup(func() { tp.Shutdown(context.Background()) })
	return tp
}

func TestProcessorWritesClientSpans(t *testing.T) {
	var w writeRecorder
	p := NewProcessor(New(&w), WithBatchTimeout(time.Hour))
	tp := newTestProvider(t, p)
	tr := tp.Tracer("test")
	for i := range 10 {
		endCall(tr, "Op"+strconv.Itoa(i))
	}
	_, internal := tr.Start(context.Background(), "internal", trace.WithAttributes(semconv.RPCMethod("EC2/Nope")))
	internal.End()
	if err := p.ForceFlush(t.Context()); err != nil {
		t.Fatal(err)
	}
	got := checkLines(t, w.Bytes())
	if want := "Op0,Op1,Op2,Op3,Op4,Op5,Op6,Op7,Op8,Op9"; strings.Join(got, ",") != want {
		t.Errorf("lines %q, want %s", got, want)
	}
	if n := w.writes(); n != 1 {
		t.Errorf("%d writes, want 1 batch", n)
	}
}

func TestProcessorTakesUnsampledCalls(t *testing.T) {
	var w writeRecorder
	p := NewProcessor(New(&w))
	tp := newTestProvider(t, p, sdktrace.WithSampler(RecordCalls(sdktrace.NeverSample())))
	tr := tp.Tracer("test")
	for i := range 5 {
		endCall(tr, "Op"+strconv.Itoa(i))
	}
	if err := p.ForceFlush(t.Context()); err != nil {
		t.Fatal(err)
	}
	if got := len(checkLines(t, w.Bytes())); got != 5 {
		t.Errorf("%d lines for 5 unsampled calls", got)
	}
}

// gateWriter blocks each Write until it is let through by release.
type gateWriter struct {
	writeRecorder
	entered chan struct{}
	gate    chan struct{}
}

func (g *gateWriter) Write(p []byte) (int, error) {
	g.entered <- struct{}{}
	<-g.gate
	return g.writeRecorder.Write(p)
}

// TestProcessorBlocksWhenQueueFull checks that span End waits for room in a
// full queue instead of dropping the span.
func TestProcessorBlocksWhenQueueFull(t *testing.T) {
	w := &gateWriter{entered: make(chan struct{}, 100), gate: make(chan struct{})}
	p := NewProcessor(New(w), WithQueueSize(2), WithBatchSize(1))
	tr := newTestProvider(t, p).Tracer("test")
	endCall(tr, "Op0") // taken by the worker, which blocks in Write
	<-w.entered
	endCall(tr, "Op1") // queued
	endCall(tr, "Op2") // queued: the queue is full
	ended := make(chan struct{})
	go func() {
		endCall(tr, "Op3")
		close(ended)
	}()
	select {
	case <-ended:
		t.Fatal("span End returned while the queue was full: the span was dropped")
	case <-time.After(100 * time.Millisecond):
	}
	close(w.gate)
	<-ended
	if err := p.ForceFlush(t.Context()); err != nil {
		t.Fatal(err)
	}
	if got := checkLines(t, w.Bytes()); strings.Join(got, ",") != "Op0,Op1,Op2,Op3" {
		t.Errorf("lines %q", got)
	}
}

// TestProcessorRetriesFailedWrites checks that a batch that fails is
// retried, from the first line not written, until the writer recovers.
func TestProcessorRetriesFailedWrites(t *testing.T) {
	errs := recordErrors(t)
	w := &faultyWriter{faults: []int{0, 0, tearSecondLine, 0, 0}}
	p := NewProcessor(New(w), WithBatchTimeout(time.Hour))
	tr := newTestProvider(t, p).Tracer("test")
	for i := range 6 {
		endCall(tr, "Op"+strconv.Itoa(i))
	}
	if err := p.ForceFlush(t.Context()); err != nil {
		t.Fatalf("ForceFlush: %v", err)
	}
	if got := checkLines(t, w.Bytes()); strings.Join(got, ",") != "Op0,Op1,Op2,Op3,Op4,Op5" {
		t.Errorf("lines %q, want each call once", got)
	}
	if got := errs(); len(got) != 0 {
		t.Errorf("otel.Handle got %v for a batch that was written in the end", got)
	}
}

// failingWriter fails every Write with ENOSPC.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, syscall.ENOSPC }

func TestProcessorGivesUp(t *testing.T) {
	errs := recordErrors(t)
	p := NewProcessor(New(failingWriter{}), WithRetryTimeout(50*time.Millisecond), WithBatchTimeout(10*time.Millisecond))
	tr := newTestProvider(t, p).Tracer("test")

	endCall(tr, "Op0")
	endCall(tr, "Op1")
	err := p.ForceFlush(t.Context())
	if !errors.Is(err, syscall.ENOSPC) || !strings.Contains(err.Error(), "2 lines lost") {
		t.Errorf("ForceFlush = %v, want 2 lines lost to ENOSPC", err)
	}

	endCall(tr, "Op2") // written by the timer: no caller, so otel.Handle
	deadline := time.Now().Add(10 * time.Second)
	for len(errs()) == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	got := errs()
	if len(got) != 1 || !errors.Is(got[0], syscall.ENOSPC) || !strings.Contains(got[0].Error(), "1 lines lost") {
		t.Errorf("otel.Handle got %v, want one error for 1 line lost", got)
	}
}

func TestProcessorShutdown(t *testing.T) {
	var w writeRecorder
	e := New(&w)
	p := NewProcessor(e, WithBatchTimeout(time.Hour))
	tr := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(p)).Tracer("test")
	for i := range 700 {
		endCall(tr, "Op"+strconv.Itoa(i))
	}
	if err := p.Shutdown(t.Context()); err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
	if got := len(checkLines(t, w.Bytes())); got != 700 {
		t.Errorf("Shutdown wrote %d lines, want 700", got)
	}
	if err := e.ExportSpans(t.Context(), batch("late", 1)); !errors.Is(err, ErrShutdown) {
		t.Errorf("the Exporter is not shut down: ExportSpans = %v", err)
	}
	endCall(tr, "AfterShutdown") // ignored, does not block
	if err := p.ForceFlush(t.Context()); err != nil {
		t.Errorf("ForceFlush after Shutdown = %v", err)
	}
	if err := p.Shutdown(t.Context()); err != nil {
		t.Errorf("second Shutdown = %v", err)
	}
	if got := len(checkLines(t, w.Bytes())); got != 700 {
		t.Errorf("%d lines after Shutdown, want 700", got)
	}
}

func TestProcessorShutdownHonoursContext(t *testing.T) {
	errs := recordErrors(t)
	w := &gateWriter{entered: make(chan struct{}, 100), gate: make(chan struct{})}
	p := NewProcessor(New(w), WithBatchSize(1)).(*processor)
	tr := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(p)).Tracer("test")
	endCall(tr, "Op0")
	endCall(tr, "Op1")
	<-w.entered
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	if err := p.Shutdown(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Shutdown during a blocked write = %v, want context.DeadlineExceeded", err)
	}
	close(w.gate)
	<-p.done // the worker ends: Op0 is written, Op1 meets the shut-down Exporter
	if got := checkLines(t, w.Bytes()); strings.Join(got, ",") != "Op0" {
		t.Errorf("lines %q", got)
	}
	if got := errs(); len(got) != 1 || !errors.Is(got[0], ErrShutdown) {
		t.Errorf("otel.Handle got %v, want the line given up reported", got)
	}
}

// TestProcessorConcurrentEnds ends spans from many goroutines with a small
// queue and checks that every one is written exactly once.
func TestProcessorConcurrentEnds(t *testing.T) {
	var w writeRecorder
	p := NewProcessor(New(&w), WithQueueSize(4), WithBatchSize(3))
	tr := newTestProvider(t, p).Tracer("test")
	var wg sync.WaitGroup
	for g := range 16 {
		wg.Go(func() {
			for i := range 200 {
				endCall(tr, "G"+strconv.Itoa(g)+"-"+strconv.Itoa(i))
			}
		})
	}
	wg.Wait()
	if err := p.ForceFlush(t.Context()); err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, op := range checkLines(t, w.Bytes()) {
		seen[op]++
	}
	if len(seen) != 16*200 {
		t.Errorf("%d distinct lines, want %d", len(seen), 16*200)
	}
	for op, n := range seen {
		if n != 1 {
			t.Errorf("%s written %d times", op, n)
		}
	}
}

func TestRecordCalls(t *testing.T) {
	t.Setenv("OTEL_TRACES_SAMPLER", "") // nil stands for the SDK default
	traceID := trace.TraceID{1}
	ts, err := trace.ParseTraceState("k=v")
	if err != nil {
		t.Fatal(err)
	}
	parent := trace.ContextWithSpanContext(context.Background(), trace.NewSpanContext(trace.SpanContextConfig{
		TraceID: traceID, SpanID: trace.SpanID{1}, TraceState: ts, Remote: true,
	}))
	tests := []struct {
		name    string
		sampler sdktrace.Sampler
		kind    trace.SpanKind
		want    sdktrace.SamplingDecision
	}{
		{"dropped client recorded", sdktrace.NeverSample(), trace.SpanKindClient, sdktrace.RecordOnly},
		{"dropped internal dropped", sdktrace.NeverSample(), trace.SpanKindInternal, sdktrace.Drop},
		{"dropped server dropped", sdktrace.NeverSample(), trace.SpanKindServer, sdktrace.Drop},
		{"dropped producer dropped", sdktrace.NeverSample(), trace.SpanKindProducer, sdktrace.Drop},
		{"sampled client sampled", sdktrace.AlwaysSample(), trace.SpanKindClient, sdktrace.RecordAndSample},
		{"unsampled parent client recorded", sdktrace.ParentBased(sdktrace.AlwaysSample()), trace.SpanKindClient, sdktrace.RecordOnly},
		{"nil is the SDK default", nil, trace.SpanKindClient, sdktrace.RecordOnly},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := RecordCalls(tt.sampler).ShouldSample(sdktrace.SamplingParameters{
				ParentContext: parent, TraceID: traceID, Name: "x", Kind: tt.kind,
				Attributes: []attribute.KeyValue{semconv.RPCMethod("EC2/DescribeVolumes")},
			})
			if res.Decision != tt.want {
				t.Errorf("decision %v, want %v", res.Decision, tt.want)
			}
			if res.Tracestate.String() != "k=v" {
				t.Errorf("tracestate %q, want the parent's", res.Tracestate.String())
			}
		})
	}
	if got, want := RecordCalls(sdktrace.NeverSample()).Description(), "RecordCalls{AlwaysOffSampler}"; got != want {
		t.Errorf("Description() = %q, want %q", got, want)
	}
}

func TestRecordCallsFromEnv(t *testing.T) {
	tests := []struct {
		sampler, arg string
		want         string
		wantErr      bool
	}{
		{"", "", "ParentBased{root:AlwaysOnSampler,remoteParentSampled:AlwaysOnSampler,remoteParentNotSampled:AlwaysOffSampler,localParentSampled:AlwaysOnSampler,localParentNotSampled:AlwaysOffSampler}", false},
		{"always_on", "", "AlwaysOnSampler", false},
		{" Always_Off ", "", "AlwaysOffSampler", false},
		{"traceidratio", "0.25", "TraceIDRatioBased{0.25}", false},
		{"traceidratio", "", "TraceIDRatioBased{1}", false},
		{"traceidratio", "2", "TraceIDRatioBased{1}", true},
		{"traceidratio", "x", "TraceIDRatioBased{1}", true},
		{"parentbased_always_on", "", "ParentBased{root:AlwaysOnSampler,", false},
		{"parentbased_always_off", "", "ParentBased{root:AlwaysOffSampler,", false},
		{"parentbased_traceidratio", "0.01", "ParentBased{root:TraceIDRatioBased{0.01},", false},
		{"jaeger_remote", "", "ParentBased{root:AlwaysOnSampler,", true},
	}
	for _, tt := range tests {
		t.Run(tt.sampler+"_"+tt.arg, func(t *testing.T) {
			errs := recordErrors(t)
			t.Setenv("OTEL_TRACES_SAMPLER", tt.sampler)
			t.Setenv("OTEL_TRACES_SAMPLER_ARG", tt.arg)
			got := RecordCalls(nil).Description()
			if !strings.HasPrefix(got, "RecordCalls{"+tt.want) {
				t.Errorf("RecordCalls(nil) = %s, want it to wrap %s", got, tt.want)
			}
			if n := len(errs()); (n > 0) != tt.wantErr {
				t.Errorf("%d errors reported, want error %v", n, tt.wantErr)
			}
		})
	}
}

func TestProcessorNilExporter(t *testing.T) {
	p := NewProcessor(nil)
	tr := newTestProvider(t, p).Tracer("test")
	endCall(tr, "Op0")
	if err := p.ForceFlush(t.Context()); err != nil {
		t.Errorf("ForceFlush = %v", err)
	}
	if err := p.Shutdown(t.Context()); err != nil {
		t.Errorf("Shutdown = %v", err)
	}
}
