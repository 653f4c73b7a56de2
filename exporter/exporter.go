package exporter

import (
	"bytes"
	"context"
	"errors"
	"io"
	"sync"
	"sync/atomic"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/requesthook/requesthook/apicall"
	"github.com/requesthook/requesthook/botoline"
)

// ErrShutdown is returned by ExportSpans, and by Reopen, once Shutdown has
// been called.
var ErrShutdown = errors.New("exporter: exporter is shut down")

// Exporter is an sdktrace.SpanExporter that writes one boto request-log line
// (see package botoline) for every call among the HTTP or RPC client spans it
// is given, as CallFromSpan reads them, and skips every other span. A call is
// one logical API call by default (the call span of an SDK operation, not
// its attempt spans; a request made through the Transport alone), or one
// HTTP attempt with WithPerAttempt. Its methods are
// safe for concurrent use; lines of concurrent batches never interleave.
type Exporter struct {
	cfg config

	mu sync.Mutex // held around every use of s
	s  sink       // New's writer or Open's file

	stopped  atomic.Bool
	stopOnce sync.Once
	bufs     sync.Pool // *[]byte
}

var _ sdktrace.SpanExporter = (*Exporter)(nil)

// New returns an Exporter that writes to w. Each ExportSpans call renders its
// batch and passes it to w in a single Write. New never closes w; Shutdown
// only stops the Exporter. The options WithFileMode, WithMaxSize and
// WithMaxBackups apply to Open only.
func New(w io.Writer, opts ...Option) *Exporter {
	return &Exporter{cfg: newConfig(opts...), s: &writerSink{w: w}}
}

// maxPooledBuf is the largest batch buffer kept for reuse.
const maxPooledBuf = 1 << 20

// getBuf returns an empty buffer from the pool.
func (e *Exporter) getBuf() *[]byte {
	if bp, ok := e.bufs.Get().(*[]byte); ok {
		*bp = (*bp)[:0]
		return bp
	}
	b := make([]byte, 0, 16<<10)
	return &b
}

// putBuf returns a buffer to the pool unless it grew too large.
func (e *Exporter) putBuf(bp *[]byte) {
	if cap(*bp) <= maxPooledBuf {
		e.bufs.Put(bp)
	}
}

// render appends the lines of the call spans among spans to *bp and returns
// how many lines it appended.
func (e *Exporter) render(bp *[]byte, spans []sdktrace.ReadOnlySpan) (lines int) {
	b := *bp
	var d apicall.Decoder
	for _, s := range spans {
		if !decode(&d, s) || !d.Reported(e.cfg.per) {
			continue
		}
		if r, ok := d.Record(s.Status().Code); ok {
			b = botoline.Append(b, r, e.cfg.loc)
			lines++
		}
	}
	*bp = b
	return lines
}

// ExportSpans writes a line for each HTTP or RPC client span in spans and
// skips the others. The lines of a batch reach the writer in one Write (an
// Exporter made by Open splits a batch, at line boundaries, only where
// rotation starts a new file) before ExportSpans returns; nothing is
// buffered.
//
// It returns ctx's error without writing when ctx is already done, ErrShutdown
// after Shutdown, and write errors wrapped with the file's path. No partial
// line stays behind after a failed write: an Exporter made by Open truncates
// the torn line away; one made by New, which cannot take bytes back, completes
// it before anything else on its next write. A failed ExportSpans may have
// written some of its lines (those before the fault, and with New the torn
// one); later calls resume writing once the fault clears.
func (e *Exporter) ExportSpans(ctx context.Context, spans []sdktrace.ReadOnlySpan) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if e.stopped.Load() {
		return ErrShutdown
	}
	_, _, err := e.WriteBatch(spans, 0)
	return err
}

// WriteBatch renders the lines of the HTTP or RPC client spans among spans,
// as ExportSpans does, leaves out the first skip of them and writes the rest
// with one write (split only by rotation, as in ExportSpans). It returns how
// many lines the batch renders to and how many of them are done: the skipped
// ones plus those written now (a line a short write tore counts as done once
// it is cut back out of the file or, for New, left to be completed on the
// next write). done is lines when err is nil.
//
// WriteBatch is what a span processor uses to retry a batch whose write
// failed: after an error it calls WriteBatch again with skip set to the done
// it got, so no line is written twice. It returns ErrShutdown after Shutdown
// and write errors as ExportSpans does. It takes no context: a write in
// progress cannot be interrupted. It is safe for concurrent use and, like
// ExportSpans, allocates nothing in the steady state.
func (e *Exporter) WriteBatch(spans []sdktrace.ReadOnlySpan, skip int) (lines, done int, err error) {
	bp := e.getBuf()
	defer e.putBuf(bp)
	lines = e.render(bp, spans)
	b := *bp
	skip = min(max(skip, 0), lines)
	for range skip {
		b = b[bytes.IndexByte(b, '\n')+1:]
	}
	if len(b) == 0 {
		return lines, skip, nil
	}
	n, err := e.write(b)
	if n == len(b) {
		return lines, lines, err
	}
	return lines, skip + bytes.Count(b[:n], []byte{'\n'}), err
}

// write writes b, a run of whole lines, to the sink and returns how many of
// its bytes are done (see sink.writeLines).
func (e *Exporter) write(b []byte) (done int, err error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.stopped.Load() {
		return 0, ErrShutdown
	}
	return e.s.writeLines(b)
}

// Shutdown stops the Exporter: later ExportSpans calls return ErrShutdown and
// write nothing. It waits for a write in progress, completes a torn line if
// one is pending, and, for an Exporter made by Open, fsyncs and closes the
// file; it never closes the writer given to New. It returns ctx's error if ctx
// is done first (the file is still closed once the write in progress ends).
// Only the first call does anything; later calls return nil.
func (e *Exporter) Shutdown(ctx context.Context) error {
	var err error
	e.stopOnce.Do(func() {
		e.stopped.Store(true)
		done := make(chan error, 1)
		go func() { done <- e.close() }()
		select {
		case err = <-done:
		case <-ctx.Done():
			select {
			case err = <-done: // finished all the same
			default:
				err = ctx.Err()
			}
		}
	})
	return err
}

// close closes the sink once the write in progress, if any, is over.
func (e *Exporter) close() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.s.close()
}
