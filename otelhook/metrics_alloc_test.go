//go:build !race

package otelhook

import (
	"context"
	"testing"
	"time"

	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
)

// TestMetricsAllocs pins the metric recording of a call and of an attempt
// at zero allocations once their attribute sets are cached, with a real
// MeterProvider and reader, in a context with a sampled span (an exemplar
// is kept) and without one.
func TestMetricsAllocs(t *testing.T) {
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader()))
	defer mp.Shutdown(t.Context())
	tp := sdktrace.NewTracerProvider()
	defer tp.Shutdown(t.Context())
	sampled, span := tp.Tracer("test").Start(t.Context(), "call")
	defer span.End()
	m := newCallMetrics(mp)
	ok := callKey{system: "aws-api", method: "EC2/DescribeVolumes", server: "ec2.us-west-2.amazonaws.com", region: "us-west-2"}
	failed := ok
	failed.errorType = "InvalidVolume.NotFound"
	size := sizeKey{rpcMethod: "EC2/DescribeVolumes", httpMethod: "POST", server: "ec2.us-west-2.amazonaws.com", status: 200}
	tests := []struct {
		name string
		ctx  context.Context
		f    func(context.Context)
	}{
		{"recordCall", sampled, func(ctx context.Context) { m.recordCall(ctx, ok, 12*time.Millisecond) }},
		{"recordCall failed", sampled, func(ctx context.Context) { m.recordCall(ctx, failed, time.Millisecond) }},
		{"recordCall unsampled", context.Background(), func(ctx context.Context) { m.recordCall(ctx, ok, time.Millisecond) }},
		{"recordSize", sampled, func(ctx context.Context) { m.recordSize(ctx, size, 2183) }},
	}
	for _, tt := range tests {
		tt.f(tt.ctx) // caches the set
		if n := testing.AllocsPerRun(1000, func() { tt.f(tt.ctx) }); n != 0 {
			t.Errorf("%s: %v allocs/op, want 0", tt.name, n)
		}
	}
	if !trace.SpanContextFromContext(sampled).IsSampled() {
		t.Fatal("the span is not sampled")
	}
}
