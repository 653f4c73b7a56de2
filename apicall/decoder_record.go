package apicall

import (
	"go.opentelemetry.io/otel/codes"

	"github.com/requesthook/requesthook/botoline"
)

// Record returns the line of the call read, given the span's status code:
// what Call(code, …).Record() returns, without building the Call's Err, so
// that it allocates nothing for any span (a writer of lines on a hot path,
// such as a Collector exporter, needs no error message). It reports false
// for a span that is not a call, as Call does.
func (d *Decoder) Record(code codes.Code) (botoline.Record, bool) {
	if !d.isCall {
		return botoline.Record{}, false
	}
	// Call sets Err (boto's error=True) for exactly these spans.
	return d.c.record(code == codes.Error && d.c.StatusCode == 0), true
}

// Reported reports whether the span read is a call that stands for one at
// granularity g (Call.Reported), without copying the Call out: a writer of
// lines asks it before Record.
func (d *Decoder) Reported(g Granularity) bool {
	return d.isCall && d.c.Reported(g)
}
