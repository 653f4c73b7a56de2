package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"

	"github.com/requesthook/requesthook/botoline"
	"github.com/requesthook/requesthook/bridge"
)

type replayFlags struct {
	tz        tzFlag
	maxErrors int
	deadline  time.Duration
	timeout   time.Duration
	filter    filterFlags
}

// defaultReplayDeadline is the default of replay's -deadline.
const defaultReplayDeadline = time.Hour

func (f *replayFlags) flagSet(e *env) *flag.FlagSet {
	fs := newFlagSet(e, "replay", `replay [-tz zone] [-errors n] [-deadline d] [-timeout d]
	[-op name]... [-status code]... [-since t] [-until t] file...

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

Replay stops when -deadline has passed (reading, sending and the final
flush included) or when interrupted (SIGINT, SIGTERM), within a second:
the sends under way are abandoned. Each batch of spans is sent with the
exporter's retries, which honour the backend's Retry-After, bounded by
-timeout.

A progress bar is drawn on standard error when it is a terminal. At the end
replay prints how many lines it read, how many spans were sent and how many
lines were rejected; it exits with status 1, naming the number of lines
read but not delivered, when a file cannot be read, spans cannot be sent
or it was stopped.`)
	addTZFlag(fs, &f.tz)
	addErrorsFlag(fs, &f.maxErrors)
	fs.DurationVar(&f.deadline, "deadline", defaultReplayDeadline, "stop after `d` in all (0: no deadline)")
	addFilterFlags(fs, &f.filter)
	fs.DurationVar(&f.timeout, "timeout", 0, "send each batch of spans within `d`, retries included; overrides OTEL_EXPORTER_OTLP_TIMEOUT (default: that, else 10s per attempt and 30s per batch)")
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
	if f.deadline < 0 || f.timeout < 0 {
		return usageError(fs, "requestlog replay: -deadline and -timeout must not be negative")
	}
	// runCtx ends at the deadline or on an interrupt; the sends under way
	// end with it.
	runCtx, cancelRun := ctx, context.CancelFunc(func() {})
	if f.deadline > 0 {
		runCtx, cancelRun = context.WithTimeoutCause(ctx, f.deadline, errDeadline)
	}
	defer cancelRun()
	exp, err := newSpanExporter(ctx, f.timeout)
	if err != nil {
		fmt.Fprintf(e.stderr, "requestlog replay: %v\n", err)
		return exitUsage // a bad OTEL_* setting
	}
	counted := &countingExporter{SpanExporter: exp, stop: runCtx}
	// The service is the one that wrote the log: OTEL_SERVICE_NAME, else the
	// SDK's default name for an unknown service.
	res, err := resource.New(ctx,
		resource.WithAttributes(semconv.ServiceName("unknown_service:requestlog")),
		resource.WithFromEnv(), resource.WithTelemetrySDK())
	if err != nil {
		fmt.Fprintf(e.stderr, "requestlog replay: resource: %v\n", err)
	}
	bspOpts := []sdktrace.BatchSpanProcessorOption{sdktrace.WithBlocking()}
	if f.timeout > 0 {
		bspOpts = append(bspOpts, sdktrace.WithExportTimeout(f.timeout))
	}
	tp := sdktrace.NewTracerProvider(
		sdktrace.WithResource(res),
		sdktrace.WithSampler(sdktrace.AlwaysSample()),
		sdktrace.WithSpanProcessor(sdktrace.NewBatchSpanProcessor(counted, bspOpts...)),
	)

	bad := &malformed{w: e.stderr, limit: f.maxErrors}
	var total bridge.Stats
	code := exitOK
	filter := f.filter.filter(f.tz.location())
	for i, name := range fs.Args() {
		st, err := replayFile(runCtx, e, name, tp, f.tz.location(), &filter, bad)
		total.Lines += st.Lines
		total.Spans += st.Spans
		total.Rejected += st.Rejected
		if runCtx.Err() != nil {
			fmt.Fprintf(e.stderr, "requestlog replay: %s: stopped before line %d\n", displayName(name), st.Lines+1)
			if rest := fs.Args()[i+1:]; len(rest) > 0 {
				fmt.Fprintf(e.stderr, "requestlog replay: not read: %s\n", strings.Join(rest, " "))
			}
			code = exitUnreadable
			break
		}
		if err != nil {
			fmt.Fprintf(e.stderr, "requestlog replay: %v\n", err)
			code = exitUnreadable
		}
	}
	// Send what is queued, until the deadline or an interrupt (and a second
	// more at most, for the abandoned sends to return).
	sctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	defer cancel()
	stopAfter := context.AfterFunc(runCtx, func() { time.AfterFunc(time.Second, cancel) })
	defer stopAfter()
	if err := tp.Shutdown(sctx); err != nil {
		counted.fail(err)
	}
	exported, exportErr := counted.result()
	fmt.Fprintf(e.stdout, "replayed %d %s: %d %s sent, %d %s rejected\n",
		total.Lines, plural(total.Lines, "line", "lines"),
		exported, plural(int(exported), "span", "spans"),
		total.Rejected, plural(total.Rejected, "line", "lines"))
	if runCtx.Err() != nil {
		why := "interrupted"
		if errors.Is(context.Cause(runCtx), errDeadline) {
			why = fmt.Sprintf("-deadline %v exceeded", f.deadline)
		}
		fmt.Fprintf(e.stderr, "requestlog replay: stopped (%s) after reading %d %s and sending %d %s\n",
			why, total.Lines, plural(total.Lines, "line", "lines"), exported, plural(int(exported), "span", "spans"))
		code = exitUnreadable
	}
	if exportErr != nil {
		fmt.Fprintf(e.stderr, "requestlog replay: sending spans: %v\n", exportErr)
		code = exitUnreadable
	}
	if lost := int64(total.Spans) - exported; lost > 0 {
		fmt.Fprintf(e.stderr, "requestlog replay: %d %s read but not delivered\n", lost, plural(int(lost), "line", "lines"))
		code = exitUnreadable
	}
	return code
}

// errDeadline is the cause of the end of a replay at its -deadline.
var errDeadline = errors.New("replay deadline exceeded")

func displayName(name string) string {
	if name == "-" {
		return "<stdin>"
	}
	return name
}

// replayFile replays one file, drawing progress when stderr is a terminal.
func replayFile(ctx context.Context, e *env, name string, tp *sdktrace.TracerProvider, loc *time.Location, cf *callFilter, bad *malformed) (bridge.Stats, error) {
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
	st, err := replaySelected(ctx, r, tp, loc, cf, func(le *botoline.LineError) { bad.report(in.name, le) })
	if err != nil {
		return st, fmt.Errorf("%s: %w", in.name, err)
	}
	return st, nil
}

// countingExporter counts the spans its exporter accepted and keeps the
// first errors. Once stop is done, the exports under way are abandoned and
// the later ones fail at once.
type countingExporter struct {
	sdktrace.SpanExporter
	stop     context.Context
	exported atomic.Int64
	mu       sync.Mutex
	errs     []error
}

func (c *countingExporter) ExportSpans(ctx context.Context, spans []sdktrace.ReadOnlySpan) error {
	if c.stop.Err() != nil {
		return context.Cause(c.stop) // not counted as a failure: the stop is reported
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	defer context.AfterFunc(c.stop, func() { cancel(context.Cause(c.stop)) })()
	err := c.SpanExporter.ExportSpans(ctx, spans)
	if err != nil && c.stop.Err() != nil {
		return err // abandoned: the stop is reported
	}
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
