package otelhook_test

import (
	"net/http"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/semconv/v1.43.0/rpcconv"

	"github.com/requesthook/requesthook/apicall"
	"github.com/requesthook/requesthook/internal/fakeaws"
	"github.com/requesthook/requesthook/otelhook"
)

// retryBackoff is the delay between attempts in the metrics tests: a
// retried call's duration covers it, its attempts' durations do not.
const retryBackoff = 50 * time.Millisecond

// metricsSetup is what a metrics test calls through and reads.
type metricsSetup struct {
	client *ec2.Client
	reader *sdkmetric.ManualReader
	spans  *tracetest.SpanRecorder
}

// newMetricsSetup returns an EC2 client on srv, instrumented with
// InstrumentConfig (callModel) or with the Transport alone, whose spans go
// to a recorder sampled by sampler and whose metrics go to a ManualReader.
// Retries wait retryBackoff.
func newMetricsSetup(t *testing.T, srv *fakeaws.Server, callModel bool, sampler sdktrace.Sampler) metricsSetup {
	t.Helper()
	sr := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(sr), sdktrace.WithSampler(sampler))
	t.Cleanup(func() { _ = tp.Shutdown(t.Context()) })
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	t.Cleanup(func() { _ = mp.Shutdown(t.Context()) })
	opts := []otelhook.Option{otelhook.WithTracerProvider(tp), otelhook.WithMeterProvider(mp)}

	lo := []func(*config.LoadOptions) error{config.WithRetryer(func() aws.Retryer {
		return retry.NewStandard(func(o *retry.StandardOptions) {
			o.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return retryBackoff, nil })
		})
	})}
	if !callModel {
		t.Setenv("AWS_CA_BUNDLE", "")
		lo = append(lo, config.WithHTTPClient(&http.Client{Transport: otelhook.NewTransport(nil, opts...)}))
	}
	cfg := awsConfig(t, lo...)
	if callModel {
		otelhook.InstrumentConfig(&cfg, opts...)
	}
	client := ec2.NewFromConfig(cfg, func(o *ec2.Options) { o.BaseEndpoint = aws.String(srv.URL) })
	return metricsSetup{client: client, reader: reader, spans: sr}
}

// calls makes a DescribeVolumes that the endpoint fails once (503
// Unavailable) and a DescribeInstances that fails for good (400
// InvalidInstanceID.NotFound).
func (m metricsSetup) calls(t *testing.T, srv *fakeaws.Server) {
	t.Helper()
	if _, err := m.client.DescribeVolumes(t.Context(), &ec2.DescribeVolumesInput{}); err != nil {
		t.Fatal(err)
	}
	srv.FailAlways("EC2", "DescribeInstances", fakeaws.Error{Status: http.StatusBadRequest,
		Code: "InvalidInstanceID.NotFound", Message: "The instance ID 'i-0badc0ffee' does not exist"})
	if _, err := m.client.DescribeInstances(t.Context(), &ec2.DescribeInstancesInput{}); err == nil {
		t.Fatal("DescribeInstances succeeded, want InvalidInstanceID.NotFound")
	}
}

// collect reads every metric, by name.
func collect(t *testing.T, r *sdkmetric.ManualReader) map[string]metricdata.Metrics {
	t.Helper()
	var rm metricdata.ResourceMetrics
	if err := r.Collect(t.Context(), &rm); err != nil {
		t.Fatal(err)
	}
	out := make(map[string]metricdata.Metrics)
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			out[m.Name] = m
		}
	}
	return out
}

// point is a histogram point as the tests compare it: its attributes and
// count.
type point struct {
	attrs string
	count uint64
}

// pointsOf returns the points of a histogram sorted by their attributes,
// each set written as "k=v,k=v" in key order.
func pointsOf[N int64 | float64](t *testing.T, m metricdata.Metrics) ([]point, []metricdata.HistogramDataPoint[N]) {
	t.Helper()
	h, ok := m.Data.(metricdata.Histogram[N])
	if !ok {
		t.Fatalf("%s is a %T, want a histogram", m.Name, m.Data)
	}
	dps := slices.Clone(h.DataPoints)
	slices.SortFunc(dps, func(a, b metricdata.HistogramDataPoint[N]) int {
		return compareStrings(setString(a.Attributes), setString(b.Attributes))
	})
	pts := make([]point, len(dps))
	for i, dp := range dps {
		pts[i] = point{setString(dp.Attributes), dp.Count}
	}
	return pts, dps
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func setString(s attribute.Set) string {
	var out string
	for i, kv := range s.ToSlice() {
		if i > 0 {
			out += ","
		}
		out += string(kv.Key) + "=" + kv.Value.Emit()
	}
	return out
}

const (
	callDVAttrs = "cloud.region=us-west-2,rpc.method=EC2/DescribeVolumes,rpc.system.name=aws-api,server.address=127.0.0.1"
	callDIAttrs = "cloud.region=us-west-2,error.type=InvalidInstanceID.NotFound,rpc.method=EC2/DescribeInstances,rpc.system.name=aws-api,server.address=127.0.0.1"
)

func TestCallDurationMetric(t *testing.T) {
	tests := []struct {
		name      string
		callModel bool
		want      []point
	}{
		{"InstrumentConfig", true, []point{
			{callDIAttrs, 1},
			{callDVAttrs, 1}, // the retried call counts once
		}},
		{"Transport", false, []point{
			{callDIAttrs, 1}, // the SDK does not retry a 400
			{"cloud.region=us-west-2,error.type=Unavailable,rpc.method=EC2/DescribeVolumes,rpc.system.name=aws-api,server.address=127.0.0.1", 1},
			{callDVAttrs, 1},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := ec2Endpoint(t, 1, false)
			m := newMetricsSetup(t, srv, tt.callModel, sdktrace.AlwaysSample())
			m.calls(t, srv)
			metrics := collect(t, m.reader)
			cd, ok := metrics["rpc.client.call.duration"]
			if !ok {
				t.Fatalf("no rpc.client.call.duration among %v", keys(metrics))
			}
			if cd.Unit != "s" {
				t.Errorf("unit = %q, want s", cd.Unit)
			}
			got, dps := pointsOf[float64](t, cd)
			if !slices.Equal(got, tt.want) {
				t.Errorf("points:\ngot  %v\nwant %v", got, tt.want)
			}
			var bounds []float64
			for _, dp := range dps {
				bounds = dp.Bounds
			}
			if want := []float64{0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10}; !slices.Equal(bounds, want) {
				t.Errorf("bounds = %v, want the RPC conventions' %v", bounds, want)
			}
			if tt.callModel {
				// The retried call's one point has its full duration: both
				// attempts and the back-off between them.
				dv := dps[1]
				if dv.Sum < retryBackoff.Seconds() {
					t.Errorf("retried call duration %vs, want at least the %v back-off", dv.Sum, retryBackoff)
				}
				call := callSpanNamed(t, m.spans, "EC2.DescribeVolumes")
				if d := call.EndTime().Sub(call.StartTime()).Seconds(); dv.Sum > d*1.01+0.001 || dv.Sum < d*0.99-0.001 {
					t.Errorf("call duration %vs, call span %vs", dv.Sum, d)
				}
			}
		})
	}
}

// callSpanNamed returns the call span named name.
func callSpanNamed(t *testing.T, sr *tracetest.SpanRecorder, name string) sdktrace.ReadOnlySpan {
	t.Helper()
	for _, s := range sr.Ended() {
		if s.Name() == name && attrs(s)[apicall.RoleKey].AsString() == apicall.RoleCall {
			return s
		}
	}
	t.Fatalf("no call span %q", name)
	return nil
}

func keys[V any](m map[string]V) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

func TestResponseSizeMetric(t *testing.T) {
	srv := ec2Endpoint(t, 1, false)
	m := newMetricsSetup(t, srv, true, sdktrace.AlwaysSample())
	m.calls(t, srv)
	rs, ok := collect(t, m.reader)["http.client.response.body.size"]
	if !ok {
		t.Fatal("no http.client.response.body.size")
	}
	if rs.Unit != "By" {
		t.Errorf("unit = %q, want By", rs.Unit)
	}
	got, dps := pointsOf[int64](t, rs)
	const common = "http.request.method=POST,"
	want := []point{ // one per attempt
		{"error.type=400," + common + "http.response.status_code=400,rpc.method=EC2/DescribeInstances,server.address=127.0.0.1", 1},
		{"error.type=503," + common + "http.response.status_code=503,rpc.method=EC2/DescribeVolumes,server.address=127.0.0.1", 1},
		{common + "http.response.status_code=200,rpc.method=EC2/DescribeVolumes,server.address=127.0.0.1", 1},
	}
	if !slices.Equal(got, want) {
		t.Fatalf("points:\ngot  %v\nwant %v", got, want)
	}
	if got := dps[2].Sum; got != int64(len(describeVolumesXML)) {
		t.Errorf("DescribeVolumes response size = %d, want %d", got, len(describeVolumesXML))
	}
}

func TestHTTPMetricsCarryOperation(t *testing.T) {
	for _, callModel := range []bool{true, false} {
		t.Run("callModel="+strconv.FormatBool(callModel), func(t *testing.T) {
			srv := ec2Endpoint(t, 1, false)
			m := newMetricsSetup(t, srv, callModel, sdktrace.AlwaysSample())
			m.calls(t, srv)
			metrics := collect(t, m.reader)
			for _, name := range []string{"http.client.request.duration", "http.client.request.body.size"} {
				md, ok := metrics[name]
				if !ok {
					t.Fatalf("no %s among %v", name, keys(metrics))
				}
				var methods []string
				var total uint64
				var dps []attribute.Set
				switch d := md.Data.(type) {
				case metricdata.Histogram[float64]:
					for _, dp := range d.DataPoints {
						dps = append(dps, dp.Attributes)
						total += dp.Count
					}
				case metricdata.Histogram[int64]:
					for _, dp := range d.DataPoints {
						dps = append(dps, dp.Attributes)
						total += dp.Count
					}
				}
				for _, s := range dps {
					v, _ := s.Value("rpc.method")
					methods = append(methods, v.Emit())
				}
				slices.Sort(methods)
				methods = slices.Compact(methods)
				if want := []string{"EC2/DescribeInstances", "EC2/DescribeVolumes"}; !slices.Equal(methods, want) {
					t.Errorf("%s: rpc.method values %q, want %q", name, methods, want)
				}
				if total != 3 {
					t.Errorf("%s: %d points in all, want 3 (one per attempt)", name, total)
				}
			}
		})
	}
}

func TestCallMetricExemplar(t *testing.T) {
	tests := []struct {
		name    string
		sampler sdktrace.Sampler
		want    bool // an exemplar with the call's trace ID
	}{
		{"sampled", sdktrace.AlwaysSample(), true},
		{"not sampled", sdktrace.NeverSample(), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := ec2Endpoint(t, 0, false)
			m := newMetricsSetup(t, srv, true, tt.sampler)
			if _, err := m.client.DescribeVolumes(t.Context(), &ec2.DescribeVolumesInput{}); err != nil {
				t.Fatal(err)
			}
			_, dps := pointsOf[float64](t, collect(t, m.reader)["rpc.client.call.duration"])
			if len(dps) != 1 || dps[0].Count != 1 {
				t.Fatalf("got %d points, want 1 of count 1 (sampled or not)", len(dps))
			}
			ex := dps[0].Exemplars
			if !tt.want {
				if len(ex) != 0 {
					t.Errorf("got %d exemplars of an unsampled call, want none", len(ex))
				}
				return
			}
			call, _ := callTree(t, m.spans, 1)
			id := call.SpanContext().TraceID()
			if len(ex) != 1 || string(ex[0].TraceID) != string(id[:]) {
				t.Fatalf("exemplars %+v, want one with trace ID %s", ex, id)
			}
			if sid := call.SpanContext().SpanID(); string(ex[0].SpanID) != string(sid[:]) {
				t.Errorf("exemplar span ID %x, want the call span's %s", ex[0].SpanID, sid)
			}
		})
	}
}

// TestCallDurationInstrument checks the instrument against the semantic
// conventions' definition in the module's semconv version.
func TestCallDurationInstrument(t *testing.T) {
	var d rpcconv.ClientCallDuration
	if got, want := d.Name(), "rpc.client.call.duration"; got != want {
		t.Errorf("name = %q, want %q", got, want)
	}
}
