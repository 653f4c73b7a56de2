package exporter

import (
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/otel"
)

// stallWatch tells OnEnd when the processor's worker has been writing one
// batch for longer than the stall timeout (see WithStallTimeout). The worker
// calls begin and end around each batch; a timer declares the stall. It is
// safe for concurrent use.
type stallWatch struct {
	timeout time.Duration // 0: never stalled
	timer   *time.Timer   // calls fire; nil when timeout is 0

	signal atomic.Pointer[chan struct{}] // closed while stalled
	// dropped counts the lines OnEnd dropped and no report has counted yet.
	dropped atomic.Int64

	mu      sync.Mutex
	writing bool      // the worker is writing a batch
	start   time.Time // when it began
	stalled bool      // the stall was declared for this batch
}

// newStallWatch returns a stallWatch for timeout; 0 disables it.
func newStallWatch(timeout time.Duration) *stallWatch {
	w := &stallWatch{timeout: timeout}
	c := make(chan struct{})
	w.signal.Store(&c)
	if timeout > 0 {
		w.timer = time.AfterFunc(time.Hour, w.fire)
		w.timer.Stop()
	}
	return w
}

// stalledCh returns a channel that is closed while the worker is stalled.
func (w *stallWatch) stalledCh() <-chan struct{} {
	return *w.signal.Load()
}

// begin marks the start of the writing of a batch.
func (w *stallWatch) begin() {
	if w.timer == nil {
		return
	}
	w.mu.Lock()
	w.writing, w.start = true, time.Now()
	w.mu.Unlock()
	w.timer.Reset(w.timeout)
}

// end marks the end of the writing of a batch. When the batch had stalled it
// lets OnEnd wait again and reports the lines dropped meanwhile.
func (w *stallWatch) end() {
	if w.timer == nil {
		return
	}
	w.timer.Stop()
	w.mu.Lock()
	stalled, start := w.stalled, w.start
	w.writing, w.stalled = false, false
	if stalled {
		c := make(chan struct{})
		w.signal.Store(&c)
	}
	w.mu.Unlock()
	if stalled {
		otel.Handle(fmt.Errorf("exporter: writing resumed after a write stuck for %v since %s: %d lines dropped meanwhile",
			time.Since(start).Round(time.Millisecond), start.Format(time.RFC3339Nano), w.dropped.Swap(0)))
	}
}

// fire declares the stall when the batch being written began at least a
// timeout ago (a timer that fires late for an earlier batch does nothing).
func (w *stallWatch) fire() {
	w.mu.Lock()
	if !w.writing || w.stalled || time.Since(w.start) < w.timeout {
		w.mu.Unlock()
		return
	}
	w.stalled = true
	start := w.start
	close(*w.signal.Load())
	w.mu.Unlock()
	otel.Handle(fmt.Errorf("exporter: a write has been stuck since %s (stall timeout %v): span End no longer waits, lines are dropped until it returns",
		start.Format(time.RFC3339Nano), w.timeout))
}

// state returns whether the worker is stalled and since when.
func (w *stallWatch) state() (stalled bool, since time.Time) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.stalled, w.start
}

// stopTimer stops the timer for good.
func (w *stallWatch) stopTimer() {
	if w.timer != nil {
		w.timer.Stop()
	}
}
