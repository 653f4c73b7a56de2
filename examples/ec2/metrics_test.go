package main

import (
	"context"
	"io"
	"maps"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strconv"
	"sync/atomic"
	"testing"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// metricsEnv lists the variables that steer the example's metrics.
var metricsEnv = []string{
	"OTEL_METRICS_EXPORTER", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_PROTOCOL",
	"OTEL_EXPORTER_PROMETHEUS_HOST", "OTEL_EXPORTER_PROMETHEUS_PORT", "OTEL_METRICS_PRODUCERS",
}

// quietEnv clears the telemetry variables and sends spans nowhere.
func quietEnv(t *testing.T) {
	t.Helper()
	clearOTelEnv(t)
	for _, k := range metricsEnv {
		t.Setenv(k, "")
	}
	t.Setenv("OTEL_TRACES_EXPORTER", "none")
}

// oneRound sets up the example's telemetry with promAddr, makes one round of
// calls against the embedded endpoint and returns the telemetry, still up.
func oneRound(t *testing.T, promAddr string) *telemetry {
	t.Helper()
	ctx := t.Context()
	tel, err := setupTelemetry(ctx, filepath.Join(t.TempDir(), "request_log.csv"), false, promAddr, io.Discard, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := tel.shutdown(context.Background()); err != nil {
			t.Error(err)
		}
	})
	ep, err := startEndpoint()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ep.Close(context.Background()) })
	client, err := newEC2Client(ctx, options{}, true, ep.URL)
	if err != nil {
		t.Fatal(err)
	}
	results, _ := callEC2(ctx, client)
	if err := unexpected(results); err != nil {
		t.Fatal(err)
	}
	if err := tel.flush(ctx); err != nil { // the legacy log's lines, counted
		t.Fatal(err)
	}
	return tel
}

// scrape reads the Prometheus endpoint at addr and parses it.
func scrape(t *testing.T, addr string) map[string]*dto.MetricFamily {
	t.Helper()
	resp, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /metrics: %s", resp.Status)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return fams
}

func labels(m *dto.Metric) map[string]string {
	out := make(map[string]string)
	for _, l := range m.GetLabel() {
		out[l.GetName()] = l.GetValue()
	}
	return out
}

func TestPrometheusEndpoint(t *testing.T) {
	quietEnv(t)
	tel := oneRound(t, "127.0.0.1:0")
	fams := scrape(t, tel.metrics.addr)

	const name = "rpc_client_call_duration_seconds" // the unit becomes the suffix
	f, ok := fams[name]
	if !ok {
		t.Fatalf("no %s among %q", name, slices.Sorted(maps.Keys(fams)))
	}
	if f.GetType() != dto.MetricType_HISTOGRAM {
		t.Fatalf("%s is a %v, want a histogram", name, f.GetType())
	}
	type key struct{ method, errorType string }
	got := make(map[key]uint64)
	for _, m := range f.GetMetric() {
		l := labels(m)
		if l["rpc_system_name"] != "aws-api" || l["cloud_region"] != embeddedRegion || l["server_address"] != "127.0.0.1" {
			t.Errorf("labels %v", l)
		}
		got[key{l["rpc_method"], l["error_type"]}] += m.GetHistogram().GetSampleCount()
		var bounds []float64
		for _, b := range m.GetHistogram().GetBucket() {
			bounds = append(bounds, b.GetUpperBound())
		}
		if want := []float64{0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, math.Inf(1)}; !slices.Equal(bounds, want) {
			t.Errorf("buckets %v, want the RPC conventions' %v", bounds, want)
		}
	}
	want := map[key]uint64{
		{"EC2/DescribeVolumes", ""}:                       1,
		{"EC2/DescribeVolumes", "InvalidVolume.NotFound"}: 1,
		{"EC2/DescribeInstances", ""}:                     1,
		{"EC2/DescribeAvailabilityZones", ""}:             1, // retried, counted once
	}
	if !maps.Equal(got, want) {
		t.Errorf("calls by (rpc_method, error_type):\ngot  %v\nwant %v", got, want)
	}

	// otelhttp's duration, split by operation, and the legacy processor's
	// health on the same provider.
	for _, n := range []string{"http_client_request_duration_seconds", "http_client_response_body_size_bytes", "requesthook_exporter_lines_written_total"} {
		if _, ok := fams[n]; !ok {
			t.Errorf("no %s among %q", n, slices.Sorted(maps.Keys(fams)))
		}
	}
	for _, m := range fams["http_client_request_duration_seconds"].GetMetric() {
		if labels(m)["rpc_method"] == "" {
			t.Errorf("http_client_request_duration_seconds point without rpc_method: %v", labels(m))
		}
	}

	counts, err := tel.metrics.callCounts(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	wantCounts := []opCount{
		{"EC2/DescribeAvailabilityZones", 1, 0},
		{"EC2/DescribeInstances", 1, 0},
		{"EC2/DescribeVolumes", 2, 1},
	}
	if !slices.Equal(counts, wantCounts) {
		t.Errorf("callCounts = %v, want %v", counts, wantCounts)
	}
}

// TestPrometheusOneEndpoint checks that the flag and
// OTEL_METRICS_EXPORTER=prometheus make one endpoint: with both, the flag's
// address serves and the variables' address is left alone (a port this
// test holds: binding it would fail the setup); with the variable alone,
// the variables' address serves.
func TestPrometheusOneEndpoint(t *testing.T) {
	held, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	_, heldPort, _ := net.SplitHostPort(held.Addr().String())

	tests := []struct {
		name, flag, port string
	}{
		{"flag and variable", "127.0.0.1:0", heldPort},
		{"variable alone", "", "0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			quietEnv(t)
			t.Setenv("OTEL_METRICS_EXPORTER", "prometheus")
			t.Setenv("OTEL_EXPORTER_PROMETHEUS_HOST", "127.0.0.1")
			t.Setenv("OTEL_EXPORTER_PROMETHEUS_PORT", tt.port)
			tel := oneRound(t, tt.flag)
			if tel.metrics.addr == held.Addr().String() {
				t.Fatalf("serving on the variables' address %s", tel.metrics.addr)
			}
			if _, ok := scrape(t, tel.metrics.addr)["rpc_client_call_duration_seconds"]; !ok {
				t.Error("no rpc_client_call_duration_seconds")
			}
		})
	}
}

// TestMetricsOTLP checks that metrics go to OTLP only when
// OTEL_METRICS_EXPORTER says so, although autoexport's default is OTLP.
func TestMetricsOTLP(t *testing.T) {
	tests := []struct {
		env  string
		want bool // metrics posted to the OTLP endpoint
	}{
		{"", false},
		{"none", false},
		{"otlp", true},
	}
	for _, tt := range tests {
		t.Run("OTEL_METRICS_EXPORTER="+strconv.Quote(tt.env), func(t *testing.T) {
			quietEnv(t)
			var posts atomic.Int64
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/v1/metrics" {
					posts.Add(1)
				}
				io.Copy(io.Discard, r.Body)
			}))
			defer srv.Close()
			t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", srv.URL)
			t.Setenv("OTEL_METRICS_EXPORTER", tt.env)
			tel := oneRound(t, "")
			if err := tel.shutdown(t.Context()); err != nil { // exports the last metrics
				t.Fatal(err)
			}
			if got := posts.Load() > 0; got != tt.want {
				t.Errorf("metrics posted to OTLP: %v (%d posts), want %v", got, posts.Load(), tt.want)
			}
		})
	}
}
