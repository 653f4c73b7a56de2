package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"
	"sync"

	"go.opentelemetry.io/contrib/exporters/autoexport"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/exporters/stdout/stdouttrace"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"

	"github.com/requesthook/requesthook/exporter"
	"github.com/requesthook/requesthook/otelhook"
)

// serviceName is the default service.name; OTEL_SERVICE_NAME overrides it.
const serviceName = "ec2-example"

// telemetry is the example's OpenTelemetry pipeline: one TracerProvider whose
// spans go to OTLP (or, with -v, stdout) and whose calls, every one of them,
// go to the legacy log.
type telemetry struct {
	tp      *sdktrace.TracerProvider
	legacy  *exporter.Exporter // the legacy log, for Reopen
	spansTo string             // where spans go, for the summary
	otlp    string             // the OTLP endpoint when spans go to OTLP
	service string             // the resource's service.name
	metrics *metricsPipeline   // the MeterProvider and where metrics go

	mu    sync.Mutex
	calls []otelhook.Call // what the request hook saw, since the last takeCalls
}

// setupTelemetry builds the pipeline:
//
//   - spans go to the exporter named by OTEL_TRACES_EXPORTER (contrib
//     autoexport: otlp, console or none), to OTLP when only
//     OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is
//     set, and nowhere when none of them is; with verbose they also go to
//     stdout as JSON (stdouttrace);
//   - every SDK call (its call span, not the attempt spans below it) also
//     becomes a line of the legacy log at logPath (exporter.Open appends,
//     exporter.NewProcessor never drops a line, and exporter.RecordCalls
//     records the calls that OTEL_TRACES_SAMPLER does not sample, for the
//     log only);
//   - a RequestHook (exporter.NewHookProcessor) collects the calls for the
//     summary, once per call, the way boto's handle_request_data saw them;
//   - metrics (otelhook's rpc.client.call.duration and HTTP metrics, the
//     legacy log processor's health) go where setupMetrics says: the
//     Prometheus endpoint on promAddr when it is not empty, the exporter
//     OTEL_METRICS_EXPORTER names, and the summary's call counts.
//
// The resource's service.name is "ec2-example" unless OTEL_SERVICE_NAME or
// OTEL_RESOURCE_ATTRIBUTES say otherwise. The providers and the W3C
// propagators become the global ones, and OpenTelemetry's errors are printed
// to stderr.
func setupTelemetry(ctx context.Context, logPath string, verbose bool, promAddr string, stdout, stderr io.Writer) (*telemetry, error) {
	otel.SetErrorHandler(otel.ErrorHandlerFunc(func(err error) {
		fmt.Fprintln(stderr, "ec2-example: telemetry:", err)
	}))
	t := &telemetry{}
	spans, err := t.newSpanExporters(ctx, verbose, stdout)
	if err != nil {
		return nil, err
	}
	// One line per SDK call, as boto wrote (the default granularity).
	legacy, err := exporter.Open(logPath)
	if err != nil {
		return nil, errors.Join(err, shutdownAll(ctx, spans))
	}
	t.legacy = legacy
	res, err := resource.New(ctx,
		resource.WithAttributes(semconv.ServiceName(serviceName)),
		resource.WithFromEnv(), // OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES
		resource.WithTelemetrySDK(),
	)
	if err != nil {
		return nil, errors.Join(err, shutdownAll(ctx, spans), legacy.Shutdown(ctx))
	}
	if v, ok := res.Set().Value(semconv.ServiceNameKey); ok {
		t.service = v.Emit()
	}
	t.metrics, err = setupMetrics(ctx, res, promAddr)
	if err != nil {
		return nil, errors.Join(err, shutdownAll(ctx, spans), legacy.Shutdown(ctx))
	}
	otel.SetMeterProvider(t.metrics.mp)
	tpo := []sdktrace.TracerProviderOption{
		sdktrace.WithResource(res),
		// RecordCalls(nil): the sampler OTEL_TRACES_SAMPLER names decides what
		// goes to OTLP; every client call is still recorded for the log.
		sdktrace.WithSampler(exporter.RecordCalls(nil)),
		sdktrace.WithSpanProcessor(exporter.NewProcessor(legacy, exporter.WithMeterProvider(t.metrics.mp))),
		sdktrace.WithSpanProcessor(exporter.NewHookProcessor(otelhook.HookFunc(t.handleRequestData))),
	}
	for _, e := range spans {
		tpo = append(tpo, sdktrace.WithBatcher(e))
	}
	t.tp = sdktrace.NewTracerProvider(tpo...)
	otel.SetTracerProvider(t.tp)
	otel.SetTextMapPropagator(propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{}))
	return t, nil
}

// newSpanExporters picks the span exporters as setupTelemetry describes:
// none, one, or OTLP and stdout.
func (t *telemetry) newSpanExporters(ctx context.Context, verbose bool, stdout io.Writer) ([]sdktrace.SpanExporter, error) {
	name := os.Getenv("OTEL_TRACES_EXPORTER")
	endpoint := otlpEndpoint(os.Getenv)
	var exps []sdktrace.SpanExporter
	if name == "" && endpoint == "" {
		t.spansTo = "not exported (-v prints them here as JSON)"
	} else {
		exp, err := autoexport.NewSpanExporter(ctx)
		if err != nil {
			return nil, fmt.Errorf("span exporter (OTEL_TRACES_EXPORTER=%q): %w", name, err)
		}
		exps = append(exps, exp)
		switch {
		case autoexport.IsNoneSpanExporter(exp):
			t.spansTo = "nowhere (OTEL_TRACES_EXPORTER=none)"
		case name == "console":
			t.spansTo = "stdout (OTEL_TRACES_EXPORTER=console, above)"
			verbose = false // printed once is enough
		default:
			if endpoint == "" {
				endpoint = "http://localhost:4318" // the OTLP/HTTP default
			}
			t.otlp = endpoint
			t.spansTo = "OTLP at " + endpoint
		}
	}
	if verbose {
		exp, err := stdouttrace.New(stdouttrace.WithWriter(stdout), stdouttrace.WithPrettyPrint())
		if err != nil {
			return nil, errors.Join(err, shutdownAll(ctx, exps))
		}
		exps = append(exps, exp)
		if t.otlp != "" {
			t.spansTo += ", and stdout (-v, above)"
		} else {
			t.spansTo = "stdout (-v, above)"
		}
	}
	return exps, nil
}

// shutdownAll shuts down span exporters that no TracerProvider owns yet.
func shutdownAll(ctx context.Context, exps []sdktrace.SpanExporter) error {
	var errs []error
	for _, e := range exps {
		errs = append(errs, e.Shutdown(ctx))
	}
	return errors.Join(errs...)
}

// otlpEndpoint returns the OTLP traces endpoint the environment sets, if any.
func otlpEndpoint(getenv func(string) string) string {
	if e := getenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"); e != "" {
		return e
	}
	return getenv("OTEL_EXPORTER_OTLP_ENDPOINT")
}

// jaegerUI guesses the Jaeger UI of an OTLP endpoint: the same host, port
// 16686, as in Jaeger's all-in-one.
func jaegerUI(endpoint string) string {
	if !strings.Contains(endpoint, "://") {
		endpoint = "http://" + endpoint // a gRPC endpoint may be bare host:port
	}
	u, err := url.Parse(endpoint)
	if err != nil || u.Hostname() == "" {
		return "http://localhost:16686"
	}
	host := u.Hostname()
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	return "http://" + host + ":16686"
}

// handleRequestData is the example's RequestHook: it keeps each call for the
// summary.
func (t *telemetry) handleRequestData(_ context.Context, c otelhook.Call) {
	t.mu.Lock()
	t.calls = append(t.calls, c)
	t.mu.Unlock()
}

// takeCalls returns the calls seen since the last takeCalls.
func (t *telemetry) takeCalls() []otelhook.Call {
	t.mu.Lock()
	defer t.mu.Unlock()
	c := t.calls
	t.calls = nil
	return c
}

// flush exports every span ended so far: to the span exporter and to the
// legacy log.
func (t *telemetry) flush(ctx context.Context) error {
	return t.tp.ForceFlush(ctx)
}

// shutdown flushes and stops the pipeline; the legacy log is fsynced and
// closed, the last metrics exported and the Prometheus endpoint closed.
func (t *telemetry) shutdown(ctx context.Context) error {
	return errors.Join(t.tp.Shutdown(ctx), t.metrics.shutdown(ctx))
}

// writeCallCounts prints the calls and failures per operation the metrics
// counted since the start (printCallCounts), for the summary.
func (t *telemetry) writeCallCounts(ctx context.Context, w io.Writer) {
	counts, err := t.metrics.callCounts(ctx)
	if err != nil {
		fmt.Fprintf(w, "\nCall counts: reading the metrics FAILED: %v\n", err)
		return
	}
	printCallCounts(w, counts)
	fmt.Fprintf(w, "Metrics:    %s\n", t.metrics.to)
}
