package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/contrib/exporters/autoexport"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"

	"github.com/requesthook/requesthook/botoline"
	"github.com/requesthook/requesthook/bridge"
)

type replayFlags struct {
	tz        tzFlag
	maxErrors int
}

func (f *replayFlags) flagSet(e *env) *flag.FlagSet {
	fs := newFlagSet(e, "replay", `replay [-tz zone] [-errors n] file...

Replay sends request logs ("-" reads standard input) to an OpenTelemetry
backend: each line becomes a CLIENT span, the root of a trace of its own,
with the call's original start and end times, so that history can be
backfilled into Jaeger or any OTLP backend. The exporter is configured by
the standard environment variables: OTEL_TRACES_EXPORTER (default otlp),
OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT,
OTEL_EXPORTER_OTLP_PROTOCOL (default http/protobuf), OTEL_EXPORTER_OTLP_HEADERS
and the others of the OTLP exporter specification; OTEL_SERVICE_NAME and
OTEL_RESOURCE_ATTRIBUTES name the service the spans belong to (set them to
the application that wrote the log). No span is dropped for a full queue.

A progress bar is drawn on standard error when it is a terminal. At the end
replay prints how many lines it read, how many spans were sent and how many
lines were rejected; it exits with status 1 when a file cannot be read or
spans cannot be sent.`)
	addTZFlag(fs, &f.tz)
	addErrorsFlag(fs, &f.maxErrors)
	return fs
}

func runReplay(ctx context.Context, e *env, args []string) int {
	var f replayFlags
	fs := f.flagSet(e)
	if code := parseFlags(fs, args); code >= 0 {
		return code
	}
	if fs.NArg() == 0 {
		return usageError(fs, "requestlog replay: no files named (use - for standard input)")
	}
	exp, err := autoexport.NewSpanExporter(ctx)
	if err != nil {
		fmt.Fprintf(e.stderr, "requestlog replay: %v\n", err)
		return exitUsage // a bad OTEL_* setting
	}
	counted := &countingExporter{SpanExporter: exp}
	// The service is the one that wrote the log: OTEL_SERVICE_NAME, else the
	// SDK's default name for an unknown service.
	res, err := resource.New(ctx,
		resource.WithAttributes(semconv.ServiceName("unknown_service:requestlog")),
		resource.WithFromEnv(), resource.WithTelemetrySDK())
	if err != nil {
		fmt.Fprintf(e.stderr, "requestlog replay: resource: %v\n", err)
	}
	tp := sdktrace.NewTracerProvider(
		sdktrace.WithResource(res),
		sdktrace.WithSampler(sdktrace.AlwaysSample()),
		sdktrace.WithSpanProcessor(sdktrace.NewBatchSpanProcessor(counted, sdktrace.WithBlocking())),
	)

	bad := &malformed{w: e.stderr, limit: f.maxErrors}
	var total bridge.Stats
	code := exitOK
	for _, name := range fs.Args() {
		st, err := replayFile(ctx, e, name, tp, f.tz.location(), bad)
		total.Lines += st.Lines
		total.Spans += st.Spans
		total.Rejected += st.Rejected
		if err != nil {
			fmt.Fprintf(e.stderr, "requestlog replay: %v\n", err)
			code = exitUnreadable
			if ctx.Err() != nil {
				break
			}
		}
	}
	// Send what is queued; an interrupt still flushes, with a deadline.
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	if err := tp.Shutdown(sctx); err != nil {
		counted.fail(err)
	}
	exported, exportErr := counted.result()
	fmt.Fprintf(e.stdout, "replayed %d %s: %d %s sent, %d %s rejected\n",
		total.Lines, plural(total.Lines, "line", "lines"),
		exported, plural(int(exported), "span", "spans"),
		total.Rejected, plural(total.Rejected, "line", "lines"))
	if exportErr != nil {
		fmt.Fprintf(e.stderr, "requestlog replay: sending spans: %v\n", exportErr)
		code = exitUnreadable
	}
	if int64(total.Spans) != exported && exportErr == nil {
		fmt.Fprintf(e.stderr, "requestlog replay: %d spans recorded but %d sent\n", total.Spans, exported)
		code = exitUnreadable
	}
	return code
}

// replayFile replays one file, drawing progress when stderr is a terminal.
func replayFile(ctx context.Context, e *env, name string, tp *sdktrace.TracerProvider, loc *time.Location, bad *malformed) (bridge.Stats, error) {
	in, err := openInput(e, name)
	if err != nil {
		return bridge.Stats{}, err
	}
	defer in.Close()
	defer bad.endFile(in.name)
	r := &countingReader{r: in.r}
	if f, ok := e.stderr.(*os.File); ok && isTerminal(f) {
		p := startProgress(f, in.name, in.size, r)
		defer p.stop()
	}
	st, err := bridge.Replay(ctx, r, tp,
		bridge.WithLocation(loc),
		bridge.WithRejectFunc(func(le *botoline.LineError) { bad.report(in.name, le) }))
	if err != nil {
		return st, fmt.Errorf("%s: %w", in.name, err)
	}
	return st, nil
}

// countingExporter counts the spans its exporter accepted and keeps the
// first error.
type countingExporter struct {
	sdktrace.SpanExporter
	exported atomic.Int64
	mu       sync.Mutex
	errs     []error
}

func (c *countingExporter) ExportSpans(ctx context.Context, spans []sdktrace.ReadOnlySpan) error {
	err := c.SpanExporter.ExportSpans(ctx, spans)
	if err != nil {
		c.fail(err)
		return err
	}
	c.exported.Add(int64(len(spans)))
	return nil
}

func (c *countingExporter) fail(err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.errs) < 5 {
		c.errs = append(c.errs, err)
	}
}

func (c *countingExporter) result() (int64, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.exported.Load(), errors.Join(c.errs...)
}

// countingReader counts the bytes and lines read through it.
type countingReader struct {
	r     io.Reader
	bytes atomic.Int64
	lines atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.bytes.Add(int64(n))
	var lines int64
	for _, b := range p[:n] {
		if b == '\n' {
			lines++
		}
	}
	c.lines.Add(lines)
	return n, err
}
