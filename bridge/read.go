package bridge

import (
	"errors"
	"fmt"
	"io"
	"iter"
	"time"

	"github.com/requesthook/requesthook/apicall"
	"github.com/requesthook/requesthook/botoline"
)

// MaxLineLen is the longest line, in bytes, that Read accepts.
//
// Deprecated: use botoline.MaxLineLen.
const MaxLineLen = botoline.MaxLineLen

// ParseLine reads one request-log line into the Call it describes.
//
// Deprecated: use botoline.Parse (or a botoline.Parser, which does not
// allocate) and apicall.FromRecord.
func ParseLine(line []byte, loc *time.Location) (apicall.Call, error) {
	r, err := botoline.Parse(line, loc)
	if err != nil {
		return apicall.Call{}, err
	}
	return apicall.FromRecord(r), nil
}

// Read streams the request-log lines of r as Calls (apicall.FromRecord of
// each line botoline reads) in loc (time.Local when nil). A line that cannot
// be parsed yields a zero Call and a *botoline.LineError carrying its 1-based
// line number and why; reading then continues with the next line, so no line
// is skipped silently. An empty line is malformed too. A last line without a
// newline is read like any other.
//
// An error reading r ends the sequence: it is yielded once, wrapped, and is
// not a *LineError. Read buffers r itself and reads it only as the sequence
// is consumed; the sequence can be ranged over once.
func Read(r io.Reader, loc *time.Location) iter.Seq2[apicall.Call, error] {
	return func(yield func(apicall.Call, error) bool) {
		rd := botoline.NewReader(r, loc)
		for {
			rec, err := rd.Record()
			var le *botoline.LineError
			switch {
			case errors.Is(err, io.EOF) && !errors.As(err, &le):
				return
			case err != nil && !errors.As(err, &le):
				yield(apicall.Call{}, fmt.Errorf("bridge: %w", err))
				return
			case err != nil:
				if !yield(apicall.Call{}, err) {
					return
				}
			default:
				if !yield(apicall.FromRecord(rec), nil) {
					return
				}
			}
		}
	}
}
