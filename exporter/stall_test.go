package exporter

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// stuckWriter is an io.Writer whose Writes block until release is called
// (at the latest when the test ends), then write.
type stuckWriter struct {
	writeRecorder
	entered chan struct{} // gets a value when a Write starts blocking
	gate    chan struct{}
	once    sync.Once
}

func newStuckWriter(t *testing.T) *stuckWriter {
	w := &stuckWriter{entered: make(chan struct{}, 1), gate: make(chan struct{})}
	t.Cleanup(w.release)
	return w
}

func (w *stuckWriter) Write(p []byte) (int, error) {
	select {
	case w.entered <- struct{}{}:
	default:
	}
	<-w.gate
	return w.writeRecorder.Write(p)
}

func (w *stuckWriter) release() { w.once.Do(func() { close(w.gate) }) }

// waitFor polls cond for up to 30 s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// handled returns the errors among errs whose text contains s.
func handled(errs []error, s string) []error {
	var got []error
	for _, err := range errs {
		if strings.Contains(err.Error(), s) {
			got = append(got, err)
		}
	}
	return got
}

// TestProcessorStalledWriter ends 20,000 spans through a TracerProvider while
// the writer never returns: every span End returns, the loss is counted and
// reported, and once the write returns, writing resumes and the queue and
// later spans are written.
func TestProcessorStalledWriter(t *testing.T) {
	const total = 20000
	errs := recordErrors(t)
	mp, value := testMeters(t)
	w := newStuckWriter(t)
	p := NewProcessor(New(w), WithStallTimeout(100*time.Millisecond), WithMeterProvider(mp))
	tr := newTestProvider(t, p).Tracer("test")
	t.Cleanup(w.release) // before the provider's Shutdown (cleanups run last first)

	var worst time.Duration
	ended := make(chan struct{})
	start := time.Now()
	go func() {
		defer close(ended)
		for i := range total {
			t0 := time.Now()
			endCall(tr, "Op"+strconv.Itoa(i))
			worst = max(worst, time.Since(t0))
		}
	}()
	select {
	case <-ended:
	case <-time.After(60 * time.Second):
		t.Fatal("span End calls hang while the writer is stuck")
	}
	t.Logf("%d span Ends returned in %v while the writer was stuck; the longest took %v", total, time.Since(start), worst)
	if worst > 30*time.Second {
		t.Errorf("a span End waited %v, want about the stall timeout", worst)
	}

	dropped := value(metricLinesDropped, reason(reasonStalled))
	if dropped == 0 || dropped > total {
		t.Fatalf("%d lines dropped as stalled, want some of %d", dropped, total)
	}
	if got := handled(errs(), "has been stuck since"); len(got) != 1 {
		t.Errorf("otel.Handle got %d reports of the stall, want 1: %v", len(got), errs())
	}
	if got := value(metricQueueSize); got != DefaultQueueSize {
		t.Errorf("queue size %d while stalled, want it full (%d)", got, DefaultQueueSize)
	}
	if got := value(metricLinesWritten); got != 0 {
		t.Errorf("%d lines written while stalled, want 0", got)
	}

	// The write returns: the stall is reported with its count, and writing
	// resumes.
	w.release()
	resumed := fmt.Sprintf("%d lines dropped meanwhile", dropped)
	waitFor(t, "the report of the stall's end", func() bool { return len(handled(errs(), "writing resumed")) > 0 })
	if got := handled(errs(), "writing resumed"); len(got) != 1 || !strings.Contains(got[0].Error(), resumed) {
		t.Errorf("otel.Handle got %v, want one report with %q", got, resumed)
	}
	for i := range 10 {
		endCall(tr, "After"+strconv.Itoa(i))
	}
	if err := p.ForceFlush(t.Context()); err != nil {
		t.Fatal(err)
	}
	lines := checkLines(t, w.Bytes())
	if got, want := int64(len(lines)), total+10-dropped; got != want {
		t.Errorf("%d lines written, want %d (%d ended, %d dropped)", got, want, total+10, dropped)
	}
	if got := strings.Join(lines[len(lines)-10:], ","); !strings.HasPrefix(got, "After0,") {
		t.Errorf("the last lines are %s, want the spans ended after the stall", got)
	}
	if got := value(metricLinesWritten); got != int64(len(lines)) {
		t.Errorf("lines.written = %d, want %d", got, len(lines))
	}
	if got := value(metricLinesDropped); got != dropped {
		t.Errorf("lines.dropped = %d after the stall, want still %d", got, dropped)
	}
}

// TestProcessorShutdownWhileStalled: Shutdown returns when its context ends
// and says what was not written; when the write finally returns, the lines
// left meet the shut-down Exporter and are counted.
func TestProcessorShutdownWhileStalled(t *testing.T) {
	errs := recordErrors(t)
	mp, value := testMeters(t)
	w := newStuckWriter(t)
	p := NewProcessor(New(w), WithStallTimeout(50*time.Millisecond), WithBatchSize(2), WithQueueSize(3), WithMeterProvider(mp)).(*processor)
	tr := newTestProvider(t, p).Tracer("test")
	for i := range 10 {
		endCall(tr, "Op"+strconv.Itoa(i)) // 2 in the stuck batch, 3 queued, 5 dropped
	}
	<-w.entered
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	t0 := time.Now()
	err := p.Shutdown(ctx)
	if took := time.Since(t0); took > 10*time.Second {
		t.Errorf("Shutdown took %v after its context ended", took)
	}
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "5 spans not written (3 queued, 2 in the batch being written)") ||
		!strings.Contains(err.Error(), "5 lines were dropped") {
		t.Errorf("Shutdown = %v, want DeadlineExceeded saying 5 spans are not written and 5 lines were dropped", err)
	}
	w.release()
	<-p.done
	if got := checkLines(t, w.Bytes()); strings.Join(got, ",") != "Op0,Op1" {
		t.Errorf("lines %q, want the batch in progress only", got)
	}
	if got := value(metricLinesDropped, reason(reasonShutdown)); got != 3 {
		t.Errorf("%d lines dropped at shutdown, want the 3 queued", got)
	}
	if got := value(metricLinesDropped, reason(reasonStalled)); got != 5 {
		t.Errorf("%d lines dropped as stalled, want 5", got)
	}
	if got := handled(errs(), "writing resumed"); len(got) != 1 || !strings.Contains(got[0].Error(), "5 lines dropped") {
		t.Errorf("otel.Handle got %v, want the stall reported with 5 lines", errs())
	}
}

// TestProcessorStallTimeoutDisabled: with WithStallTimeout(0) span End keeps
// waiting for a stuck writer, as before the option existed.
func TestProcessorStallTimeoutDisabled(t *testing.T) {
	w := newStuckWriter(t)
	p := NewProcessor(New(w), WithStallTimeout(0), WithQueueSize(1), WithBatchSize(1))
	tr := newTestProvider(t, p).Tracer("test")
	t.Cleanup(w.release)
	endCall(tr, "Op0")
	<-w.entered
	endCall(tr, "Op1") // queued
	ended := make(chan struct{})
	go func() {
		endCall(tr, "Op2")
		close(ended)
	}()
	select {
	case <-ended:
		t.Fatal("span End returned while the queue was full: the span was dropped")
	case <-time.After(300 * time.Millisecond):
	}
	w.release()
	<-ended
	if err := p.ForceFlush(t.Context()); err != nil {
		t.Fatal(err)
	}
	if got := checkLines(t, w.Bytes()); strings.Join(got, ",") != "Op0,Op1,Op2" {
		t.Errorf("lines %q", got)
	}
}
