package bridge_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/requesthook/requesthook/apicall"
	"github.com/requesthook/requesthook/botoline"
	"github.com/requesthook/requesthook/bridge"
	"github.com/requesthook/requesthook/exporter"
	"github.com/requesthook/requesthook/internal/golden"
	"github.com/requesthook/requesthook/otelhook"
)

// TestReplay replays the golden boto log, with two bad lines in it, into a
// TracerProvider whose only exporter is the legacy-file exporter: the file it
// writes is the log again, byte for byte, less the bad lines.
func TestReplay(t *testing.T) {
	golden := golden.Load(t)
	var log, want strings.Builder
	for i, g := range golden {
		log.WriteString(g.Line)
		want.WriteString(g.Line)
		if i == 3 {
			log.WriteString("'2014-02-26 21:38:27', '200', 'slow', '592', 'DescribeVolumes'\n") // line 5
		}
	}
	log.WriteString("truncated li") // the last line

	rec := tracetest.NewSpanRecorder()
	var file bytes.Buffer
	tp := sdktrace.NewTracerProvider(
		sdktrace.WithSpanProcessor(rec),
		sdktrace.WithSyncer(exporter.New(&file, exporter.WithLocation(time.UTC))),
	)
	var rejected []int
	st, err := bridge.Replay(t.Context(), strings.NewReader(log.String()), tp,
		bridge.WithLocation(time.UTC),
		bridge.WithRejectFunc(func(le *botoline.LineError) { rejected = append(rejected, le.Line) }))
	if err != nil {
		t.Fatal(err)
	}
	if err := tp.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	if want := (bridge.Stats{Lines: len(golden) + 2, Spans: len(golden), Rejected: 2}); st != want {
		t.Errorf("Stats = %+v, want %+v", st, want)
	}
	if len(rejected) != 2 || rejected[0] != 5 || rejected[1] != len(golden)+2 {
		t.Errorf("rejected lines %v, want [5 %d]", rejected, len(golden)+2)
	}
	if file.String() != want.String() {
		t.Errorf("the exporter wrote back a different log:\n%s\nwant\n%s", file.String(), want.String())
	}

	spans := rec.Ended()
	if len(spans) != len(golden) {
		t.Fatalf("%d spans, want %d", len(spans), len(golden))
	}
	traces := make(map[[16]byte]bool)
	for i, s := range spans {
		start, end := golden[i].Start, golden[i].End
		if !s.EndTime().Equal(end.Truncate(time.Second)) || s.EndTime().Sub(s.StartTime()) != end.Sub(start) {
			t.Errorf("span %d: %v..%v, want an end at %v and a duration of %v", i, s.StartTime(), s.EndTime(), end.Truncate(time.Second), end.Sub(start))
		}
		if s.Parent().IsValid() {
			t.Errorf("span %d has a parent", i)
		}
		traces[s.SpanContext().TraceID()] = true
		if s.Name() != golden[i].Operation {
			t.Errorf("span %d named %q, want %q", i, s.Name(), golden[i].Operation)
		}
	}
	if len(traces) != len(spans) {
		t.Errorf("%d spans in %d traces, want one trace each", len(spans), len(traces))
	}
}

// TestReplayStatusZero: a call that failed without a response survives the
// way through a span and the exporter.
func TestReplayStatusZero(t *testing.T) {
	const log = "'2024-05-06 07:08:09', '0', '30.000001', '0', 'GetItem'\n" +
		"'2024-05-06 07:08:09', '0', '0.5', 'None', 'GetItem'\n"
	var file bytes.Buffer
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exporter.New(&file, exporter.WithLocation(time.UTC))))
	if _, err := bridge.Replay(t.Context(), strings.NewReader(log), tp, bridge.WithLocation(time.UTC)); err != nil {
		t.Fatal(err)
	}
	if err := tp.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	if file.String() != log {
		t.Errorf("got\n%s\nwant\n%s", file.String(), log)
	}
}

func TestReplayReadError(t *testing.T) {
	r := iotest.TimeoutReader(strings.NewReader("'2014-02-26 21:38:27', '200', '0.791542', '592', 'DescribeVolumes'\n"))
	st, err := bridge.Replay(t.Context(), r, sdktrace.NewTracerProvider())
	if !errors.Is(err, iotest.ErrTimeout) {
		t.Errorf("err = %v, want %v", err, iotest.ErrTimeout)
	}
	if st.Lines != 1 || st.Spans != 1 {
		t.Errorf("Stats = %+v, want 1 line, 1 span", st)
	}
}

func TestReplayCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	st, err := bridge.Replay(ctx, strings.NewReader(strings.Repeat("'2014-02-26 21:38:27', '200', '0.1', '5', 'X'\n", 10)), sdktrace.NewTracerProvider())
	if !errors.Is(err, context.Canceled) || st.Spans != 0 {
		t.Errorf("Replay = %+v, %v; want no spans and %v", st, err, context.Canceled)
	}
}

// TestHookThroughProcessor: a hook-made span reaches RequestHooks registered
// with exporter.NewHookProcessor like a Transport span does.
func TestHookThroughProcessor(t *testing.T) {
	var got []otelhook.Call
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(exporter.NewHookProcessor(
		otelhook.HookFunc(func(_ context.Context, c otelhook.Call) { got = append(got, c) }))))
	end := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	bridge.NewHook(tp).HandleRequestData(t.Context(), otelhook.Call{Start: end.Add(-time.Second), End: end, Operation: "Publish", Service: "SNS", StatusCode: 200, Size: 10, Attempt: 1})
	if len(got) != 1 || got[0].Operation != "Publish" || got[0].Service != "SNS" || !got[0].End.Equal(end) {
		t.Errorf("hooks saw %+v", got)
	}
}

// TestReplaySelect replays only the lines WithSelect keeps: the file written
// back holds exactly those, and the others are counted as skipped.
func TestReplaySelect(t *testing.T) {
	cases := golden.Load(t)
	var log, want strings.Builder
	kept := 0
	for _, g := range cases {
		log.WriteString(g.Line)
		if g.Status >= 500 {
			want.WriteString(g.Line)
			kept++
		}
	}
	if kept == 0 || kept == len(cases) {
		t.Fatalf("the golden lines have %d of %d 5xx lines; want some, not all", kept, len(cases))
	}
	var file bytes.Buffer
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exporter.New(&file, exporter.WithLocation(time.UTC))))
	st, err := bridge.Replay(t.Context(), strings.NewReader(log.String()), tp, bridge.WithLocation(time.UTC),
		bridge.WithSelect(func(c apicall.Call) bool { return c.StatusCode >= 500 }), bridge.WithSelect(nil))
	if err != nil {
		t.Fatal(err)
	}
	if err := tp.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	if want := (bridge.Stats{Lines: len(cases), Spans: kept, Skipped: len(cases) - kept}); st != want {
		t.Errorf("Stats = %+v, want %+v", st, want)
	}
	if file.String() != want.String() {
		t.Errorf("replayed lines\n%s\nwant\n%s", file.String(), want.String())
	}
}
