package exporter

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/otel"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
)

// processor is the span processor NewProcessor returns.
type processor struct {
	e   *Exporter
	cfg processorConfig

	queue chan sdktrace.ReadOnlySpan
	flush chan chan error

	mu      sync.RWMutex // held for reading while OnEnd enqueues
	stopped bool         // guarded by mu; no enqueue once set

	stop  chan struct{} // closed once no OnEnd can enqueue any more
	abort chan struct{} // closed when Shutdown's ctx ends: stop retrying
	done  chan struct{} // closed when the worker has written its last batch

	stall    *stallWatch
	m        *processorMetrics
	inFlight atomic.Int64 // spans in the batch the worker is writing

	stopOnce sync.Once
}

var _ sdktrace.SpanProcessor = (*processor)(nil)

// NewProcessor returns a batching span processor that writes every client
// span it sees to e and does not drop one unless the writer stalls:
//
//   - unlike sdktrace.NewBatchSpanProcessor it also takes spans that are
//     recorded but not sampled (see RecordCalls), so the legacy file gets
//     every call whatever the trace sampler decides;
//   - when its queue is full, OnEnd (that is, span End) blocks until there is
//     room instead of dropping the span, as boto's logger did;
//   - a batch whose write fails is retried with backoff for up to
//     WithRetryTimeout, and only then reported lost through otel.Handle;
//   - when the writing of a batch lasts longer than WithStallTimeout (5 s by
//     default: a stuck mount, a FIFO nobody reads, a writer that never
//     returns), span End stops waiting and drops, counts and reports the
//     spans that find the queue full, until the write returns; the
//     application never hangs on its log for longer than that;
//   - ForceFlush writes everything ended before it was called; Shutdown
//     writes everything ended before it, then shuts e down.
//
// Only spans of kind CLIENT are queued (the Exporter skips the others
// anyway). Batches of up to WithBatchSize spans are written when full, after
// WithBatchTimeout, on ForceFlush and on Shutdown, by one goroutine: there is
// never more than one write in progress. The processor is safe for
// concurrent use. Register it with sdktrace.WithSpanProcessor; it owns e.
// With a nil e it ignores every span.
//
// What kill -9 (a crash, an OOM kill) loses is what is still in memory: the
// spans waiting in the queue and the batch the goroutine holds, at most the
// queue size plus one batch: DefaultQueueSize + DefaultBatchSize = 2048 + 512
// = 2560 lines with the defaults (WithQueueSize and WithBatchSize change the
// figure), in practice what ended in the last WithBatchTimeout (1 s) when the
// writer keeps up. Span End calls blocked on a full queue have not returned
// and lose their span too. A line being written may be torn; the next Open
// starts on a fresh line (see Open). Shutdown, or ForceFlush, before the
// process exits loses nothing.
//
// The processor reports its own health on the MeterProvider of
// WithMeterProvider (otel.GetMeterProvider() by default), in the spirit of
// the SDK's otel.sdk.processor.span.* metrics, under the instrumentation
// scope "github.com/requesthook/requesthook/exporter", each with the
// attributes otel.component.type "requesthook_processor" and
// otel.component.name "requesthook_processor/N":
//
//   - requesthook.exporter.lines.written (counter, {line}): lines written;
//   - requesthook.exporter.lines.dropped (counter, {line}): lines that will
//     never be written, with the attribute reason: "stalled" (dropped by
//     span End while the writer stalled), "write_error" (given up after
//     WithRetryTimeout) or "shutdown" (met a shut-down Exporter);
//   - requesthook.exporter.queue.size and requesthook.exporter.queue.capacity
//     (asynchronous up-down counters, {span}): the spans waiting to be
//     written and the queue's size;
//   - requesthook.exporter.write.duration (histogram, s): the duration of
//     each write of a batch, with error.type "write_error" when it failed.
//
// Recording allocates nothing: attribute sets are made once.
func NewProcessor(e *Exporter, opts ...ProcessorOption) sdktrace.SpanProcessor {
	cfg := newProcessorConfig(opts...)
	p := &processor{
		e:     e,
		cfg:   cfg,
		queue: make(chan sdktrace.ReadOnlySpan, cfg.queueSize),
		flush: make(chan chan error),
		stop:  make(chan struct{}),
		abort: make(chan struct{}),
		done:  make(chan struct{}),
		stall: newStallWatch(cfg.stallTimeout),
	}
	p.m = newProcessorMetrics(cfg.meters, func() int64 { return int64(len(p.queue)) }, int64(cfg.queueSize))
	go p.run()
	return p
}

// OnStart does nothing.
func (*processor) OnStart(context.Context, sdktrace.ReadWriteSpan) {}

// OnEnd queues a client span, blocking while the queue is full, unless the
// writer is stalled (see WithStallTimeout): then a span that finds the queue
// full is dropped and counted. Spans that end after Shutdown are ignored.
func (p *processor) OnEnd(s sdktrace.ReadOnlySpan) {
	if p.e == nil || s == nil || s.SpanKind() != trace.SpanKindClient {
		return
	}
	p.mu.RLock()
	defer p.mu.RUnlock()
	if p.stopped {
		return
	}
	select {
	case p.queue <- s:
		return
	default:
	}
	select {
	case p.queue <- s:
	case <-p.stall.stalledCh():
		if _, ok := CallFromSpan(s); ok { // a span without a line loses nothing
			p.stall.dropped.Add(1)
			p.m.drop(1, reasonStalled)
		}
	}
}

// ForceFlush writes every span that ended before it was called. It returns
// ctx's error if ctx ends first (the writing goes on), and an error when lines
// were lost.
func (p *processor) ForceFlush(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	req := make(chan error, 1)
	select {
	case p.flush <- req:
	case <-p.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case err := <-req:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Shutdown stops taking spans, writes every span that ended before it and
// shuts the Exporter down. If ctx ends first, retries of failing writes stop,
// the remaining spans get a single attempt (and meet the shut-down Exporter
// if the write in progress outlasts ctx), and Shutdown returns at once with
// an error that wraps ctx's and says how many spans were not written and, if
// the writer is stalled, since when and how many lines were dropped. Only the
// first call does anything; later calls return nil.
func (p *processor) Shutdown(ctx context.Context) error {
	var err error
	p.stopOnce.Do(func() {
		go func() {
			p.mu.Lock() // waits for OnEnd calls that are enqueueing
			p.stopped = true
			p.mu.Unlock()
			close(p.stop)
		}()
		select {
		case <-p.done:
		case <-ctx.Done():
			close(p.abort)
			err = p.unwritten(ctx.Err())
		}
		p.m.shutdown()
		if p.e != nil {
			if serr := p.e.Shutdown(ctx); serr != nil && !errors.Is(err, serr) {
				err = errors.Join(err, serr)
			}
		}
	})
	return err
}

// unwritten describes, for a Shutdown whose ctx ended with err, what is not
// written yet.
func (p *processor) unwritten(err error) error {
	queued, inFlight := len(p.queue), p.inFlight.Load()
	msg := fmt.Sprintf("exporter: Shutdown: %d spans not written (%d queued, %d in the batch being written)", int64(queued)+inFlight, queued, inFlight)
	if stalled, since := p.stall.state(); stalled {
		msg += fmt.Sprintf("; the write is stuck since %s and %d lines were dropped meanwhile", since.Format(time.RFC3339Nano), p.stall.dropped.Load())
	}
	return fmt.Errorf("%s: %w", msg, err)
}

// run is the worker: it batches queued spans and writes them.
func (p *processor) run() {
	defer close(p.done)
	defer p.stall.stopTimer()
	defer p.reportLateDrops()
	batch := make([]sdktrace.ReadOnlySpan, 0, p.cfg.batchSize)
	ticker := time.NewTicker(p.cfg.batchTimeout)
	defer ticker.Stop()
	for {
		select {
		case s := <-p.queue:
			batch = append(batch, s)
			if len(batch) >= p.cfg.batchSize {
				batch = p.exportBatch(batch, otel.Handle)
			}
		case <-ticker.C:
			batch = p.exportBatch(batch, otel.Handle)
		case req := <-p.flush:
			var errs []error
			batch = p.drain(batch, func(err error) { errs = append(errs, err) })
			req <- errors.Join(errs...)
		case <-p.stop:
			p.drain(batch, otel.Handle)
			return
		}
	}
}

// drain writes batch and everything in the queue now, in batches.
func (p *processor) drain(batch []sdktrace.ReadOnlySpan, report func(error)) []sdktrace.ReadOnlySpan {
	for {
		select {
		case s := <-p.queue:
			batch = append(batch, s)
			if len(batch) >= p.cfg.batchSize {
				batch = p.exportBatch(batch, report)
			}
		default:
			return p.exportBatch(batch, report)
		}
	}
}

// exportBatch writes the lines of batch, retrying failed writes, reports
// lines it had to give up, and returns batch emptied for reuse.
func (p *processor) exportBatch(batch []sdktrace.ReadOnlySpan, report func(error)) []sdktrace.ReadOnlySpan {
	if len(batch) == 0 {
		return batch
	}
	p.inFlight.Store(int64(len(batch)))
	if err := p.writeRetrying(batch); err != nil {
		report(err)
	}
	p.inFlight.Store(0)
	clear(batch) // let the spans be collected
	return batch[:0]
}

// writeRetrying writes the lines of batch, retrying from the first line not
// yet written until it succeeds, the retry timeout passes, the Exporter is
// shut down or Shutdown's ctx ends.
func (p *processor) writeRetrying(batch []sdktrace.ReadOnlySpan) error {
	p.stall.begin()
	defer p.stall.end()
	var deadline time.Time
	delay := minRetryDelay
	done := 0
	for {
		start := time.Now()
		lines, n, err := p.e.WriteBatch(batch, done)
		p.m.writeTook(time.Since(start), err)
		p.m.wrote(n - done)
		done = n
		if err == nil || done == lines {
			return err // an error with every line written is reported, not retried
		}
		if deadline.IsZero() {
			deadline = time.Now().Add(p.cfg.retryTimeout)
		}
		if shut := errors.Is(err, ErrShutdown); shut || !time.Now().Before(deadline) || p.aborted() {
			reason := reasonWriteError
			if shut {
				reason = reasonShutdown
			}
			p.m.drop(lines-done, reason)
			return fmt.Errorf("exporter: %d lines lost: %w", lines-done, err)
		}
		t := time.NewTimer(min(delay, time.Until(deadline)))
		select {
		case <-t.C:
		case <-p.abort:
			t.Stop()
		}
		delay = min(2*delay, maxRetryDelay)
	}
}

// reportLateDrops reports lines OnEnd dropped that no stall report counted
// (spans that ended just as a stall ended).
func (p *processor) reportLateDrops() {
	if n := p.stall.dropped.Swap(0); n > 0 {
		otel.Handle(fmt.Errorf("exporter: %d lines dropped while the writer was stalled", n))
	}
}

// aborted reports whether Shutdown's ctx ended.
func (p *processor) aborted() bool {
	select {
	case <-p.abort:
		return true
	default:
		return false
	}
}
