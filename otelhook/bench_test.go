package otelhook_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/requesthook/requesthook/otelhook"
)

const benchForm = "Action=DescribeVolumes&Version=2016-11-15&VolumeId.1=vol-049df61146c4d7901&MaxResults=100"

// BenchmarkTransport compares a bare http.Transport (the baseline), otelhttp's
// Transport and this package's Transport on a loopback server, with a real SDK
// TracerProvider exporting through a batch processor and a real
// MeterProvider.
//
//	go test -run '^$' -bench BenchmarkTransport -benchmem -count 6 ./otelhook/
func BenchmarkTransport(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("X-Amzn-Requestid", "59dbff89-35bd-4eac-99ed-be587EXAMPLE")
		io.WriteString(w, describeVolumesXML)
	}))
	defer srv.Close()

	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(tracetest.NewNoopExporter()))
	defer tp.Shutdown(b.Context())
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader()))
	defer mp.Shutdown(b.Context())

	transports := []struct {
		name string
		new  func(base http.RoundTripper) http.RoundTripper
	}{
		{"bare", func(base http.RoundTripper) http.RoundTripper { return base }},
		{"otelhttp", func(base http.RoundTripper) http.RoundTripper {
			return otelhttp.NewTransport(base, otelhttp.WithTracerProvider(tp), otelhttp.WithMeterProvider(mp))
		}},
		{"otelhook", func(base http.RoundTripper) http.RoundTripper {
			return otelhook.NewTransport(base, otelhook.WithTracerProvider(tp), otelhook.WithMeterProvider(mp))
		}},
	}
	requests := []struct {
		name string
		new  func() *http.Request
	}{
		{"POST", func() *http.Request {
			r, _ := http.NewRequest(http.MethodPost, srv.URL+"/", strings.NewReader(benchForm))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
			return r
		}},
		{"GET", func() *http.Request {
			r, _ := http.NewRequest(http.MethodGet, srv.URL+"/?"+benchForm, nil)
			return r
		}},
	}
	for _, req := range requests {
		for _, tr := range transports {
			b.Run(req.name+"/"+tr.name, func(b *testing.B) {
				base := &http.Transport{MaxIdleConnsPerHost: 4}
				defer base.CloseIdleConnections()
				c := &http.Client{Transport: tr.new(base)}
				b.ReportAllocs()
				for b.Loop() {
					resp, err := c.Do(req.new())
					if err != nil {
						b.Fatal(err)
					}
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
			})
		}
	}
}

// cannedRT answers every request from memory: with it, a benchmark measures
// the instrumentation alone, without the loopback network's noise.
type cannedRT struct{}

func (cannedRT) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		io.Copy(io.Discard, r.Body)
		r.Body.Close()
	}
	return &http.Response{
		StatusCode:    http.StatusOK,
		Header:        http.Header{"X-Amzn-Requestid": {"59dbff89-35bd-4eac-99ed-be587EXAMPLE"}},
		Body:          io.NopCloser(strings.NewReader(describeVolumesXML)),
		ContentLength: int64(len(describeVolumesXML)),
		Request:       r,
	}, nil
}

// BenchmarkInstrumentation is BenchmarkTransport without a network: the base
// RoundTripper answers from memory, so the figures are what each layer costs.
//
//	go test -run '^$' -bench BenchmarkInstrumentation -benchmem -count 6 ./otelhook/
func BenchmarkInstrumentation(b *testing.B) {
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(tracetest.NewNoopExporter()))
	defer tp.Shutdown(b.Context())
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader()))
	defer mp.Shutdown(b.Context())
	transports := []struct {
		name string
		rt   http.RoundTripper
	}{
		{"bare", cannedRT{}},
		{"otelhttp", otelhttp.NewTransport(cannedRT{}, otelhttp.WithTracerProvider(tp), otelhttp.WithMeterProvider(mp))},
		{"otelhook", otelhook.NewTransport(cannedRT{}, otelhook.WithTracerProvider(tp), otelhook.WithMeterProvider(mp))},
	}
	for _, method := range []string{"POST", "GET"} {
		for _, tr := range transports {
			b.Run(method+"/"+tr.name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					var r *http.Request
					if method == "POST" {
						r, _ = http.NewRequest(http.MethodPost, "http://ec2.us-west-2.amazonaws.com/", strings.NewReader(benchForm))
						r.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
					} else {
						r, _ = http.NewRequest(http.MethodGet, "http://ec2.us-west-2.amazonaws.com/?"+benchForm, nil)
					}
					resp, err := tr.rt.RoundTrip(r)
					if err != nil {
						b.Fatal(err)
					}
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
			})
		}
	}
}
