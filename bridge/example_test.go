package bridge_test

import (
	"context"
	"fmt"
	"os"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/requesthook/requesthook/bridge"
	"github.com/requesthook/requesthook/exporter"
	"github.com/requesthook/requesthook/otelhook"
)

func ExampleNewHook() {
	// A TracerProvider that writes the legacy request log (here to stdout,
	// in UTC) and keeps the spans in memory to show them.
	spans := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(
		sdktrace.WithSyncer(exporter.New(os.Stdout, exporter.WithLocation(time.UTC))),
		sdktrace.WithSyncer(spans),
	)
	defer tp.Shutdown(context.Background())

	// Code that does not go through otelhook.Transport, say a client for a
	// queue protocol, reports each finished call by hand.
	hook := bridge.NewHook(tp)
	end := time.Date(2024, 3, 1, 12, 0, 5, 0, time.UTC)
	hook.HandleRequestData(context.Background(), otelhook.Call{
		Start: end.Add(-1500 * time.Microsecond), End: end,
		Service: "SQS", Operation: "SendMessage", Method: "POST",
		StatusCode: 200, Size: 378, Attempt: 1,
	})

	s := spans.GetSpans()[0]
	fmt.Println(s.Name, s.SpanKind, s.EndTime.Sub(s.StartTime))
	// Output:
	// '2024-03-01 12:00:05', '200', '0.0015', '378', 'SendMessage'
	// SQS.SendMessage client 1.5ms
}
