package apicall_test

import (
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"

	"github.com/requesthook/requesthook/apicall"
)

// TestDecoderRecord checks that Decoder.Record is Call(…).Record() for
// calls with and without a response, call spans timed from their final
// attempt and call spans that gave up, and for spans that are not calls.
func TestDecoderRecord(t *testing.T) {
	start := time.Date(2026, 11, 24, 14, 48, 21, 0, time.UTC)
	tests := []struct {
		name  string
		attrs []attribute.KeyValue
		code  codes.Code
	}{
		{"ok", []attribute.KeyValue{attribute.String("rpc.method", "EC2/DescribeVolumes"), attribute.Int("http.response.status_code", 200), attribute.Int("http.response.body.size", 12)}, codes.Unset},
		{"http error", []attribute.KeyValue{attribute.String("http.request.method", "GET"), attribute.Int("http.status_code", 503)}, codes.Error},
		{"no response", []attribute.KeyValue{attribute.String("rpc.method", "Publish")}, codes.Error},
		{"call from its final attempt", []attribute.KeyValue{apicall.RoleKey.String(apicall.RoleCall), attribute.String("rpc.method", "EC2/DescribeVolumes"),
			apicall.AttemptStartKey.Int64(start.Add(300 * time.Millisecond).UnixNano()), attribute.Int("http.response.status_code", 200), attribute.Int("http.response.body.size", 12)}, codes.Unset},
		{"call gave up", []attribute.KeyValue{apicall.RoleKey.String(apicall.RoleCall), attribute.String("rpc.method", "EC2/DescribeVolumes"),
			apicall.AttemptStartKey.Int64(start.Add(700 * time.Millisecond).UnixNano()), attribute.Int("http.response.status_code", 503), attribute.Int("http.response.body.size", 99)}, codes.Error},
		{"not a call", []attribute.KeyValue{attribute.String("db.system.name", "postgresql")}, codes.Unset},
		{"call with attempts", []attribute.KeyValue{attribute.String("requesthook.role", "call"), attribute.String("rpc.method", "EC2/DescribeAvailabilityZones"), attribute.Int("http.response.status_code", 200), attribute.Int("http.response.body.size", 1627), attribute.Int("aws.sdk.attempts", 2), attribute.Int64("requesthook.final_attempt.start", start.Add(300*time.Millisecond).UnixNano())}, codes.Unset},
		{"call gave up", []attribute.KeyValue{attribute.String("requesthook.role", "call"), attribute.String("rpc.method", "EC2/DescribeVolumes"), attribute.Int("http.response.status_code", 503), attribute.Int("http.response.body.size", 227), attribute.Int("aws.sdk.attempts", 3), attribute.Int64("requesthook.final_attempt.start", start.Add(900*time.Millisecond).UnixNano())}, codes.Error},
	}
	for _, tt := range tests {
		var d apicall.Decoder
		d.Reset(start, start.Add(time.Second))
		for _, kv := range tt.attrs {
			d.Attr(string(kv.Key), kv.Value)
		}
		got, gotOK := d.Record(tt.code)
		c, ok := d.Call(tt.code, "")
		if gotOK != ok || (ok && got != c.Record()) {
			t.Errorf("%s: Record = %+v, %v; Call(…).Record() = %+v, %v", tt.name, got, gotOK, c.Record(), ok)
		}
	}
	var d apicall.Decoder
	d.Reset(start, start)
	d.Attr("rpc.method", attribute.StringValue("Publish"))
	if n := testing.AllocsPerRun(100, func() { d.Record(codes.Error) }); n != 0 {
		t.Errorf("Record allocates %v times", n)
	}
}
