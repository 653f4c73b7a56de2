package exporter

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"go.opentelemetry.io/otel"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
)

// Defaults of the processor's options.
const (
	// DefaultQueueSize is how many ended spans wait before OnEnd blocks.
	DefaultQueueSize = 2048
	// DefaultBatchSize is the most spans written in one batch.
	DefaultBatchSize = 512
	// DefaultBatchTimeout is the longest a span waits for its batch to fill.
	DefaultBatchTimeout = time.Second
	// DefaultRetryTimeout is how long a batch whose write fails is retried.
	DefaultRetryTimeout = 30 * time.Second
)

// Retry backoff of a batch whose write failed.
const (
	minRetryDelay = 10 * time.Millisecond
	maxRetryDelay = time.Second
)

// processorConfig holds a processor's settings.
type processorConfig struct {
	queueSize    int
	batchSize    int
	batchTimeout time.Duration
	retryTimeout time.Duration
}

// ProcessorOption configures the span processor NewProcessor returns.
type ProcessorOption interface {
	applyProcessor(processorConfig) processorConfig
}

type processorOptionFunc func(processorConfig) processorConfig

func (f processorOptionFunc) applyProcessor(c processorConfig) processorConfig { return f(c) }

// newProcessorConfig applies opts over the defaults.
func newProcessorConfig(opts ...ProcessorOption) processorConfig {
	c := processorConfig{
		queueSize:    DefaultQueueSize,
		batchSize:    DefaultBatchSize,
		batchTimeout: DefaultBatchTimeout,
		retryTimeout: DefaultRetryTimeout,
	}
	for _, o := range opts {
		if o != nil {
			c = o.applyProcessor(c)
		}
	}
	return c
}

// WithQueueSize sets how many ended spans wait for the writer before OnEnd
// blocks. The default is DefaultQueueSize (2048); values below 1 are ignored.
func WithQueueSize(n int) ProcessorOption {
	return processorOptionFunc(func(c processorConfig) processorConfig {
		if n > 0 {
			c.queueSize = n
		}
		return c
	})
}

// WithBatchSize sets the most spans written in one batch (one write). The
// default is DefaultBatchSize (512); values below 1 are ignored.
func WithBatchSize(n int) ProcessorOption {
	return processorOptionFunc(func(c processorConfig) processorConfig {
		if n > 0 {
			c.batchSize = n
		}
		return c
	})
}

// WithBatchTimeout sets the longest an ended span waits for its batch to
// fill before it is written. The default is DefaultBatchTimeout (1 s); values
// below 1 are ignored.
func WithBatchTimeout(d time.Duration) ProcessorOption {
	return processorOptionFunc(func(c processorConfig) processorConfig {
		if d > 0 {
			c.batchTimeout = d
		}
		return c
	})
}

// WithRetryTimeout sets how long the processor keeps retrying a batch whose
// write failed (a full disk, a missing directory) before it gives the batch up
// and reports the lost lines through otel.Handle. While it retries, new spans
// queue up and, once the queue is full, span End blocks. The default is
// DefaultRetryTimeout (30 s); 0 tries each batch once.
func WithRetryTimeout(d time.Duration) ProcessorOption {
	return processorOptionFunc(func(c processorConfig) processorConfig {
		c.retryTimeout = max(d, 0)
		return c
	})
}

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

	stopOnce sync.Once
}

var _ sdktrace.SpanProcessor = (*processor)(nil)

// NewProcessor returns a batching span processor that writes every client
// span it sees to e and never drops one:
//
//   - unlike sdktrace.NewBatchSpanProcessor it also takes spans that are
//     recorded but not sampled (see RecordCalls), so the legacy file gets
//     every call whatever the trace sampler decides;
//   - when its queue is full, OnEnd (that is, span End) blocks until there is
//     room instead of dropping the span, as boto's logger did;
//   - a batch whose write fails is retried with backoff for up to
//     WithRetryTimeout, and only then reported lost through otel.Handle;
//   - ForceFlush writes everything ended before it was called; Shutdown
//     writes everything ended before it, then shuts e down.
//
// Only spans of kind CLIENT are queued (the Exporter skips the others
// anyway). Batches of up to WithBatchSize spans are written when full, after
// WithBatchTimeout, on ForceFlush and on Shutdown. The processor is safe for
// concurrent use. Register it with sdktrace.WithSpanProcessor; it owns e.
// With a nil e it ignores every span.
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
	}
	go p.run()
	return p
}

// OnStart does nothing.
func (*processor) OnStart(context.Context, sdktrace.ReadWriteSpan) {}

// OnEnd queues a client span, blocking while the queue is full. Spans that end
// after Shutdown are ignored.
func (p *processor) OnEnd(s sdktrace.ReadOnlySpan) {
	if p.e == nil || s == nil || s.SpanKind() != trace.SpanKindClient {
		return
	}
	p.mu.RLock()
	defer p.mu.RUnlock()
	if p.stopped {
		return
	}
	p.queue <- s
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
// the remaining spans get a single attempt, and ctx's error is returned. Only
// the first call does anything; later calls return nil.
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
			err = ctx.Err()
		}
		if p.e != nil {
			if serr := p.e.Shutdown(ctx); serr != nil && !errors.Is(err, serr) {
				err = errors.Join(err, serr)
			}
		}
	})
	return err
}

// run is the worker: it batches queued spans and writes them.
func (p *processor) run() {
	defer close(p.done)
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
	if err := p.writeRetrying(batch); err != nil {
		report(err)
	}
	clear(batch) // let the spans be collected
	return batch[:0]
}

// writeRetrying writes the lines of batch, retrying from the first line not
// yet written until it succeeds, the retry timeout passes, the Exporter is
// shut down or Shutdown's ctx ends.
func (p *processor) writeRetrying(batch []sdktrace.ReadOnlySpan) error {
	var deadline time.Time
	delay := minRetryDelay
	done := 0
	for {
		lines, n, err := p.e.WriteBatch(batch, done)
		done = n
		if err == nil || done == lines {
			return err // an error with every line written is reported, not retried
		}
		if deadline.IsZero() {
			deadline = time.Now().Add(p.cfg.retryTimeout)
		}
		if errors.Is(err, ErrShutdown) || !time.Now().Before(deadline) || p.aborted() {
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

// aborted reports whether Shutdown's ctx ended.
func (p *processor) aborted() bool {
	select {
	case <-p.abort:
		return true
	default:
		return false
	}
}
