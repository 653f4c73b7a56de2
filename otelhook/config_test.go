package otelhook_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/propagation"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/requesthook/requesthook/otelhook"
)

func TestWithPropagators(t *testing.T) {
	srv := newDumpServer(t)
	c, sr := client(t, nil, otelhook.WithPropagators(propagation.TraceContext{}))
	resp, err := c.Get(srv.URL + "/?Action=DescribeVolumes")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	s := onlySpan(t, sr)
	want := "Traceparent: 00-" + s.SpanContext().TraceID().String() + "-" + s.SpanContext().SpanID().String()
	if got := string(srv.last()); !strings.Contains(got, want) {
		t.Errorf("request sent:\n%s\nwant a header %q", got, want)
	}
}

func TestNilOptionsIgnored(t *testing.T) {
	srv := ec2Server(t)
	// Nil providers, propagators and functions fall back to the defaults.
	c, sr := client(t, nil, otelhook.WithTracerProvider(nil), otelhook.WithMeterProvider(nil),
		otelhook.WithPropagators(nil), otelhook.WithOperationFunc(nil), nil)
	resp, err := c.Get(srv.URL + "/?Action=DescribeVolumes")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if s := onlySpan(t, sr); s.Name() != "DescribeVolumes" {
		t.Errorf("name = %q", s.Name())
	}
}

// TestMetricsStayCorrect checks otelhttp's client metrics when the Transport
// reads a form body to find its Action and sends it from memory.
func TestMetricsStayCorrect(t *testing.T) {
	srv := ec2Server(t)
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	defer mp.Shutdown(t.Context())
	c, _ := client(t, nil, otelhook.WithMeterProvider(mp))

	forms := []string{"Action=DescribeVolumes&Version=2016-11-15", "Action=DescribeInstances"}
	for _, form := range forms {
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/", strings.NewReader(form))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}

	var rm metricdata.ResourceMetrics
	if err := reader.Collect(t.Context(), &rm); err != nil {
		t.Fatal(err)
	}
	found := map[string]bool{}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			switch m.Name {
			case "http.client.request.body.size":
				found[m.Name] = true
				var count uint64
				var sum int64
				for _, dp := range m.Data.(metricdata.Histogram[int64]).DataPoints {
					count += dp.Count
					sum += dp.Sum
				}
				if want := int64(len(forms[0]) + len(forms[1])); count != 2 || sum != want {
					t.Errorf("%s: count %d, sum %d; want 2, %d", m.Name, count, sum, want)
				}
			case "http.client.request.duration":
				found[m.Name] = true
				var count uint64
				for _, dp := range m.Data.(metricdata.Histogram[float64]).DataPoints {
					count += dp.Count
				}
				if count != 2 {
					t.Errorf("%s: count %d, want 2", m.Name, count)
				}
			}
		}
	}
	for _, name := range []string{"http.client.request.body.size", "http.client.request.duration"} {
		if !found[name] {
			t.Errorf("metric %s not recorded", name)
		}
	}
}
