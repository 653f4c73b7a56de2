package requestlogreceiver

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/open-telemetry/opentelemetry-collector-contrib/extension/storage/storagetest"
	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.opentelemetry.io/collector/receiver/receivertest"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/requesthook/requesthook/bridge"
	"github.com/requesthook/requesthook/collector/requestlogreceiver/internal/metadata"
)

// lines are legacy lines of every kind: a success, an error status, a call
// without a response, size None, an escaped operation, no operation.
var lines = []string{
	`'2026-11-24 14:48:21', '200', '0.791542', '592', 'DescribeVolumes'`,
	`'2026-11-24 14:48:22', '503', '0.000226', '227', 'DescribeAvailabilityZones'`,
	`'2026-11-24 14:48:23', '0', '2.0', '0', 'DescribeInstances'`,
	`'2026-11-24 14:48:24', '200', '5e-05', 'None', 'GetItem'`,
	`'2026-11-24 14:48:25', '400', '0.05', '112', 'It''s\nodd'`,
	`'2026-11-24 14:48:26', '200', '0.1', '5', ''`,
}

// startReceiver starts a receiver of cfg feeding sink on host.
func startReceiver(t *testing.T, cfg *Config, sink *consumertest.TracesSink, host component.Host) *logReceiver {
	t.Helper()
	set := receivertest.NewNopSettings(metadata.Type)
	set.ID = component.NewID(metadata.Type) // the same across restarts, as in a Collector
	r, err := NewFactory().CreateTraces(context.Background(), set, cfg, sink)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Start(context.Background(), host); err != nil {
		t.Fatal(err)
	}
	return r.(*logReceiver)
}

// stop shuts r down.
func stop(t *testing.T, r *logReceiver) {
	t.Helper()
	if err := r.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// testConfig follows path from its beginning in UTC, polling often.
func testConfig(path string) *Config {
	cfg := NewFactory().CreateDefaultConfig().(*Config)
	cfg.Include = []string{path}
	cfg.StartAt = "beginning"
	cfg.Location = "UTC"
	cfg.PollInterval = 10 * time.Millisecond
	return cfg
}

// appendLines appends ls to the file at path.
func appendLines(t *testing.T, path string, ls ...string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, l := range ls {
		if _, err := f.WriteString(l + "\n"); err != nil {
			t.Fatal(err)
		}
	}
}

// waitSpans waits until sink holds n spans, and fails when it holds more.
func waitSpans(t *testing.T, sink *consumertest.TracesSink, n int) []ptrace.Span {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for sink.SpanCount() < n && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond) // time for an unwanted extra span
	var spans []ptrace.Span
	for _, td := range sink.AllTraces() {
		for _, rs := range td.ResourceSpans().All() {
			for _, ss := range rs.ScopeSpans().All() {
				for _, s := range ss.Spans().All() {
					spans = append(spans, s)
				}
			}
		}
	}
	if len(spans) != n {
		t.Fatalf("%d spans, want %d", len(spans), n)
	}
	return spans
}

// operations returns the rpc.method of each span.
func operations(spans []ptrace.Span) []string {
	var ops []string
	for _, s := range spans {
		v, _ := s.Attributes().Get("rpc.method")
		ops = append(ops, v.AsString())
	}
	return ops
}

// TestSpansAsReplay checks each line becomes the span `requestlog replay`
// records for it (bridge.Replay through the SDK), plus log.file.path, and
// that a malformed line is counted and skipped without stopping the
// receiver.
func TestSpansAsReplay(t *testing.T) {
	path := filepath.Join(t.TempDir(), "request_log.csv")
	appendLines(t, path, lines[:3]...)
	appendLines(t, path, "not a request-log line")
	appendLines(t, path, lines[3:]...)

	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := bridge.Replay(context.Background(), f, tp, bridge.WithLocation(time.UTC)); err != nil {
		t.Fatal(err)
	}
	want := rec.Ended()

	sink := new(consumertest.TracesSink)
	r := startReceiver(t, testConfig(path), sink, componenttest.NewNopHost())
	got := waitSpans(t, sink, len(lines))
	stop(t, r)
	if r.Rejected() != 1 {
		t.Errorf("%d lines rejected, want 1", r.Rejected())
	}
	if len(want) != len(got) {
		t.Fatalf("replay recorded %d spans, the receiver %d", len(want), len(got))
	}
	for i, w := range want {
		g := got[i]
		if g.Name() != w.Name() || g.Kind() != ptrace.SpanKindClient ||
			!g.StartTimestamp().AsTime().Equal(w.StartTime()) || !g.EndTimestamp().AsTime().Equal(w.EndTime()) ||
			(g.Status().Code() == ptrace.StatusCodeError) != (w.Status().Code == codes.Error) || g.Status().Message() != w.Status().Description {
			t.Errorf("line %d: got %s %v %v..%v %v %q; replay %s %v..%v %v %q", i+1,
				g.Name(), g.Kind(), g.StartTimestamp(), g.EndTimestamp(), g.Status().Code(), g.Status().Message(),
				w.Name(), w.StartTime(), w.EndTime(), w.Status().Code, w.Status().Description)
		}
		wantAttrs := pcommon.NewMap()
		for _, kv := range w.Attributes() {
			putAttr(wantAttrs, kv)
		}
		wantAttrs.PutStr(FilePathKey, path)
		if !g.Attributes().Equal(wantAttrs) {
			t.Errorf("line %d attributes:\n got %v\nwant %v", i+1, g.Attributes().AsRaw(), wantAttrs.AsRaw())
		}
		if g.ParentSpanID() != (pcommon.SpanID{}) || g.TraceID().IsEmpty() || g.SpanID().IsEmpty() {
			t.Errorf("line %d: not the root of a trace of its own", i+1)
		}
	}
}

// putAttr puts an SDK attribute into m as the OTLP exporter would send it.
func putAttr(m pcommon.Map, kv attribute.KeyValue) {
	switch kv.Value.Type() {
	case attribute.STRING:
		m.PutStr(string(kv.Key), kv.Value.AsString())
	case attribute.INT64:
		m.PutInt(string(kv.Key), kv.Value.AsInt64())
	case attribute.STRINGSLICE:
		s := m.PutEmptySlice(string(kv.Key))
		for _, e := range kv.Value.AsStringSlice() {
			s.AppendEmpty().SetStr(e)
		}
	default:
		panic(fmt.Sprintf("attribute %s of type %v", kv.Key, kv.Value.Type()))
	}
}

// TestStartAtEnd checks that start_at end skips what a file held at start.
func TestStartAtEnd(t *testing.T) {
	path := filepath.Join(t.TempDir(), "request_log.csv")
	appendLines(t, path, lines[:2]...)
	cfg := testConfig(path)
	cfg.StartAt = "end"
	sink := new(consumertest.TracesSink)
	r := startReceiver(t, cfg, sink, componenttest.NewNopHost())
	defer stop(t, r)
	time.Sleep(50 * time.Millisecond)
	appendLines(t, path, lines[2])
	if got := operations(waitSpans(t, sink, 1)); !slices.Equal(got, []string{"DescribeInstances"}) {
		t.Errorf("operations %v", got)
	}
}

// TestRotation checks rotation by rename (the rest of the old file first,
// then the new file from its start), truncation, a partial line completed
// later, and a file matched after start.
func TestRotation(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "request_log.csv")
	appendLines(t, path, lines[0])
	sink := new(consumertest.TracesSink)
	r := startReceiver(t, testConfig(filepath.Join(dir, "*.csv")), sink, componenttest.NewNopHost())
	defer stop(t, r)
	waitSpans(t, sink, 1)

	// Rotation by rename: a line lands in the old file after the rename.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(path, path+".1"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(lines[1] + "\n"); err != nil {
		t.Fatal(err)
	}
	f.Close()
	appendLines(t, path, lines[2])
	waitSpans(t, sink, 3)

	// Truncation, then a line written in two pieces.
	if err := os.Truncate(path, 0); err != nil {
		t.Fatal(err)
	}
	half := len(lines[3]) / 2
	if err := os.WriteFile(path, []byte(lines[3][:half]), 0o644); err != nil {
		t.Fatal(err)
	}
	time.Sleep(50 * time.Millisecond)
	f, err = os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(lines[3][half:] + "\n")
	f.Close()

	// A new file matching the glob is read from its start.
	appendLines(t, filepath.Join(dir, "other.csv"), lines[4])
	got := operations(waitSpans(t, sink, 5))
	want := []string{"DescribeVolumes", "DescribeAvailabilityZones", "DescribeInstances"}
	if !slices.Equal(got[:3], want) {
		t.Errorf("operations %v, want %v first", got, want)
	}
	if !slices.Contains(got, "GetItem") || !slices.Contains(got, "It's\nodd") {
		t.Errorf("operations %v lack the lines after the truncation or of the new file", got)
	}
}

// TestRestartWithStorage checks that with a storage extension a restart
// neither duplicates nor loses lines, also for lines written while the
// receiver was down and a file rotated meanwhile.
func TestRestartWithStorage(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "request_log.csv")
	storageDir := t.TempDir()
	newHost := func() component.Host {
		return storagetest.NewStorageHost().WithExtension(storagetest.NewStorageID("offsets"),
			storagetest.NewFileBackedStorageExtension("offsets", storageDir))
	}
	cfg := testConfig(filepath.Join(dir, "request_log.csv*"))
	cfg.StartAt = "end" // the checkpoint wins over start_at after the first start
	id := storagetest.NewStorageID("offsets")
	cfg.StorageID = &id

	appendLines(t, path, lines[0])
	sink := new(consumertest.TracesSink)
	r := startReceiver(t, cfg, sink, newHost())
	time.Sleep(50 * time.Millisecond)
	appendLines(t, path, lines[1], lines[2])
	waitSpans(t, sink, 2)
	stop(t, r)

	appendLines(t, path, lines[3])
	if err := os.Rename(path, path+".1"); err != nil {
		t.Fatal(err)
	}
	appendLines(t, path, lines[4])

	sink2 := new(consumertest.TracesSink)
	r = startReceiver(t, cfg, sink2, newHost())
	defer stop(t, r)
	got := operations(waitSpans(t, sink2, 2))
	slices.Sort(got)
	if want := []string{"GetItem", "It's\nodd"}; !slices.Equal(got, want) {
		t.Errorf("after restart: %q, want %q", got, want)
	}
}

// TestLongLine checks a line longer than the limit is rejected and the
// next one read.
func TestLongLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "request_log.csv")
	appendLines(t, path, string(bytes.Repeat([]byte("x"), 600<<10)), lines[0])
	sink := new(consumertest.TracesSink)
	r := startReceiver(t, testConfig(path), sink, componenttest.NewNopHost())
	waitSpans(t, sink, 1)
	stop(t, r)
	if r.Rejected() != 1 {
		t.Errorf("%d lines rejected, want 1", r.Rejected())
	}
}

// TestRotationMatchedTwice checks rotations where the globs match the
// rotated files too (request_log.csv*): the file renamed to
// request_log.csv.1, then to request_log.csv.2, is followed at each path
// but each of its lines is handed on once, a line written to it after the
// rename included.
func TestRotationMatchedTwice(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "request_log.csv")
	appendLines(t, path, lines[0])
	sink := new(consumertest.TracesSink)
	r := startReceiver(t, testConfig(path+"*"), sink, componenttest.NewNopHost())
	defer stop(t, r)
	waitSpans(t, sink, 1)

	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(path, path+".1"); err != nil {
		t.Fatal(err)
	}
	time.Sleep(50 * time.Millisecond) // the glob matches request_log.csv.1
	if _, err := f.WriteString(lines[1] + "\n"); err != nil {
		t.Fatal(err)
	}
	f.Close()
	appendLines(t, path, lines[2])
	waitSpans(t, sink, 3)

	if err := os.Rename(path+".1", path+".2"); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(path, path+".1"); err != nil {
		t.Fatal(err)
	}
	appendLines(t, path, lines[3])
	got := operations(waitSpans(t, sink, 4))
	if want := []string{"DescribeVolumes", "DescribeAvailabilityZones", "DescribeInstances", "GetItem"}; !slices.Equal(got, want) {
		t.Errorf("operations %q, want %q", got, want)
	}
}
