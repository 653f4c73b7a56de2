package exporter

import (
	"bytes"
	"errors"
	"io"
)

// sink is where an Exporter's lines go: a writer given to New (writerSink) or
// the file Open appends to (fileSink). The Exporter renders batches and holds
// its mutex around every call, so a sink is never used concurrently.
type sink interface {
	// writeLines writes b, a run of whole lines, and returns how many of
	// its bytes are done: written, or torn and left to be completed before
	// the next write. done always ends at a line boundary. Errors are
	// wrapped for the caller (package name and, for a file, its path).
	writeLines(b []byte) (done int, err error)
	// close completes a torn line still pending and releases what the sink
	// opened; it never closes a writer given to New.
	close() error
}

// reopener is a sink that can open its file again (see Exporter.Reopen).
type reopener interface {
	reopen() error
}

// tornLine keeps the rest of a line that a short write tore, to be written
// before anything else; sinks embed it.
type tornLine struct {
	pending []byte
}

// writePending writes the rest of a torn line to w. Its error is not wrapped.
func (t *tornLine) writePending(w io.Writer) error {
	if len(t.pending) == 0 {
		return nil
	}
	n, err := w.Write(t.pending)
	n = clampWritten(n, len(t.pending))
	if n < len(t.pending) && err == nil {
		err = io.ErrShortWrite
	}
	t.pending = t.pending[n:]
	if len(t.pending) == 0 {
		t.pending = nil
	}
	return err
}

// settle accounts for a Write of b that reported n and err, and returns how
// much of b is done and the error (not wrapped). When the write tore a line,
// truncate (when not nil) gets the chance to remove the torn bytes; when it
// cannot, the rest of the line becomes pending.
func (t *tornLine) settle(b []byte, n int, err error, truncate func(torn int) error) (int, error) {
	n = clampWritten(n, len(b))
	if n == len(b) {
		return n, err
	}
	if err == nil {
		err = io.ErrShortWrite
	}
	lineStart := bytes.LastIndexByte(b[:n], '\n') + 1
	if lineStart == n { // the write stopped at a line boundary
		return n, err
	}
	if truncate != nil {
		terr := truncate(n - lineStart)
		if terr == nil {
			return lineStart, err
		}
		err = errors.Join(err, terr)
	}
	lineEnd := n + bytes.IndexByte(b[n:], '\n') + 1
	t.pending = append(t.pending[:0], b[n:lineEnd]...)
	return lineEnd, err
}

// clampWritten keeps a Write's reported count within 0..size, whatever a
// misbehaving writer returns.
func clampWritten(n, size int) int {
	return min(max(n, 0), size)
}
