package exporter

import (
	"fmt"
	"io"
)

// writerSink is the sink of an Exporter made by New: a plain io.Writer, which
// cannot take bytes back, so a torn line is completed before the next write.
type writerSink struct {
	w io.Writer
	tornLine
}

// writeLines writes the pending rest of a torn line, then b, in one Write.
func (s *writerSink) writeLines(b []byte) (int, error) {
	if err := s.writePending(s.w); err != nil {
		return 0, wrapWriteErr(err)
	}
	n, err := s.w.Write(b)
	done, err := s.settle(b, n, err, nil)
	return done, wrapWriteErr(err)
}

// close completes a torn line; the writer stays open.
func (s *writerSink) close() error {
	return wrapWriteErr(s.writePending(s.w))
}

// wrapWriteErr adds the package name to a write error of a writer sink.
func wrapWriteErr(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("exporter: write: %w", err)
}
