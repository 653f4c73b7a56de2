package bridge

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"iter"
	"strconv"
	"time"

	"github.com/requesthook/requesthook/otelhook"
)

// MaxLineLen is the longest line, in bytes, that Read accepts; a longer one
// is reported as a *LineError and skipped up to its end. Lines written by
// exporter.AppendLine or boto are a few hundred bytes at most.
const MaxLineLen = 64 << 10

// Read streams the request-log lines of r as Calls, parsing each with
// ParseLine in loc (time.Local when nil). A line that cannot be parsed yields
// a zero Call and a *LineError carrying its 1-based line number and the
// *SyntaxError; reading then continues with the next line, so no line is
// skipped silently. An empty line is malformed too. A last line without a
// newline is read like any other.
//
// An error reading r ends the sequence: it is yielded once, wrapped, and is
// not a *LineError. Read buffers r itself and reads it only as the sequence
// is consumed; the sequence can be ranged over once.
func Read(r io.Reader, loc *time.Location) iter.Seq2[otelhook.Call, error] {
	return func(yield func(otelhook.Call, error) bool) {
		lr := newLineReader(r)
		for {
			line, n, err := lr.next()
			if err != nil {
				if !errors.Is(err, io.EOF) {
					yield(otelhook.Call{}, err)
				}
				return
			}
			if line == nil { // too long; lr.err says so
				if !yield(otelhook.Call{}, &LineError{Line: n, Err: errLineTooLong}) {
					return
				}
				continue
			}
			c, perr := ParseLine(line, loc)
			if perr != nil {
				if !yield(otelhook.Call{}, &LineError{Line: n, Err: perr}) {
					return
				}
				continue
			}
			if !yield(c, nil) {
				return
			}
		}
	}
}

var errLineTooLong = errors.New("line longer than " + strconv.Itoa(MaxLineLen) + " bytes")

// lineReader splits a stream into lines of at most MaxLineLen bytes.
type lineReader struct {
	br   *bufio.Reader
	line int
}

func newLineReader(r io.Reader) *lineReader {
	return &lineReader{br: bufio.NewReaderSize(r, MaxLineLen)}
}

// next returns the next line (with its newline, if any) and its number. The
// line is valid until the next call. A line too long to read is returned as
// nil with a nil error, after it was skipped. At the end of the stream next
// returns io.EOF; a read error is returned wrapped with the line number.
func (lr *lineReader) next() ([]byte, int, error) {
	line, err := lr.br.ReadSlice('\n')
	switch {
	case err == nil:
		lr.line++
		return line, lr.line, nil
	case errors.Is(err, bufio.ErrBufferFull):
		lr.line++
		for errors.Is(err, bufio.ErrBufferFull) {
			_, err = lr.br.ReadSlice('\n')
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return nil, lr.line, fmt.Errorf("bridge: reading line %d: %w", lr.line, err)
		}
		return nil, lr.line, nil
	case len(line) > 0 && errors.Is(err, io.EOF):
		lr.line++
		return line, lr.line, nil
	case errors.Is(err, io.EOF):
		return nil, lr.line, io.EOF
	default:
		return nil, lr.line + 1, fmt.Errorf("bridge: reading line %d: %w", lr.line+1, err)
	}
}
