package bridge

import (
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"

	"github.com/requesthook/requesthook/apicall"
)

// Span is the CLIENT span NewHook records for a Call, for recorders that do
// not go through a TracerProvider (a Collector receiver building pdata):
// they give it the same name, times, attributes and status.
type Span struct {
	// Name is apicall.SpanName of the call.
	Name string
	// Start and End are the span's times, after the repairs NewHook makes.
	Start, End time.Time
	// Attributes are the call's attributes after NewHook's defaults, and
	// ProblemsKey when something was wrong with the Call.
	Attributes []attribute.KeyValue
	// StatusCode and StatusDescription are the span's status: Error with
	// the redacted error message when the call failed without a response,
	// Error for a status code of 400 and above, Unset otherwise.
	StatusCode        codes.Code
	StatusDescription string
}

// SpanOf returns the span NewHook records for c (see NewHook for the
// defaults and repairs), with now giving the time of a call that has
// neither start nor end (time.Now when nil).
func SpanOf(c apicall.Call, now func() time.Time) Span {
	if now == nil {
		now = time.Now
	}
	s := Span{Name: spanName(c)}
	var problems []string
	s.Start, s.End, problems = times(c, now)
	if c.Operation == "" {
		problems = append(problems, "operation unknown")
	}
	if c.RPCSystem == "" && c.Operation != "" {
		c.RPCSystem = apicall.SystemAWS
	}
	if c.Method == "" {
		c.Method = semconv.HTTPRequestMethodOther.Value.AsString()
	}
	if c.ServerAddress == "" {
		c.ServerAddress, c.ServerPort = server(c.URL)
	}
	s.Attributes = c.Attributes()
	if len(problems) > 0 {
		s.Attributes = append(s.Attributes, ProblemsKey.StringSlice(problems))
	}
	switch {
	case c.Err != nil:
		s.StatusCode, s.StatusDescription = codes.Error, errorMessage(c.Err, c.URL)
	case c.StatusCode >= 400:
		s.StatusCode = codes.Error
	}
	return s
}
