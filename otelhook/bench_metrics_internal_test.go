package otelhook

import (
	"testing"
	"time"

	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/metric/noop"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// BenchmarkCallMetricsRecord times what the metrics add to one call
// without the call itself: one rpc.client.call.duration point and one
// http.client.response.body.size point, in the context of a sampled span
// (so an exemplar is offered), under a no-op MeterProvider, an SDK one
// without a reader and one with a reader, and with a reader outside any
// span (no exemplar).
//
//	go test -run '^$' -bench BenchmarkCallMetricsRecord -benchmem -count 6 ./otelhook/
func BenchmarkCallMetricsRecord(b *testing.B) {
	tp := sdktrace.NewTracerProvider()
	defer tp.Shutdown(b.Context())
	ctx, span := tp.Tracer("bench").Start(b.Context(), "call")
	defer span.End()
	noReader := sdkmetric.NewMeterProvider()
	defer noReader.Shutdown(b.Context())
	withReader := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader()))
	defer withReader.Shutdown(b.Context())
	call := callKey{system: "aws-api", method: "EC2/DescribeVolumes", server: "ec2.us-west-2.amazonaws.com", region: "us-west-2"}
	size := sizeKey{rpcMethod: "EC2/DescribeVolumes", httpMethod: "POST", server: "ec2.us-west-2.amazonaws.com", status: 200}
	for _, v := range []struct {
		name string
		mp   metric.MeterProvider
	}{
		{"noop", noop.NewMeterProvider()},
		{"no-reader", noReader},
		{"reader", withReader},
	} {
		b.Run(v.name, func(b *testing.B) {
			m := newCallMetrics(v.mp)
			b.ReportAllocs()
			for b.Loop() {
				if m.enabled(ctx) {
					m.recordCall(ctx, call, 12*time.Millisecond)
					m.recordSize(ctx, size, 2183)
				}
			}
		})
	}
	b.Run("reader-unsampled", func(b *testing.B) {
		m := newCallMetrics(withReader)
		ctx := b.Context()
		b.ReportAllocs()
		for b.Loop() {
			m.recordCall(ctx, call, 12*time.Millisecond)
			m.recordSize(ctx, size, 2183)
		}
	})
}
