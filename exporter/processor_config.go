package exporter

import (
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/metric"
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
	// DefaultStallTimeout is how long the writing of a batch may last before
	// span End stops waiting for room in the queue and drops instead.
	DefaultStallTimeout = 5 * time.Second
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
	stallTimeout time.Duration
	meters       metric.MeterProvider
}

// ProcessorOption configures the span processor NewProcessor returns.
type ProcessorOption interface {
	applyProcessor(processorConfig) processorConfig
}

type processorOptionFunc func(processorConfig) processorConfig

func (f processorOptionFunc) applyProcessor(c processorConfig) processorConfig { return f(c) }

// newProcessorConfig applies opts over the defaults; the MeterProvider is
// otel.GetMeterProvider(), read when the processor is made.
func newProcessorConfig(opts ...ProcessorOption) processorConfig {
	c := processorConfig{
		queueSize:    DefaultQueueSize,
		batchSize:    DefaultBatchSize,
		batchTimeout: DefaultBatchTimeout,
		retryTimeout: DefaultRetryTimeout,
		stallTimeout: DefaultStallTimeout,
	}
	for _, o := range opts {
		if o != nil {
			c = o.applyProcessor(c)
		}
	}
	if c.meters == nil {
		c.meters = otel.GetMeterProvider()
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

// WithStallTimeout bounds how long span End may wait for a writer that has
// stopped accepting writes (a stuck mount, a FIFO nobody reads, an io.Writer
// that never returns). Once the writing of a batch has lasted d (one write
// that does not return, or failing writes still being retried, see
// WithRetryTimeout), the processor is stalled: OnEnd no longer waits for room
// in a full queue but drops the span and counts it, the stall is reported
// through otel.Handle when it starts and, with the number of lines dropped
// and since when, when the write returns, and the lines dropped appear in
// the requesthook.exporter.lines.dropped metric with reason "stalled". When
// the write returns, the queue is written and OnEnd waits again. Spans that
// find room in the queue are never dropped. Writes are never abandoned: the
// stuck write stays the only one, on the processor's goroutine.
//
// The default is DefaultStallTimeout (5 s); 0 or less disables the bound, so
// that span End waits for the writer however long it takes (nothing is ever
// dropped, and a writer that never returns hangs every span End).
func WithStallTimeout(d time.Duration) ProcessorOption {
	return processorOptionFunc(func(c processorConfig) processorConfig {
		c.stallTimeout = max(d, 0)
		return c
	})
}

// WithMeterProvider sets the MeterProvider the processor reports its own
// health with (see NewProcessor for the instruments). The default is
// otel.GetMeterProvider(), read when NewProcessor is called; a nil mp is
// ignored.
func WithMeterProvider(mp metric.MeterProvider) ProcessorOption {
	return processorOptionFunc(func(c processorConfig) processorConfig {
		if mp != nil {
			c.meters = mp
		}
		return c
	})
}
