package exporter

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"

	"github.com/requesthook/requesthook/apicall"
	"github.com/requesthook/requesthook/botoline"
	"github.com/requesthook/requesthook/internal/golden"
	"github.com/requesthook/requesthook/otelhook"
)

var testEnd = time.Date(2014, 2, 26, 21, 38, 27, 0, time.UTC)

func TestExportSpans(t *testing.T) {
	start := testEnd.Add(-791542 * time.Microsecond)
	stub := func(kind trace.SpanKind, attrs ...attribute.KeyValue) sdktrace.ReadOnlySpan {
		return tracetest.SpanStub{Name: "span", SpanKind: kind, StartTime: start, EndTime: testEnd, Attributes: attrs}.Snapshot()
	}
	failed := tracetest.SpanStub{
		Name: "HTTP GET", SpanKind: trace.SpanKindClient, StartTime: start, EndTime: testEnd,
		Attributes: []attribute.KeyValue{semconv.HTTPRequestMethodKey.String("GET"), semconv.RPCMethod("S3/GetObject")},
		Status:     sdktrace.Status{Code: codes.Error, Description: "connection reset"},
	}.Snapshot()
	spans := []sdktrace.ReadOnlySpan{
		callSpan(testCall(testEnd, 791542*time.Microsecond)),
		stub(trace.SpanKindInternal, semconv.RPCMethod("EC2/DescribeVolumes")),
		stub(trace.SpanKindServer, semconv.HTTPRequestMethodKey.String("GET"), semconv.HTTPResponseStatusCode(200)),
		stub(trace.SpanKindClient, attribute.String("db.system.name", "postgresql")),
		stub(trace.SpanKindClient, semconv.RPCMethod("GetQueueUrl"), semconv.HTTPResponseStatusCode(200), semconv.HTTPResponseBodySize(10)),
		stub(trace.SpanKindClient, semconv.HTTPRequestMethodKey.String("GET"), semconv.HTTPResponseStatusCode(404)),
		failed,
		nil,
	}
	want := "'2014-02-26 21:38:27', '200', '0.791542', '592', 'DescribeVolumes'\n" +
		"'2014-02-26 21:38:27', '200', '0.791542', '10', 'GetQueueUrl'\n" +
		"'2014-02-26 21:38:27', '404', '0.791542', 'None', ''\n" +
		"'2014-02-26 21:38:27', '0', '0.791542', '0', 'GetObject'\n"
	var w writeRecorder
	e := New(&w, WithLocation(time.UTC))
	if err := e.ExportSpans(t.Context(), spans); err != nil {
		t.Fatal(err)
	}
	if got := string(w.Bytes()); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if n := w.writes(); n != 1 {
		t.Errorf("%d writes for one batch, want 1", n)
	}
	if err := e.ExportSpans(t.Context(), spans[1:4]); err != nil {
		t.Fatal(err)
	}
	if n := w.writes(); n != 1 {
		t.Errorf("a batch without calls made %d more writes, want none", n-1)
	}
}

func TestExportSpansLocation(t *testing.T) {
	tests := []struct {
		name string
		opts []Option
		want string
	}{
		{"UTC", []Option{WithLocation(time.UTC)}, "2014-02-26 21:38:27"},
		{"east", []Option{WithLocation(time.FixedZone("X", 5*3600+1800))}, "2014-02-27 03:08:27"},
		{"nil ignored", []Option{WithLocation(time.UTC), WithLocation(nil), nil}, "2014-02-26 21:38:27"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var w writeRecorder
			e := New(&w, tt.opts...)
			if err := e.ExportSpans(t.Context(), []sdktrace.ReadOnlySpan{callSpan(testCall(testEnd, time.Second))}); err != nil {
				t.Fatal(err)
			}
			if got := string(w.Bytes()); !strings.HasPrefix(got, "'"+tt.want+"'") {
				t.Errorf("line %q, want time %q", got, tt.want)
			}
		})
	}
	if got := newConfig().loc; got != time.Local {
		t.Errorf("default location %v, want time.Local", got)
	}
}

// TestAppendLineGoldenThroughSpans sends the golden calls through spans
// carrying the attributes the Transport records and an Exporter: the output
// holds the golden lines in order. Calls boto logged with error=True after a
// response are left out: a span with a response is never a failed call (one
// line per attempt; see the package documentation).
func TestAppendLineGoldenThroughSpans(t *testing.T) {
	var want []byte
	var spans []sdktrace.ReadOnlySpan
	for _, g := range golden.Load(t) {
		if g.Error {
			continue
		}
		spans = append(spans, callSpan(apicall.FromRecord(g.Record())))
		want = append(want, g.Line...)
	}
	if len(spans) < 50 {
		t.Fatalf("only %d golden cases without error", len(spans))
	}
	var w writeRecorder
	e := New(&w, WithLocation(time.UTC))
	if err := e.ExportSpans(t.Context(), spans); err != nil {
		t.Fatal(err)
	}
	if got := w.Bytes(); string(got) != string(want) {
		t.Errorf("output differs from the golden lines\n got %q\nwant %q", got, want)
	}
}

func TestExportSpansContextDone(t *testing.T) {
	var w writeRecorder
	e := New(&w)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	err := e.ExportSpans(ctx, []sdktrace.ReadOnlySpan{callSpan(testCall(testEnd, time.Second))})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("ExportSpans with a canceled context = %v, want context.Canceled", err)
	}
	if n := w.writes(); n != 0 {
		t.Errorf("%d writes, want none", n)
	}
}

// closeRecorder is a writeRecorder that records Close calls.
type closeRecorder struct {
	writeRecorder
	closed bool
}

func (c *closeRecorder) Close() error { c.closed = true; return nil }

func TestShutdown(t *testing.T) {
	var w closeRecorder
	e := New(&w)
	spans := []sdktrace.ReadOnlySpan{callSpan(testCall(testEnd, time.Second))}
	if err := e.ExportSpans(t.Context(), spans); err != nil {
		t.Fatal(err)
	}
	if err := e.Shutdown(t.Context()); err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
	if err := e.ExportSpans(t.Context(), spans); !errors.Is(err, ErrShutdown) {
		t.Errorf("ExportSpans after Shutdown = %v, want ErrShutdown", err)
	}
	if n := w.writes(); n != 1 {
		t.Errorf("%d writes, want 1 (none after Shutdown)", n)
	}
	if err := e.Shutdown(t.Context()); err != nil {
		t.Errorf("second Shutdown = %v, want nil", err)
	}
	if w.closed {
		t.Error("Shutdown closed the writer given to New")
	}
	if err := e.Reopen(); err == nil {
		t.Error("Reopen of an Exporter made by New succeeded")
	}
}

// blockingWriter blocks every Write until release is closed.
type blockingWriter struct {
	entered chan struct{}
	release chan struct{}
}

func (b *blockingWriter) Write(p []byte) (int, error) {
	b.entered <- struct{}{}
	<-b.release
	return len(p), nil
}

func TestShutdownHonoursContext(t *testing.T) {
	w := &blockingWriter{entered: make(chan struct{}, 1), release: make(chan struct{})}
	e := New(w)
	exported := make(chan error)
	go func() {
		exported <- e.ExportSpans(context.Background(), []sdktrace.ReadOnlySpan{callSpan(testCall(testEnd, time.Second))})
	}()
	<-w.entered
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	if err := e.Shutdown(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Shutdown during a blocked write = %v, want context.DeadlineExceeded", err)
	}
	close(w.release)
	if err := <-exported; err != nil {
		t.Errorf("the write in progress failed: %v", err)
	}
}

// faultyWriter is an io.Writer whose next Writes fail as scripted: each entry
// of faults is the number of bytes to accept before failing with ENOSPC (-1:
// accept everything). Once the script is used up every Write succeeds.
type faultyWriter struct {
	writeRecorder
	mu     sync.Mutex
	faults []int
}

// tearSecondLine, as a fault, fails a write 3 bytes into its second line,
// wherever the first line ends: lines of calls timed by the clock vary in
// length.
const tearSecondLine = -2

func (f *faultyWriter) Write(p []byte) (int, error) {
	f.mu.Lock()
	n := -1
	if len(f.faults) > 0 {
		n, f.faults = f.faults[0], f.faults[1:]
	}
	f.mu.Unlock()
	if n == tearSecondLine {
		n = -1
		if i := bytes.IndexByte(p, '\n'); i >= 0 {
			n = i + 1 + 3
		}
	}
	if n < 0 || n >= len(p) {
		return f.writeRecorder.Write(p)
	}
	f.writeRecorder.Write(p[:n])
	return n, syscall.ENOSPC
}

// batch returns n call spans whose operations are name-0, name-1, ….
func batch(name string, n int) []sdktrace.ReadOnlySpan {
	spans := make([]sdktrace.ReadOnlySpan, n)
	for i := range spans {
		c := testCall(testEnd, time.Second)
		c.Operation = name + "-" + strings.Repeat("x", i%7) + string(rune('a'+i%26))
		spans[i] = callSpan(c)
	}
	return spans
}

// checkLines parses every line of out and returns the operations in order.
func checkLines(t *testing.T, out []byte) []string {
	t.Helper()
	var ops []string
	for len(out) > 0 {
		i := strings.IndexByte(string(out), '\n')
		if i < 0 {
			t.Fatalf("torn last line %q", out)
		}
		r, err := botoline.Parse(out[:i+1], time.UTC)
		if err != nil {
			t.Fatalf("line %q: %v", out[:i+1], err)
		}
		ops = append(ops, r.Operation)
		out = out[i+1:]
	}
	return ops
}

// TestWriterFailsThenRecovers drives a writer given to New through a full
// disk: whole failures, a write torn inside a line and one torn at a line
// boundary. Each failure is returned, and once the writer accepts writes
// again the output holds only whole lines: the batches that succeeded, the
// lines before each tear and the torn line, completed.
func TestWriterFailsThenRecovers(t *testing.T) {
	w := &faultyWriter{}
	e := New(w, WithLocation(time.UTC))
	one := batch("one", 3)
	if err := e.ExportSpans(t.Context(), one); err != nil {
		t.Fatal(err)
	}
	w.faults = []int{0}
	err := e.ExportSpans(t.Context(), batch("lost", 3))
	if !errors.Is(err, syscall.ENOSPC) || !strings.HasPrefix(err.Error(), "exporter: ") {
		t.Fatalf("ExportSpans on a full disk = %v, want a wrapped ENOSPC", err)
	}
	// Tear the second line of the batch "torn" 5 bytes in.
	tornBatch := batch("torn", 3)
	first := AppendLine(nil, mustCall(t, tornBatch[0]), time.UTC)
	w.faults = []int{len(first) + 5, 0}
	if err := e.ExportSpans(t.Context(), tornBatch); !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("torn write = %v, want ENOSPC", err)
	}
	// The rest of the torn line is pending; the next attempt still fails.
	if err := e.ExportSpans(t.Context(), batch("lost2", 2)); !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("write while the disk is full = %v, want ENOSPC", err)
	}
	if err := e.ExportSpans(t.Context(), batch("after", 2)); err != nil {
		t.Fatalf("write after the fault cleared: %v", err)
	}
	got := checkLines(t, w.Bytes())
	want := []string{"one-a", "one-xb", "one-xxc", "torn-a", "torn-xb", "after-a", "after-xb"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("lines %q\nwant %q", got, want)
	}
}

// mustCall reads the Call of a span.
func mustCall(t *testing.T, s sdktrace.ReadOnlySpan) otelhook.Call {
	t.Helper()
	c, ok := CallFromSpan(s)
	if !ok {
		t.Fatal("not a call span")
	}
	return c
}

// shortWriter accepts a few bytes per Write and returns no error, which the
// io.Writer contract forbids.
type shortWriter struct{ writeRecorder }

func (s *shortWriter) Write(p []byte) (int, error) {
	n := min(len(p), 7)
	s.writeRecorder.Write(p[:n])
	return n, nil
}

func TestShortWriteWithoutError(t *testing.T) {
	w := &shortWriter{}
	e := New(w)
	err := e.ExportSpans(t.Context(), batch("a", 1))
	if !errors.Is(err, io.ErrShortWrite) {
		t.Errorf("short write = %v, want io.ErrShortWrite", err)
	}
}

// TestConcurrentExports checks that batches exported at the same time never
// interleave inside a line.
func TestConcurrentExports(t *testing.T) {
	var w writeRecorder
	e := New(&w)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for range 50 {
				if err := e.ExportSpans(context.Background(), batch(strings.Repeat("g", g+1), 20)); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	if got := len(checkLines(t, w.Bytes())); got != 8*50*20 {
		t.Errorf("%d lines, want %d", got, 8*50*20)
	}
}
