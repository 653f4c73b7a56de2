package exporter_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"go.opentelemetry.io/contrib/exporters/autoexport"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/requesthook/requesthook/apicall"
	"github.com/requesthook/requesthook/exporter"
	"github.com/requesthook/requesthook/otelhook"
)

// callSpan returns a finished CLIENT span as otelhook.Transport records c.
func callSpan(c otelhook.Call) sdktrace.ReadOnlySpan {
	return tracetest.SpanStub{
		Name:       apicall.SpanName(c.Service, c.Operation, c.Method),
		SpanKind:   trace.SpanKindClient,
		StartTime:  c.Start,
		EndTime:    c.End,
		Attributes: c.Attributes(),
	}.Snapshot()
}

// A request hook written the way boto's tutorial writes one, fed by the span
// processor.
func ExampleNewHookProcessor() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, strings.Repeat("x", 221))
	}))
	defer srv.Close()

	hook := otelhook.HookFunc(func(ctx context.Context, c otelhook.Call) {
		fmt.Printf("'%s', '%d', '%d', '%s'\n", c.Method, c.StatusCode, c.Size, c.Operation)
	})
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(exporter.NewHookProcessor(hook)))
	defer tp.Shutdown(context.Background())

	client := &http.Client{Transport: otelhook.NewTransport(nil, otelhook.WithTracerProvider(tp))}
	resp, err := client.Get(srv.URL + "/?Action=DescribeVolumes")
	if err != nil {
		fmt.Println(err)
		return
	}
	resp.Body.Close()
	// Output:
	// 'GET', '200', '221', 'DescribeVolumes'
}

func ExampleNew() {
	end := time.Date(2014, 2, 26, 21, 38, 27, 0, time.UTC)
	e := exporter.New(os.Stdout, exporter.WithLocation(time.UTC))
	err := e.ExportSpans(context.Background(), []sdktrace.ReadOnlySpan{
		callSpan(otelhook.Call{Start: end.Add(-2 * time.Second), End: end, Service: "EC2",
			Operation: "DescribeInstances", Method: "POST", StatusCode: 200, Size: 1024}),
		callSpan(otelhook.Call{Start: end.Add(-100 * time.Second), End: end, Service: "EC2",
			Operation: "CreateImage", Method: "POST", StatusCode: 500, Size: -1}),
		tracetest.SpanStub{Name: "not a call", StartTime: end, EndTime: end}.Snapshot(), // skipped
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// '2014-02-26 21:38:27', '200', '2.0', '1024', 'DescribeInstances'
	// '2014-02-26 21:38:27', '500', '100.0', 'None', 'CreateImage'
}

// A sampler that drops every trace still leaves every call in the file:
// RecordCalls records the client spans it drops, and NewProcessor writes
// them.
func ExampleRecordCalls() {
	tp := sdktrace.NewTracerProvider(
		sdktrace.WithSampler(exporter.RecordCalls(sdktrace.NeverSample())),
		sdktrace.WithSpanProcessor(exporter.NewProcessor(exporter.New(os.Stdout, exporter.WithLocation(time.UTC)))),
	)
	end := time.Date(2014, 2, 26, 21, 40, 54, 702336000, time.UTC)
	c := otelhook.Call{Start: end.Add(-50 * time.Microsecond), End: end, Service: "SQS",
		Operation: "SendMessage", Method: "POST", StatusCode: 200, Size: 10}
	_, span := tp.Tracer("example").Start(context.Background(), "SQS.SendMessage",
		trace.WithSpanKind(trace.SpanKindClient), trace.WithTimestamp(c.Start), trace.WithAttributes(c.Attributes()...))
	fmt.Println("sampled:", span.SpanContext().IsSampled())
	span.End(trace.WithTimestamp(c.End))
	if err := tp.Shutdown(context.Background()); err != nil {
		fmt.Println(err)
	}
	// Output:
	// sampled: false
	// '2014-02-26 21:40:54', '200', '5e-05', '10', 'SendMessage'
}

// Example_otlp is the README's "next to OTLP" section: one TracerProvider
// sends spans to OTLP (autoexport: the standard OTEL_* variables apply) and
// writes the legacy file, with the Transport on an aws-sdk-go-v2 client.
// TestReadmeCode runs it against local endpoints.
func Example_otlp() {
	out, err := describeVolumes(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(out.Volumes), "volumes")
}

// describeVolumes holds the README code between the BEGIN and END markers.
func describeVolumes(ctx context.Context) (*ec2.DescribeVolumesOutput, error) {
	// BEGIN README
	otlp, err1 := autoexport.NewSpanExporter(ctx) // OTEL_TRACES_EXPORTER, OTEL_EXPORTER_OTLP_*
	legacy, err2 := exporter.Open("request_log.csv")
	cfg, err3 := config.LoadDefaultConfig(ctx)
	if err := errors.Join(err1, err2, err3); err != nil {
		log.Fatal(err)
	}
	tp := sdktrace.NewTracerProvider(
		sdktrace.WithSampler(exporter.RecordCalls(nil)), // OTEL_TRACES_SAMPLER picks the traces for OTLP; the file gets every call
		sdktrace.WithBatcher(otlp),
		sdktrace.WithSpanProcessor(exporter.NewProcessor(legacy)), // blocks instead of dropping
	)
	defer tp.Shutdown(ctx) // flushes both
	otelhook.InstrumentConfig(&cfg, otelhook.WithTracerProvider(tp))
	client := ec2.NewFromConfig(cfg)
	// END README
	return client.DescribeVolumes(ctx, &ec2.DescribeVolumesInput{})
}
