//go:build !race

package exporter

import (
	"context"
	"io"
	"testing"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// TestExportSpansAllocs pins ExportSpans of a batch at zero allocations
// (amortized: the pooled buffer is allocated once).
func TestExportSpansAllocs(t *testing.T) {
	spans := make([]sdktrace.ReadOnlySpan, 512)
	for i, c := range benchCalls(len(spans)) {
		spans[i] = callSpan(c)
	}
	e := New(io.Discard)
	ctx := context.Background()
	if n := testing.AllocsPerRun(100, func() {
		if err := e.ExportSpans(ctx, spans); err != nil {
			t.Fatal(err)
		}
	}); n != 0 {
		t.Errorf("ExportSpans of %d spans allocates %v times, want 0", len(spans), n)
	}
}

// TestProcessorMetricsAllocs pins recording the processor's metrics, and
// span End dropping a span while the writer is stalled, at zero allocations
// in the steady state.
func TestProcessorMetricsAllocs(t *testing.T) {
	recordErrors(t)
	mp, _ := testMeters(t)
	m := newProcessorMetrics(mp, func() int64 { return 0 }, 1)
	defer m.shutdown()
	record := func() {
		m.wrote(512)
		m.drop(1, reasonStalled)
		m.drop(3, reasonWriteError)
		m.writeTook(time.Millisecond, nil)
		m.writeTook(time.Millisecond, io.ErrShortWrite)
	}
	record()
	if n := testing.AllocsPerRun(100, record); n != 0 {
		t.Errorf("recording the metrics allocates %v times, want 0", n)
	}

	w := newStuckWriter(t)
	p := NewProcessor(New(w), WithQueueSize(1), WithBatchSize(1), WithStallTimeout(time.Millisecond), WithMeterProvider(mp)).(*processor)
	t.Cleanup(func() { p.Shutdown(context.Background()) })
	t.Cleanup(w.release)
	span := callSpan(testCall(testEnd, time.Second))
	p.OnEnd(span) // the stuck write
	<-w.entered
	p.OnEnd(span) // queued
	waitFor(t, "the stall", func() bool { stalled, _ := p.stall.state(); return stalled })
	p.OnEnd(span)
	if n := testing.AllocsPerRun(100, func() { p.OnEnd(span) }); n != 0 {
		t.Errorf("span End while stalled allocates %v times, want 0", n)
	}
}
