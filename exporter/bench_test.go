package exporter

import (
	"context"
	"io"
	"runtime"
	"testing"
	"time"

	"go.opentelemetry.io/otel/exporters/stdout/stdouttrace"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/requesthook/requesthook/otelhook"
)

// benchCalls returns n typical calls with varied operations, sizes and
// durations.
func benchCalls(n int) []otelhook.Call {
	ops := []string{"DescribeVolumes", "DescribeInstances", "GetItem", "PutItem", "SendMessage", "AssumeRole"}
	calls := make([]otelhook.Call, n)
	for i := range calls {
		c := testCall(testEnd.Add(time.Duration(i)*time.Millisecond), time.Duration(50+i*37)*time.Microsecond)
		c.Operation = ops[i%len(ops)]
		c.Size = int64(100 + i*13)
		c.Attempt = 1 + i%2
		calls[i] = c
	}
	return calls
}

// BenchmarkExportSpans exports batches of 512 call spans to io.Discard, with
// stdouttrace on the same spans as the baseline.
func BenchmarkExportSpans(b *testing.B) {
	const batchSize = 512
	spans := make([]sdktrace.ReadOnlySpan, batchSize)
	for i, c := range benchCalls(batchSize) {
		spans[i] = callSpan(c)
	}
	std, err := stdouttrace.New(stdouttrace.WithWriter(io.Discard))
	if err != nil {
		b.Fatal(err)
	}
	exporters := []struct {
		name string
		e    sdktrace.SpanExporter
	}{
		{"exporter", New(io.Discard)},
		{"stdouttrace", std},
	}
	ctx := context.Background()
	for _, ex := range exporters {
		b.Run(ex.name, func(b *testing.B) {
			b.ReportAllocs()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			for b.Loop() {
				if err := ex.e.ExportSpans(ctx, spans); err != nil {
					b.Fatal(err)
				}
			}
			runtime.ReadMemStats(&after)
			perSpan := float64(b.N * batchSize)
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/perSpan, "ns/span")
			b.ReportMetric(float64(after.Mallocs-before.Mallocs)/perSpan, "allocs/span")
			b.ReportMetric(perSpan/b.Elapsed().Seconds(), "spans/s")
		})
	}
}
