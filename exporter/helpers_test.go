package exporter

import (
	"bytes"
	"sync"
	"time"

	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/requesthook/requesthook/apicall"
	"github.com/requesthook/requesthook/otelhook"
)

// callSpan returns a finished CLIENT span describing c the way the Transport
// records calls: its name, c.Attributes() and, for a failed call, an error
// status.
func callSpan(c otelhook.Call) sdktrace.ReadOnlySpan {
	stub := tracetest.SpanStub{
		Name:       apicall.SpanName(c.Service, c.Operation, c.Method),
		SpanKind:   trace.SpanKindClient,
		StartTime:  c.Start,
		EndTime:    c.End,
		Attributes: c.Attributes(),
	}
	if c.Err != nil {
		stub.Status = sdktrace.Status{Code: codes.Error, Description: c.Err.Error()}
	}
	return stub.Snapshot()
}

// testCall returns a typical call: EC2 DescribeVolumes, 200, 592 bytes,
// ending at end after d.
func testCall(end time.Time, d time.Duration) otelhook.Call {
	return otelhook.Call{
		Start: end.Add(-d), End: end,
		Service: "EC2", Operation: "DescribeVolumes", Method: "POST",
		URL:        "https://ec2.us-west-2.amazonaws.com/",
		StatusCode: 200, Size: 592, Attempt: 1, RequestID: "req-1",
	}
}

// writeRecorder is an io.Writer that keeps what it was given and counts the
// Write calls. It is safe for concurrent use.
type writeRecorder struct {
	mu    sync.Mutex
	buf   bytes.Buffer
	calls int
}

func (w *writeRecorder) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.calls++
	return w.buf.Write(p)
}

// Bytes returns a copy of everything written.
func (w *writeRecorder) Bytes() []byte {
	w.mu.Lock()
	defer w.mu.Unlock()
	return bytes.Clone(w.buf.Bytes())
}

// writes returns the number of Write calls.
func (w *writeRecorder) writes() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.calls
}
