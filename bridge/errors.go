package bridge

import (
	"fmt"
	"strconv"
)

// SyntaxError describes why a line is not a request-log line. Column is the
// 1-based byte offset in the line where the problem was found.
type SyntaxError struct {
	Column int    // 1-based byte column of the problem
	Msg    string // what is wrong, for example "status: want an integer"
}

// Error returns "column N: msg".
func (e *SyntaxError) Error() string {
	return "column " + strconv.Itoa(e.Column) + ": " + e.Msg
}

// LineError is a line that Read or Replay could not use. Line is 1-based;
// Err is a *SyntaxError for a malformed line, or says why the line was too
// long to read.
type LineError struct {
	Line int   // 1-based line number in the stream
	Err  error // why the line was rejected
}

// Error returns "line N: column M: msg".
func (e *LineError) Error() string {
	return fmt.Sprintf("line %d: %v", e.Line, e.Err)
}

// Unwrap returns e.Err.
func (e *LineError) Unwrap() error { return e.Err }

// NoResponseError is the Call.Err of a parsed line with status 0 and size 0:
// the call failed without a response, which is how exporter.AppendLine
// writes a Call that has an Err and no status code (and how boto logged a
// request whose retries were exhausted before any response arrived).
type NoResponseError struct{}

// Error describes the failure.
func (NoResponseError) Error() string { return "request failed without a response" }

// ErrorType returns "no_response", the error.type of such a call's span.
func (NoResponseError) ErrorType() string { return "no_response" }

// ErrNoResponse is the NoResponseError value ParseLine sets as Call.Err.
var ErrNoResponse error = NoResponseError{}
