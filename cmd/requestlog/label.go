package main

import (
	"github.com/requesthook/requesthook/apicall"
	"github.com/requesthook/requesthook/botoline"
)

// safeName returns a name from a log (an operation, a file name) escaped as
// the log escapes it (botoline.AppendField), so that printing it, in a table,
// JSON, CSV or HTML, puts no control character on a terminal or a page.
func safeName(s string) string {
	return string(botoline.AppendField(nil, s))
}

// opLabel is how every command labels an operation: escaped, and, when the
// line names none, as a span of such a call is named (apicall.SpanName).
func opLabel(op string) string {
	if op == "" {
		return apicall.SpanName("", "", "")
	}
	return safeName(op)
}
