package otelhook_test

import (
	"net/http"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/metric/noop"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/requesthook/requesthook/otelhook"
)

// BenchmarkSDKCallMetrics times one EC2 DescribeVolumes through
// InstrumentConfig with an HTTP client that answers from memory (cannedRT)
// and a real TracerProvider, under three MeterProviders: the no-op one
// (no metric is recorded), an SDK MeterProvider without a reader (the
// instruments are disabled) and one with a reader (every metric is
// recorded: otelhttp's, rpc.client.call.duration and
// http.client.response.body.size). The differences are what the metrics
// cost per call. Interleave rounds to compare:
//
//	go test -c -o /tmp/otelhook.test ./otelhook/
//	for i in $(seq 8); do /tmp/otelhook.test -test.run '^$' -test.bench BenchmarkSDKCallMetrics -test.benchmem -test.count 1; done
func BenchmarkSDKCallMetrics(b *testing.B) {
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(tracetest.NewNoopExporter()))
	defer tp.Shutdown(b.Context())
	noReader := sdkmetric.NewMeterProvider()
	defer noReader.Shutdown(b.Context())
	withReader := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader()))
	defer withReader.Shutdown(b.Context())
	variants := []struct {
		name string
		mp   metric.MeterProvider
	}{
		{"noop", noop.NewMeterProvider()},
		{"no-reader", noReader},
		{"reader", withReader},
	}
	for _, v := range variants {
		b.Run(v.name, func(b *testing.B) {
			cfg := aws.Config{
				Region:      "us-west-2",
				Credentials: credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", ""),
				HTTPClient:  &http.Client{Transport: cannedRT{}},
			}
			otelhook.InstrumentConfig(&cfg, otelhook.WithTracerProvider(tp), otelhook.WithMeterProvider(v.mp))
			client := ec2.NewFromConfig(cfg, func(o *ec2.Options) { o.BaseEndpoint = aws.String("http://ec2.us-west-2.amazonaws.com") })
			ctx := b.Context()
			in := &ec2.DescribeVolumesInput{}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := client.DescribeVolumes(ctx, in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
