package apicall_test

import (
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"

	"github.com/requesthook/requesthook/apicall"
)

// TestSetters checks that Lookup with the typed setters reads every name of
// the mapping, with every kind of value, as Attr reads it, including values
// of the wrong type (a number where a string is expected reads as the empty
// string; a string where a number is expected is parsed).
func TestSetters(t *testing.T) {
	names := []string{
		"requesthook.role", "http.request.method", "http.method", "url.full", "http.url",
		"server.address", "net.peer.name", "server.port", "net.peer.port",
		"rpc.system.name", "rpc.system", "rpc.method", "rpc.service", "cloud.region", "aws.region",
		"http.response.status_code", "http.status_code", "http.response.body.size", "http.response_content_length",
		"aws.request_id", "aws.requestId", "aws.extended_request_id", "http.request.resend_count",
		"aws.sdk.invocation_id", "error.type", "aws.sdk.attempts", "requesthook.final_attempt.start",
		"aws.s3.bucket", "aws.s3.key", "aws.dynamodb.table_names", "aws.sqs.queue.url", "aws.sns.topic.arn",
		"aws.kinesis.stream_name", "faas.invoked_name", "db.system", "",
	}
	strs := []string{"", "call", "attempt", "EC2/DescribeVolumes", "Publish", "503", "-3", "1700000000000000000", "12x"}
	ints := []int64{-1, 0, 1, 2, 200, 503, 1 << 20, 1700000000000000000}
	start := time.Date(2026, 11, 24, 14, 48, 21, 0, time.UTC)
	check := func(name string, set func(*apicall.Decoder, apicall.Field), v attribute.Value) {
		t.Helper()
		var want, got apicall.Decoder
		want.Reset(start, start.Add(time.Second))
		got.Reset(start, start.Add(time.Second))
		// A first value, so that a value that is ignored shows.
		want.Attr(name, attribute.StringValue("7"))
		got.Attr(name, attribute.StringValue("7"))
		want.Attr(name, v)
		if f, ok := apicall.Lookup(name); ok {
			set(&got, f)
		}
		wc, wok := want.Call(codes.Error, "")
		gc, gok := got.Call(codes.Error, "")
		if errString(wc.Err) != errString(gc.Err) {
			t.Errorf("%s = %v: typed setter's Err %v, Attr's %v", name, v.Emit(), gc.Err, wc.Err)
		}
		wc.Err, gc.Err = nil, nil
		if wok != gok || wc != gc {
			t.Errorf("%s = %v: typed setter reads %+v, %v; Attr reads %+v, %v", name, v.Emit(), gc, gok, wc, wok)
		}
	}
	for _, name := range names {
		for _, s := range strs {
			check(name, func(d *apicall.Decoder, f apicall.Field) { d.SetString(f, s) }, attribute.StringValue(s))
		}
		for _, n := range ints {
			check(name, func(d *apicall.Decoder, f apicall.Field) { d.SetInt(f, n) }, attribute.Int64Value(n))
		}
		for _, v := range []attribute.Value{attribute.BoolValue(true), attribute.Float64Value(2.9), attribute.StringSliceValue([]string{"a", "b"}), {}} {
			check(name, func(d *apicall.Decoder, f apicall.Field) { d.SetValue(f, v) }, v)
		}
	}
	if _, ok := apicall.Lookup("db.system"); ok {
		t.Error("Lookup(db.system) found a field")
	}
	var d apicall.Decoder
	d.SetString(apicall.Field{}, "x") // the zero Field is ignored
	d.SetInt(apicall.Field{}, 1)
	d.SetValue(apicall.Field{}, attribute.IntValue(1))
	if _, ok := d.Call(codes.Unset, ""); ok {
		t.Error("the zero Field made a call")
	}
}

// TestLegacyValueTypes pins how values of an unexpected type are read, as
// Attr always read them.
func TestLegacyValueTypes(t *testing.T) {
	var d apicall.Decoder
	d.Reset(time.Time{}, time.Time{})
	d.Attr("rpc.method", attribute.StringValue("EC2/DescribeVolumes"))
	d.Attr("rpc.system.name", attribute.StringValue("aws-api"))
	d.Attr("rpc.system.name", attribute.IntValue(3))                  // a string field reads a number as ""
	d.Attr("http.response.status_code", attribute.StringValue("503")) // a number field parses a string
	d.Attr("http.response.body.size", attribute.Float64Value(12.7))   // and truncates a double
	d.Attr("http.response.body.size", attribute.IntValue(-5))         // out of range: ignored
	d.Attr("aws.dynamodb.table_names", attribute.StringSliceValue([]string{"a", "b"}))
	d.Attr("aws.dynamodb.table_names", attribute.IntValue(1)) // ignored
	c, ok := d.Call(codes.Unset, "")
	if !ok || c.RPCSystem != "" || c.Operation != "DescribeVolumes" || c.StatusCode != 503 || c.Size != 12 || c.DynamoDBTables != "a,b" {
		t.Errorf("Call = %+v, %v", c, ok)
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
