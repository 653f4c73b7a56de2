package bridge_test

import (
	"context"
	"net"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"

	"github.com/requesthook/requesthook/apicall"
	"github.com/requesthook/requesthook/exporter"
	"github.com/requesthook/requesthook/internal/fakeaws"
	"github.com/requesthook/requesthook/otelhook"
)

// transportOnlyKeys are attributes otelhttp reads from the request and
// response on the wire that an apicall.Call does not carry, so a span made
// from a Call cannot have them.
var transportOnlyKeys = []attribute.Key{
	semconv.NetworkProtocolVersionKey,
	semconv.NetworkProtocolNameKey,
	semconv.UserAgentOriginalKey,
}

// ec2Server answers EC2 query-protocol calls like AWS, with the request IDs
// req-0001, req-0002...: the first call gets a 503 with an EC2 error body,
// the others an empty DescribeVolumes result.
func ec2Server(t *testing.T) *fakeaws.Server {
	srv := fakeaws.New(t, fakeaws.SequentialRequestIDs("req-%04d"))
	srv.FailNext(fakeaws.Any, fakeaws.Any, 1, fakeaws.Error{Status: http.StatusServiceUnavailable,
		Code: "Unavailable", Message: "The server is overloaded."})
	return srv
}

// TestHookLooksLikeTransport sends real aws-sdk-go-v2 EC2 calls through
// otelhook.Transport (a 503, its successful retry, and a call to a closed
// port), reads each Transport span's Call with CallFromSpan, hands it to
// NewHook, and checks that both spans read back as the same Call, with the
// same name, kind, times, status and attribute keys.
func TestHookLooksLikeTransport(t *testing.T) {
	transportRec := tracetest.NewSpanRecorder()
	transportTP := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(transportRec))
	defer transportTP.Shutdown(context.Background())

	cfg, err := config.LoadDefaultConfig(t.Context(),
		config.WithRegion("us-west-2"),
		config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "")),
		config.WithSharedConfigFiles([]string{}),
		config.WithSharedCredentialsFiles([]string{}),
		config.WithRetryer(func() aws.Retryer {
			return retry.NewStandard(func(o *retry.StandardOptions) {
				o.MaxAttempts = 2
				o.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return 0, nil })
			})
		}),
	)
	if err != nil {
		t.Fatal(err)
	}
	otelhook.InstrumentConfig(&cfg, otelhook.WithTracerProvider(transportTP))

	srv := ec2Server(t)
	client := ec2.NewFromConfig(cfg, func(o *ec2.Options) { o.BaseEndpoint = aws.String(srv.URL) })
	if _, err := client.DescribeVolumes(t.Context(), &ec2.DescribeVolumesInput{}); err != nil {
		t.Fatalf("DescribeVolumes: %v", err)
	}
	// A port nobody listens on: the call fails without a response.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + l.Addr().String()
	l.Close()
	dead := ec2.NewFromConfig(cfg, func(o *ec2.Options) { o.BaseEndpoint = aws.String(closed) })
	if _, err := dead.DescribeVolumes(t.Context(), &ec2.DescribeVolumesInput{}); err == nil {
		t.Fatal("DescribeVolumes on a closed port succeeded")
	}

	// The HTTP spans, one per attempt; InstrumentConfig's call spans above
	// them have no HTTP counterpart in the bridge.
	var transportSpans []sdktrace.ReadOnlySpan
	for _, s := range transportRec.Ended() {
		if c, _ := exporter.CallFromSpan(s); c.Role != apicall.RoleCall {
			transportSpans = append(transportSpans, s)
		}
	}
	if len(transportSpans) != 4 { // 503 + 200, and two failed attempts
		t.Fatalf("the Transport recorded %d spans, want 4", len(transportSpans))
	}
	var sawFailure, saw503 bool
	for i, ts := range transportSpans {
		want, ok := exporter.CallFromSpan(ts)
		if !ok {
			t.Fatalf("span %d %q: CallFromSpan does not take a Transport span", i, ts.Name())
		}
		sawFailure = sawFailure || want.Err != nil
		saw503 = saw503 || want.StatusCode == 503
		hs := record(t, context.Background(), want)
		got, ok := exporter.CallFromSpan(hs)
		if !ok {
			t.Fatalf("span %d: CallFromSpan does not take the hook's span", i)
		}
		if !sameCall(got, want) {
			t.Errorf("span %d: CallFromSpan(hook span) = %+v\nwant CallFromSpan(Transport span) = %+v", i, got, want)
		}
		if hs.Name() != ts.Name() || hs.SpanKind() != ts.SpanKind() {
			t.Errorf("span %d: hook span %q %v, Transport span %q %v", i, hs.Name(), hs.SpanKind(), ts.Name(), ts.SpanKind())
		}
		if !hs.StartTime().Equal(ts.StartTime()) || !hs.EndTime().Equal(ts.EndTime()) {
			t.Errorf("span %d: hook span %v..%v, Transport span %v..%v", i, hs.StartTime(), hs.EndTime(), ts.StartTime(), ts.EndTime())
		}
		if hs.Status() != ts.Status() {
			t.Errorf("span %d: hook status %+v, Transport status %+v", i, hs.Status(), ts.Status())
		}
		tk, hk := keys(ts, transportOnlyKeys), keys(hs, nil)
		if !slices.Equal(tk, hk) {
			t.Errorf("span %d %q: attribute keys differ\nTransport: %v\nhook:      %v", i, ts.Name(), tk, hk)
		}
		for _, k := range hk {
			if k == semconv.ErrorTypeKey && want.Err != nil {
				continue // a Call carries the error, not its type
			}
			if hv, tv := attrMap(hs)[k], attrMap(ts)[k]; hv != tv {
				t.Errorf("span %d: %s = %v on the hook span, %v on the Transport span", i, k, hv.Emit(), tv.Emit())
			}
		}
	}
	if !sawFailure || !saw503 {
		t.Errorf("want a 503 and a failed call among the spans (503 %v, failure %v)", saw503, sawFailure)
	}
}

// sameCall compares two Calls, their errors by message.
func sameCall(a, b otelhook.Call) bool {
	ea, eb := a.Err, b.Err
	a.Err, b.Err = nil, nil
	if (ea == nil) != (eb == nil) || (ea != nil && ea.Error() != eb.Error()) {
		return false
	}
	return a.Start.Equal(b.Start) && a.End.Equal(b.End) && func() bool {
		a.Start, a.End, b.Start, b.End = time.Time{}, time.Time{}, time.Time{}, time.Time{}
		return a == b
	}()
}

// keys returns the sorted attribute keys of s, less those in skip.
func keys(s sdktrace.ReadOnlySpan, skip []attribute.Key) []attribute.Key {
	var ks []attribute.Key
	for _, kv := range s.Attributes() {
		if !slices.Contains(skip, kv.Key) {
			ks = append(ks, kv.Key)
		}
	}
	slices.Sort(ks)
	return ks
}
