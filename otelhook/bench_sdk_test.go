package otelhook_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"go.opentelemetry.io/contrib/instrumentation/github.com/aws/aws-sdk-go-v2/otelaws"
	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/requesthook/requesthook/otelhook"
)

// BenchmarkSDKCall times one EC2 DescribeVolumes through aws-sdk-go-v2 on a
// loopback server, bare and with each instrumentation, all with a real SDK
// TracerProvider (batch processor, no-op exporter) and MeterProvider:
// otelaws alone (a span per operation), otelaws with otelhttp (a span per
// operation and per attempt, the closest to InstrumentConfig's call model),
// and InstrumentConfig. Every variant uses the SDK's default HTTP client.
// The machine's noise is larger than the differences: compare medians of
// shuffled runs, one process each, with testdata/benchcmp.py:
//
//	go test -c -o /tmp/otelhook.test ./otelhook/
//	python3 otelhook/testdata/benchcmp.py -rounds 24 -n 3000 -ref otelaws+otelhttp \
//		BenchmarkSDKCall bare,otelaws,otelaws+otelhttp,otelhook /tmp/otelhook.test
func BenchmarkSDKCall(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("X-Amzn-Requestid", "59dbff89-35bd-4eac-99ed-be587EXAMPLE")
		w.Header().Set("Content-Type", "text/xml;charset=UTF-8")
		io.WriteString(w, describeVolumesXML)
	}))
	defer srv.Close()
	benchSDKCall(b, srv.URL, func() *http.Client { return awshttp.NewBuildableClient().Freeze().(*http.Client) })
}

// BenchmarkSDKCallInMemory is BenchmarkSDKCall with an HTTP client that
// answers from memory (cannedRT): what each instrumentation adds to an SDK
// call, without the loopback network's noise.
func BenchmarkSDKCallInMemory(b *testing.B) {
	benchSDKCall(b, "http://ec2.us-west-2.amazonaws.com", func() *http.Client { return &http.Client{Transport: cannedRT{}} })
}

func benchSDKCall(b *testing.B, url string, newClient func() *http.Client) {

	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(tracetest.NewNoopExporter()))
	defer tp.Shutdown(b.Context())
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader()))
	defer mp.Shutdown(b.Context())

	variants := []struct {
		name       string
		instrument func(*aws.Config)
	}{
		{"bare", func(*aws.Config) {}},
		{"otelaws", func(cfg *aws.Config) {
			otelaws.AppendMiddlewares(&cfg.APIOptions, otelaws.WithTracerProvider(tp))
		}},
		{"otelaws+otelhttp", func(cfg *aws.Config) {
			otelaws.AppendMiddlewares(&cfg.APIOptions, otelaws.WithTracerProvider(tp))
			hc := *cfg.HTTPClient.(*http.Client)
			hc.Transport = otelhttp.NewTransport(hc.Transport, otelhttp.WithTracerProvider(tp), otelhttp.WithMeterProvider(mp))
			cfg.HTTPClient = &hc
		}},
		{"otelhook", func(cfg *aws.Config) {
			otelhook.InstrumentConfig(cfg, otelhook.WithTracerProvider(tp), otelhook.WithMeterProvider(mp))
		}},
	}
	for _, v := range variants {
		b.Run(v.name, func(b *testing.B) {
			cfg := aws.Config{
				Region:      "us-west-2",
				Credentials: credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", ""),
				HTTPClient:  newClient(),
			}
			v.instrument(&cfg)
			client := ec2.NewFromConfig(cfg, func(o *ec2.Options) { o.BaseEndpoint = aws.String(url) })
			defer cfg.HTTPClient.(*http.Client).CloseIdleConnections()
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
