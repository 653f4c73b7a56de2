package botoline

import "strconv"

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

// LineError is a line of a stream that could not be used. Line is 1-based;
// Err is a *SyntaxError for a malformed line, or ErrLineTooLong.
type LineError struct {
	Line int   // 1-based line number in the stream
	Err  error // why the line was rejected
}

// Error returns "line N: column M: msg".
func (e *LineError) Error() string {
	return "line " + strconv.Itoa(e.Line) + ": " + e.Err.Error()
}

// Unwrap returns e.Err.
func (e *LineError) Unwrap() error { return e.Err }
