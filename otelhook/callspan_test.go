package otelhook_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"

	"github.com/requesthook/requesthook/apicall"
	"github.com/requesthook/requesthook/exporter"
	"github.com/requesthook/requesthook/internal/fakeaws"
	"github.com/requesthook/requesthook/otelhook"
)

const ec2NotFoundXML = `<?xml version="1.0" encoding="UTF-8"?>
<Response><Errors><Error><Code>InvalidVolume.NotFound</Code><Message>The volume 'vol-0badc0ffee0000000' does not exist.</Message></Error></Errors><RequestID>req-404</RequestID></Response>`

// instrumented returns an EC2 client built from an InstrumentConfig'd
// configuration that records into a fresh recorder.
func instrumented(t testing.TB, url string, opts ...otelhook.Option) (*ec2.Client, *tracetest.SpanRecorder) {
	t.Helper()
	tp, sr := recorder(t)
	cfg := awsConfig(t)
	otelhook.InstrumentConfig(&cfg, append([]otelhook.Option{otelhook.WithTracerProvider(tp)}, opts...)...)
	return ec2.NewFromConfig(cfg, func(o *ec2.Options) { o.BaseEndpoint = aws.String(url) }), sr
}

func TestCallSpanRetried(t *testing.T) {
	srv := ec2Endpoint(t, 1, false)
	client, sr := instrumented(t, srv.URL)
	if _, err := client.DescribeVolumes(t.Context(), &ec2.DescribeVolumesInput{}); err != nil {
		t.Fatal(err)
	}
	call, attempts := callTree(t, sr, 2)
	if call.Name() != "EC2.DescribeVolumes" {
		t.Errorf("call name = %q", call.Name())
	}
	wantAttr(t, call, semconv.RPCSystemNameKey, "aws-api")
	wantAttr(t, call, semconv.RPCMethodKey, "EC2/DescribeVolumes")
	wantAttr(t, call, semconv.CloudRegionKey, "us-west-2")
	wantAttr(t, call, semconv.ServerAddressKey, "127.0.0.1")
	wantAttr(t, call, semconv.HTTPResponseStatusCodeKey, "200")
	wantAttr(t, call, semconv.HTTPResponseBodySizeKey, strconv.Itoa(len(describeVolumesXML)))
	wantAttr(t, call, semconv.AWSRequestIDKey, "req-0002")
	wantAttr(t, call, apicall.AttemptsKey, "2")
	noAttr(t, call, semconv.ErrorTypeKey)
	noAttr(t, call, semconv.HTTPRequestResendCountKey)
	if call.Status().Code != codes.Unset {
		t.Errorf("call status = %v, want Unset", call.Status())
	}
	if got := attrs(call)[apicall.AttemptStartKey].AsInt64(); got != attempts[1].StartTime().UnixNano() &&
		(got < attempts[1].StartTime().UnixNano() || got > attempts[1].EndTime().UnixNano()) {
		t.Errorf("final attempt start %d is not within the final attempt [%v, %v]", got, attempts[1].StartTime(), attempts[1].EndTime())
	}
	if call.StartTime().After(attempts[0].StartTime()) || call.EndTime().Before(attempts[1].EndTime()) {
		t.Error("the call span does not cover its attempts")
	}
	if inv := attrs(call)[apicall.InvocationIDKey].AsString(); inv == "" {
		t.Error("the call span has no invocation ID")
	}
	for i, a := range attempts {
		wantAttr(t, a, semconv.HTTPRequestResendCountKey, strconv.Itoa(i))
		wantAttr(t, a, semconv.RPCMethodKey, "EC2/DescribeVolumes")
		// What the call span, their parent, records once for all attempts.
		noAttr(t, a, apicall.InvocationIDKey)
		noAttr(t, a, semconv.CloudRegionKey)
		wantAttr(t, a, semconv.RPCSystemNameKey, "aws-api")
	}
	wantAttr(t, attempts[0], semconv.HTTPResponseStatusCodeKey, "503")
	wantAttr(t, attempts[0], semconv.ErrorTypeKey, "Unavailable") // not otelhttp's "503"
	wantAttr(t, attempts[0], semconv.AWSRequestIDKey, "req-0001")
	wantAttr(t, attempts[1], semconv.HTTPResponseStatusCodeKey, "200")
	noAttr(t, attempts[1], semconv.ErrorTypeKey)
}

func TestCallSpanAPIError(t *testing.T) {
	srv := fakeaws.New(t)
	srv.Respond("EC2", "DescribeVolumes", fakeaws.Response{Status: http.StatusBadRequest, Body: []byte(ec2NotFoundXML)})
	client, sr := instrumented(t, srv.URL)
	_, err := client.DescribeVolumes(t.Context(), &ec2.DescribeVolumesInput{VolumeIds: []string{"vol-0badc0ffee0000000"}})
	if err == nil {
		t.Fatal("no error")
	}
	call, attempts := callTree(t, sr, 1)
	wantAttr(t, call, semconv.ErrorTypeKey, "InvalidVolume.NotFound")
	wantAttr(t, call, semconv.HTTPResponseStatusCodeKey, "400")
	wantAttr(t, call, semconv.HTTPResponseBodySizeKey, strconv.Itoa(len(ec2NotFoundXML)))
	wantAttr(t, call, apicall.AttemptsKey, "1")
	if st := call.Status(); st.Code != codes.Error || st.Description != "The volume 'vol-0badc0ffee0000000' does not exist." {
		t.Errorf("call status = %+v, want Error with the AWS message", st)
	}
	wantAttr(t, attempts[0], semconv.ErrorTypeKey, "InvalidVolume.NotFound")
	c, _ := exporter.CallFromSpan(call)
	if r := c.Record(); r.Status != 400 || r.Size != int64(len(ec2NotFoundXML)) || r.Operation != "DescribeVolumes" {
		t.Errorf("line record = %+v, want status 400 with the size, as boto logged a 400", r)
	}
}

func TestCallSpanGivesUp(t *testing.T) {
	srv := ec2Endpoint(t, 1000, false)
	client, sr := instrumented(t, srv.URL)
	if _, err := client.DescribeVolumes(t.Context(), &ec2.DescribeVolumesInput{}); err == nil {
		t.Fatal("no error")
	}
	call, attempts := callTree(t, sr, 3) // the standard retryer's 3 attempts
	wantAttr(t, call, semconv.ErrorTypeKey, "Unavailable")
	wantAttr(t, call, apicall.AttemptsKey, "3")
	wantAttr(t, call, semconv.HTTPResponseStatusCodeKey, "503")
	wantAttr(t, call, semconv.AWSRequestIDKey, "req-0003")
	if call.Status().Code != codes.Error {
		t.Errorf("call status = %v", call.Status())
	}
	for _, a := range attempts {
		wantAttr(t, a, semconv.ErrorTypeKey, "Unavailable")
	}
	c, _ := exporter.CallFromSpan(call)
	if r := c.Record(); r.Status != 503 || r.Size != 0 {
		t.Errorf("line record = %+v, want status 503 size 0 (boto's error=True)", r)
	}
}

func TestCallSpanNoResponse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + ln.Addr().String()
	ln.Close() // nothing listens: connection refused

	t.Run("connection refused", func(t *testing.T) {
		client, sr := instrumented(t, url)
		if _, err := client.DescribeVolumes(t.Context(), &ec2.DescribeVolumesInput{}); err == nil {
			t.Fatal("no error")
		}
		call, attempts := callTree(t, sr, 3)
		wantAttr(t, call, semconv.ErrorTypeKey, "connection_refused")
		noAttr(t, call, semconv.HTTPResponseStatusCodeKey)
		for _, a := range attempts { // not otelhttp's "*net.OpError"
			wantAttr(t, a, semconv.ErrorTypeKey, "connection_refused")
		}
		c, _ := exporter.CallFromSpan(call)
		if r := c.Record(); r.Status != 0 || r.Size != 0 {
			t.Errorf("line record = %+v, want status 0 size 0", r)
		}
	})
	t.Run("canceled", func(t *testing.T) {
		client, sr := instrumented(t, url)
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		if _, err := client.DescribeVolumes(ctx, &ec2.DescribeVolumesInput{}); !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v", err)
		}
		ended := sr.Ended()
		call := ended[len(ended)-1]
		wantAttr(t, call, apicall.RoleKey, "call")
		wantAttr(t, call, semconv.ErrorTypeKey, "canceled")
	})
	t.Run("timeout", func(t *testing.T) {
		hang := make(chan struct{})
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-hang:
			case <-r.Context().Done():
			}
		}))
		t.Cleanup(srv.Close)
		t.Cleanup(func() { close(hang) })
		client, sr := instrumented(t, srv.URL)
		ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
		defer cancel()
		if _, err := client.DescribeVolumes(ctx, &ec2.DescribeVolumesInput{}); err == nil {
			t.Fatal("no error")
		}
		call, attempts := callTree(t, sr, 1)
		wantAttr(t, call, semconv.ErrorTypeKey, "timeout")
		wantAttr(t, attempts[0], semconv.ErrorTypeKey, "timeout")
		if st := attempts[0].Status(); st.Code != codes.Error {
			t.Errorf("attempt status = %+v, want Error", st)
		}
	})
}

func TestCallSpanNotSampled(t *testing.T) {
	srv := ec2Endpoint(t, 1, false)
	sr := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(sr), sdktrace.WithSampler(sdktrace.NeverSample()))
	cfg := awsConfig(t)
	otelhook.InstrumentConfig(&cfg, otelhook.WithTracerProvider(tp))
	client := ec2.NewFromConfig(cfg, func(o *ec2.Options) { o.BaseEndpoint = aws.String(srv.URL) })
	if _, err := client.DescribeVolumes(t.Context(), &ec2.DescribeVolumesInput{}); err != nil {
		t.Fatal(err)
	}
	if n := len(sr.Started()); n != 0 {
		t.Errorf("%d spans recorded, want none", n)
	}

	// RecordCalls keeps every call and attempt recorded, unsampled.
	sr2 := tracetest.NewSpanRecorder()
	tp2 := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(sr2), sdktrace.WithSampler(exporter.RecordCalls(sdktrace.NeverSample())))
	cfg2 := awsConfig(t)
	otelhook.InstrumentConfig(&cfg2, otelhook.WithTracerProvider(tp2))
	client2 := ec2.NewFromConfig(cfg2, func(o *ec2.Options) { o.BaseEndpoint = aws.String(srv.URL) })
	if _, err := client2.DescribeVolumes(t.Context(), &ec2.DescribeVolumesInput{}); err != nil {
		t.Fatal(err)
	}
	call, _ := callTree(t, sr2, 1)
	if call.SpanContext().IsSampled() {
		t.Error("call span sampled under NeverSample")
	}
	wantAttr(t, call, semconv.HTTPResponseStatusCodeKey, "200")
}

func TestCallSpanServiceAttributes(t *testing.T) {
	srv := fakeaws.New(t)
	srv.Respond("S3", "GetObject", fakeaws.Response{Body: []byte("ok")})
	srv.Respond("DynamoDB", "DescribeTable", fakeaws.Response{Body: []byte(`{}`)})
	for _, keys := range []bool{true, false} {
		tp, sr := recorder(t)
		cfg := awsConfig(t)
		opts := []otelhook.Option{otelhook.WithTracerProvider(tp)}
		if !keys {
			opts = append(opts, otelhook.WithoutS3Keys())
		}
		otelhook.InstrumentConfig(&cfg, opts...)
		s3c := s3Client(cfg, srv.URL)
		out, err := s3c.GetObject(t.Context(), &s3.GetObjectInput{Bucket: aws.String("my-bucket"), Key: aws.String("dir/obj.txt")})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(out.Body)
		out.Body.Close()
		if string(b) != "ok" {
			t.Errorf("object = %q", b)
		}
		call, _ := callTree(t, sr, 1)
		wantAttr(t, call, semconv.AWSS3BucketKey, "my-bucket")
		if keys {
			wantAttr(t, call, semconv.AWSS3KeyKey, "dir/obj.txt")
		} else {
			noAttr(t, call, semconv.AWSS3KeyKey)
		}
	}
	tp, sr := recorder(t)
	cfg := awsConfig(t)
	otelhook.InstrumentConfig(&cfg, otelhook.WithTracerProvider(tp))
	ddb := dynamodb.NewFromConfig(cfg, func(o *dynamodb.Options) { o.BaseEndpoint = aws.String(srv.URL) })
	if _, err := ddb.DescribeTable(t.Context(), &dynamodb.DescribeTableInput{TableName: aws.String("Music")}); err != nil {
		t.Fatal(err)
	}
	call, _ := callTree(t, sr, 1)
	wantAttr(t, call, semconv.AWSDynamoDBTableNamesKey, `["Music"]`)
}
