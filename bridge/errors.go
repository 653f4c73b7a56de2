package bridge

import (
	"github.com/requesthook/requesthook/apicall"
	"github.com/requesthook/requesthook/botoline"
)

// SyntaxError describes why a line is not a request-log line.
//
// Deprecated: use botoline.SyntaxError (the same type).
type SyntaxError = botoline.SyntaxError

// LineError is a line that Read or Replay could not use.
//
// Deprecated: use botoline.LineError (the same type).
type LineError = botoline.LineError

// ErrNoResponse is the Call.Err of a parsed line with status 0 and size 0.
//
// Deprecated: use apicall.ErrNoResponse (the same value).
var ErrNoResponse = apicall.ErrNoResponse
