package botoline

import (
	"bytes"
	"errors"
	"strconv"
)

// MaxLineLen is the longest line, in bytes, that a Splitter or Reader
// passes on; a longer one is reported as too long and skipped up to its end.
// Lines written by Append or boto are a few hundred bytes at most.
const MaxLineLen = 64 << 10

// ErrLineTooLong is the LineError.Err of a line longer than MaxLineLen.
var ErrLineTooLong = errors.New("line longer than " + strconv.Itoa(MaxLineLen) + " bytes")

// Splitter cuts a byte stream, handed to it in chunks as they arrive (a file
// being followed, a network stream), into lines. It keeps the partial last
// line of a chunk until the chunk that completes it; a line longer than
// MaxLineLen is dropped up to its newline and reported as a nil line. The
// zero Splitter is ready to use. It is not safe for concurrent use.
type Splitter struct {
	partial  []byte
	skipping bool // inside a line longer than MaxLineLen
}

// Next returns the first line that b completes, newline included, and the
// rest of b after it. A nil line with ok true is a line longer than
// MaxLineLen. When b completes no line, Next keeps b (the start of a line)
// and returns ok false. The line is valid until the next call.
func (s *Splitter) Next(b []byte) (line, rest []byte, ok bool) {
	i := bytes.IndexByte(b, '\n')
	if i < 0 {
		if !s.skipping {
			s.partial = append(s.partial, b...)
			if len(s.partial) > MaxLineLen {
				s.partial, s.skipping = s.partial[:0], true
			}
		}
		return nil, nil, false
	}
	rest = b[i+1:]
	switch {
	case s.skipping:
		s.skipping = false
		return nil, rest, true
	case len(s.partial)+i+1 > MaxLineLen:
		s.partial = s.partial[:0]
		return nil, rest, true
	case len(s.partial) > 0:
		s.partial = append(s.partial, b[:i+1]...)
		line = s.partial
		s.partial = s.partial[:0]
		return line, rest, true
	default:
		return b[:i+1], rest, true
	}
}

// Feed calls fn for each line that b completes, as Next returns them.
func (s *Splitter) Feed(b []byte, fn func(line []byte)) {
	for len(b) > 0 {
		line, rest, ok := s.Next(b)
		if !ok {
			return
		}
		fn(line)
		b = rest
	}
}

// Pending returns the partial line kept so far (nil while a too-long line is
// being skipped); it is valid until the next call.
func (s *Splitter) Pending() []byte {
	if s.skipping {
		return nil
	}
	return s.partial
}

// Flush ends the stream: it returns the partial last line, which has no
// newline, and forgets it. ok is false when there is none; a nil line with
// ok true is a last line longer than MaxLineLen.
func (s *Splitter) Flush() (line []byte, ok bool) {
	if s.skipping {
		s.skipping = false
		return nil, true
	}
	if len(s.partial) == 0 {
		return nil, false
	}
	line = s.partial
	s.partial = s.partial[:0]
	return line, true
}

// Reset forgets any partial line, for a stream that starts over (a file
// truncated or replaced).
func (s *Splitter) Reset() {
	s.partial, s.skipping = s.partial[:0], false
}
