package exporter

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"sync"
	"sync/atomic"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"

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
	cfg  config
	path string // the file Open opened; "" for New

	mu      sync.Mutex
	w       io.Writer // New's writer
	f       *os.File  // Open's current file; nil until it can be (re)opened
	size    int64     // f's size as of the last stat plus what was written since
	pending []byte    // the rest of a line a short write tore, written first

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
	return &Exporter{cfg: newConfig(opts...), w: w}
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

// render appends the lines of the call spans among spans to *bp.
func (e *Exporter) render(bp *[]byte, spans []sdktrace.ReadOnlySpan) {
	b := *bp
	for _, s := range spans {
		if c, ok := CallFromSpan(s); ok && c.Reported(e.cfg.per) {
			b = botoline.Append(b, c.Record(), e.cfg.loc)
		}
	}
	*bp = b
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
	bp := e.getBuf()
	defer e.putBuf(bp)
	e.render(bp, spans)
	if len(*bp) == 0 {
		return nil
	}
	_, err := e.write(*bp)
	return err
}

// write writes b, a run of whole lines, and returns how many of its bytes are
// done: written, or torn and left for e.pending to complete. done always ends
// at a line boundary.
func (e *Exporter) write(b []byte) (done int, err error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.stopped.Load() {
		return 0, ErrShutdown
	}
	if e.path != "" {
		return e.writeFile(b)
	}
	if err := e.writePending(e.w); err != nil {
		return 0, err
	}
	n, err := e.w.Write(b)
	return e.settle(b, n, err, nil)
}

// writePending writes the rest of a torn line to w.
func (e *Exporter) writePending(w io.Writer) error {
	if len(e.pending) == 0 {
		return nil
	}
	n, err := w.Write(e.pending)
	n = clampWritten(n, len(e.pending))
	if n < len(e.pending) && err == nil {
		err = io.ErrShortWrite
	}
	e.pending = e.pending[n:]
	if len(e.pending) == 0 {
		e.pending = nil
	}
	if err != nil {
		return e.wrap(err)
	}
	return nil
}

// settle accounts for a Write of b that reported n and err. When the write
// tore a line, truncate (when not nil) gets the chance to remove the torn
// bytes; when it cannot, the rest of the line becomes e.pending.
func (e *Exporter) settle(b []byte, n int, err error, truncate func(torn int) error) (int, error) {
	n = clampWritten(n, len(b))
	if n == len(b) {
		if err != nil {
			return n, e.wrap(err)
		}
		return n, nil
	}
	if err == nil {
		err = io.ErrShortWrite
	}
	lineStart := bytes.LastIndexByte(b[:n], '\n') + 1
	if lineStart == n { // the write stopped at a line boundary
		return n, e.wrap(err)
	}
	if truncate != nil {
		terr := truncate(n - lineStart)
		if terr == nil {
			return lineStart, e.wrap(err)
		}
		err = errors.Join(err, terr)
	}
	lineEnd := n + bytes.IndexByte(b[n:], '\n') + 1
	e.pending = append(e.pending[:0], b[n:lineEnd]...)
	return lineEnd, e.wrap(err)
}

// clampWritten keeps a Write's reported count within 0..size, whatever a
// misbehaving writer returns.
func clampWritten(n, size int) int {
	return min(max(n, 0), size)
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

// close finishes a pending line and closes what Open opened.
func (e *Exporter) close() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.path == "" {
		return e.writePending(e.w)
	}
	if e.f == nil {
		return nil
	}
	err := e.writePending(e.f)
	if serr := e.f.Sync(); serr != nil {
		err = errors.Join(err, e.wrap(serr))
	}
	if cerr := e.f.Close(); cerr != nil {
		err = errors.Join(err, e.wrap(cerr))
	}
	e.f = nil
	return err
}
