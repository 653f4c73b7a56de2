package botoline

import (
	"errors"
	"fmt"
	"io"
	"time"
)

// Reader reads the lines of a stream with a Splitter and parses them with
// its own Parser. It is not safe for concurrent use.
type Reader struct {
	r      io.Reader
	split  Splitter
	parser Parser
	buf    []byte
	rest   []byte
	line   int
	err    error // the error that ended the stream
}

// NewReader returns a Reader of r that reads times in loc (time.Local when
// nil). It buffers r itself.
func NewReader(r io.Reader, loc *time.Location) *Reader {
	return &Reader{r: r, parser: Parser{Location: loc}, buf: make([]byte, 64<<10)}
}

// Line returns the 1-based number of the last line returned.
func (r *Reader) Line() int { return r.line }

// Next returns the next line, newline included when it has one, and its
// number. The line is valid until the next call. A line longer than
// MaxLineLen is returned as nil with a nil error. At the end of the stream
// Next returns io.EOF; an error reading the stream is returned wrapped with
// the line number, and ends it.
func (r *Reader) Next() ([]byte, error) {
	for {
		if len(r.rest) > 0 {
			line, rest, ok := r.split.Next(r.rest)
			if ok {
				r.rest = rest
				r.line++
				return line, nil
			}
			r.rest = nil
		}
		if r.err != nil {
			if line, ok := r.split.Flush(); ok {
				r.line++
				return line, nil
			}
			if errors.Is(r.err, io.EOF) {
				return nil, io.EOF
			}
			return nil, fmt.Errorf("reading line %d: %w", r.line+1, r.err)
		}
		n, err := r.r.Read(r.buf)
		r.rest = r.buf[:n]
		r.err = err
	}
}

// Record reads and parses the next line. A line that cannot be used yields
// a *LineError (ErrLineTooLong or a *SyntaxError) and reading can go on; at
// the end of the stream Record returns io.EOF, and a read error, wrapped,
// ends the stream. Parsing a line whose operation was seen recently
// allocates nothing.
func (r *Reader) Record() (Record, error) {
	line, err := r.Next()
	if err != nil {
		return Record{}, err
	}
	if line == nil {
		return Record{}, &LineError{Line: r.line, Err: ErrLineTooLong}
	}
	rec, err := r.parser.Parse(line)
	if err != nil {
		return Record{}, &LineError{Line: r.line, Err: err}
	}
	return rec, nil
}
