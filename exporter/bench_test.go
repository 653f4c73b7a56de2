package exporter

import (
	"context"
	"io"
	"runtime"
	"strconv"
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

func BenchmarkAppendLine(b *testing.B) {
	hostile := testCall(testEnd, 791542*time.Microsecond)
	hostile.Operation = "Describe'Volumes\n\u2028\xff"
	tests := []struct {
		name string
		call otelhook.Call
		loc  *time.Location
	}{
		{"UTC", testCall(testEnd, 791542*time.Microsecond), time.UTC},
		{"Local", testCall(testEnd, 791542*time.Microsecond), time.Local},
		{"escaped", hostile, time.UTC},
		{"scientific", testCall(testEnd, 50*time.Microsecond), time.UTC},
	}
	for _, tt := range tests {
		b.Run(tt.name, func(b *testing.B) {
			buf := make([]byte, 0, 256)
			b.ReportAllocs()
			for b.Loop() {
				buf = AppendLine(buf[:0], tt.call, tt.loc)
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "lines/s")
		})
	}
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

var sink []byte

// BenchmarkPyFloat compares appendPyFloat with strconv's shortest 'g'
// format, which it builds on.
func BenchmarkPyFloat(b *testing.B) {
	for _, f := range []float64{0.791542, 5e-05, 100} {
		b.Run(strconv.FormatFloat(f, 'g', -1, 64), func(b *testing.B) {
			b.Run("appendPyFloat", func(b *testing.B) {
				for b.Loop() {
					sink = appendPyFloat(sink[:0], f)
				}
			})
			b.Run("strconv", func(b *testing.B) {
				for b.Loop() {
					sink = strconv.AppendFloat(sink[:0], f, 'g', -1, 64)
				}
			})
		})
	}
}
