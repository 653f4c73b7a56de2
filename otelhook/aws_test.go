package otelhook_test

import (
	"context"
	"encoding/pem"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"

	"github.com/requesthook/requesthook/apicall"
	"github.com/requesthook/requesthook/exporter"
	"github.com/requesthook/requesthook/internal/fakeaws"
	"github.com/requesthook/requesthook/otelhook"
)

// awsConfig loads an SDK configuration with static credentials, no shared
// files and no backoff between retries, plus the given options.
func awsConfig(t testing.TB, opts ...func(*config.LoadOptions) error) aws.Config {
	t.Helper()
	base := []func(*config.LoadOptions) error{
		config.WithRegion("us-west-2"),
		config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "SESSIONTOKEN")),
		config.WithSharedConfigFiles([]string{}),
		config.WithSharedCredentialsFiles([]string{}),
		config.WithRetryer(func() aws.Retryer {
			return retry.NewStandard(func(o *retry.StandardOptions) {
				o.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return 0, nil })
			})
		}),
	}
	cfg, err := config.LoadDefaultConfig(t.Context(), append(base, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// withTransport is the wiring the README shows for a plain http.Client. It
// needs AWS_CA_BUNDLE unset (see TestInstrumentConfigCABundle).
func withTransport(t testing.TB, tp *sdktrace.TracerProvider) func(*config.LoadOptions) error {
	t.Setenv("AWS_CA_BUNDLE", "")
	return config.WithHTTPClient(&http.Client{Transport: otelhook.NewTransport(nil, otelhook.WithTracerProvider(tp))})
}

const describeInstancesXML = `<?xml version="1.0" encoding="UTF-8"?>
<DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
    <requestId>%s</requestId>
    <reservationSet/>
</DescribeInstancesResponse>`

// ec2Endpoint answers EC2 query-protocol calls with the request IDs req-0001,
// req-0002...; the first failFirst calls get a 503 with an EC2 error body.
func ec2Endpoint(t testing.TB, failFirst int, tlsServer bool) *fakeaws.Server {
	opts := []fakeaws.Option{fakeaws.SequentialRequestIDs("req-%04d")}
	if tlsServer {
		opts = append(opts, fakeaws.WithTLS())
	}
	srv := fakeaws.New(t, opts...)
	srv.Respond("EC2", "DescribeVolumes", fakeaws.Response{Body: []byte(describeVolumesXML)})
	srv.Handle("EC2", "DescribeInstances", func(r *fakeaws.Request) (*fakeaws.Response, error) {
		return &fakeaws.Response{Body: []byte(fmt.Sprintf(describeInstancesXML, r.RequestID))}, nil
	})
	srv.FailNext("EC2", fakeaws.Any, failFirst, fakeaws.Error{Status: http.StatusServiceUnavailable,
		Code: "Unavailable", Message: "The server is overloaded and can't handle the request."})
	return srv
}

func TestSDKQueryProtocol(t *testing.T) {
	tp, sr := recorder(t)
	srv := ec2Endpoint(t, 0, false)
	cfg := awsConfig(t, withTransport(t, tp))
	client := ec2.NewFromConfig(cfg, func(o *ec2.Options) { o.BaseEndpoint = aws.String(srv.URL) })
	if _, err := client.DescribeVolumes(t.Context(), &ec2.DescribeVolumesInput{}); err != nil {
		t.Fatal(err)
	}
	if _, err := client.DescribeInstances(t.Context(), &ec2.DescribeInstancesInput{}); err != nil {
		t.Fatal(err)
	}
	ended := sr.Ended()
	if len(ended) != 2 {
		t.Fatalf("got %d spans, want 2", len(ended))
	}
	for i, want := range []string{"DescribeVolumes", "DescribeInstances"} {
		s := ended[i]
		if s.Name() != "EC2."+want {
			t.Errorf("name = %q, want %q", s.Name(), "EC2."+want)
		}
		wantAttr(t, s, semconv.RPCSystemNameKey, "aws-api")
		wantAttr(t, s, semconv.RPCMethodKey, "EC2/"+want)
		wantAttr(t, s, semconv.HTTPResponseStatusCodeKey, "200")
		wantAttr(t, s, semconv.AWSRequestIDKey, fmt.Sprintf("req-%04d", i+1))
		wantAttr(t, s, semconv.CloudRegionKey, "us-west-2")
		wantAttr(t, s, semconv.HTTPRequestResendCountKey, "0")
		if _, ok := attrs(s)[semconv.HTTPResponseBodySizeKey]; !ok {
			t.Errorf("%s: http.response.body.size missing", s.Name())
		}
		if _, ok := attrs(s)[apicall.InvocationIDKey]; !ok {
			t.Errorf("%s: %s missing", s.Name(), apicall.InvocationIDKey)
		}
	}
}

func TestSDKRetries(t *testing.T) {
	tp, sr := recorder(t)
	srv := ec2Endpoint(t, 1, false)
	cfg := awsConfig(t, withTransport(t, tp))
	client := ec2.NewFromConfig(cfg, func(o *ec2.Options) { o.BaseEndpoint = aws.String(srv.URL) })
	if _, err := client.DescribeVolumes(t.Context(), &ec2.DescribeVolumesInput{}); err != nil {
		t.Fatal(err)
	}
	ended := sr.Ended()
	if len(ended) != 2 {
		t.Fatalf("got %d spans, want 2 (a 503 and its retry)", len(ended))
	}
	for i, s := range ended {
		if s.Name() != "EC2.DescribeVolumes" {
			t.Errorf("span %d name = %q", i, s.Name())
		}
		wantAttr(t, s, semconv.HTTPRequestResendCountKey, strconv.Itoa(i))
		call, _ := exporter.CallFromSpan(s)
		if call.Attempt != i+1 {
			t.Errorf("span %d: Attempt = %d, want %d", i, call.Attempt, i+1)
		}
	}
	wantAttr(t, ended[0], semconv.HTTPResponseStatusCodeKey, "503")
	if ended[0].Status().Code != codes.Error {
		t.Errorf("503 span status = %v, want Error", ended[0].Status())
	}
	wantAttr(t, ended[1], semconv.HTTPResponseStatusCodeKey, "200")
	id0 := attrs(ended[0])[apicall.InvocationIDKey].AsString()
	id1 := attrs(ended[1])[apicall.InvocationIDKey].AsString()
	if id0 == "" || id0 != id1 {
		t.Errorf("invocation ids %q and %q, want one shared non-empty id", id0, id1)
	}
	if ended[0].SpanContext().TraceID() == ended[1].SpanContext().TraceID() {
		// Each attempt is its own root span here (no parent in the context);
		// the invocation id is what groups them.
		t.Log("attempts share a trace")
	}
}

func TestSDKJSONProtocol(t *testing.T) {
	tp, sr := recorder(t)
	srv := fakeaws.New(t)
	srv.Respond("DynamoDB", "ListTables", fakeaws.Response{ // fakeaws adds X-Amz-Crc32
		Header: http.Header{"X-Amzn-Requestid": {"DDB0REQUESTID"}},
		Body:   []byte(`{"TableNames":["Music","Thread"]}`),
	})
	cfg := awsConfig(t, withTransport(t, tp))
	client := dynamodb.NewFromConfig(cfg, func(o *dynamodb.Options) { o.BaseEndpoint = aws.String(srv.URL) })
	out, err := client.ListTables(t.Context(), &dynamodb.ListTablesInput{})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.TableNames) != 2 {
		t.Errorf("TableNames = %v", out.TableNames)
	}
	if got := srv.Requests()[0].Header.Get("X-Amz-Target"); got != "DynamoDB_20120810.ListTables" {
		t.Errorf("X-Amz-Target = %q", got)
	}
	s := onlySpan(t, sr)
	if s.Name() != "DynamoDB.ListTables" {
		t.Errorf("name = %q, want DynamoDB.ListTables", s.Name())
	}
	wantAttr(t, s, semconv.RPCMethodKey, "DynamoDB/ListTables")
	wantAttr(t, s, semconv.AWSRequestIDKey, "DDB0REQUESTID")
	wantAttr(t, s, semconv.HTTPResponseBodySizeKey, strconv.Itoa(len(`{"TableNames":["Music","Thread"]}`)))
}

func TestSDKRESTProtocol(t *testing.T) {
	tp, sr := recorder(t)
	const object = "hello, object"
	srv := fakeaws.New(t)
	// GetObject answers with request IDs the span must carry.
	srv.Handle("S3", "GetObject", func(r *fakeaws.Request) (*fakeaws.Response, error) {
		return &fakeaws.Response{
			Header: http.Header{"X-Amz-Request-Id": {"S3REQ" + r.Method}, "X-Amz-Id-2": {"EXTENDED/" + r.Method}, "ETag": {`"etag"`}},
			Body:   []byte(object),
		}, nil
	})
	cfg := awsConfig(t, withTransport(t, tp))
	client := s3.NewFromConfig(cfg, func(o *s3.Options) {
		o.BaseEndpoint = aws.String(srv.URL)
		o.UsePathStyle = true
		o.DisableLogOutputChecksumValidationSkipped = true
	})
	if _, err := client.ListBuckets(t.Context(), &s3.ListBucketsInput{}); err != nil {
		t.Fatal(err)
	}
	if _, err := client.PutObject(t.Context(), &s3.PutObjectInput{Bucket: aws.String("bucket"), Key: aws.String("k"), Body: strings.NewReader(object)}); err != nil {
		t.Fatal(err)
	}
	got, err := client.GetObject(t.Context(), &s3.GetObjectInput{Bucket: aws.String("bucket"), Key: aws.String("k")})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(got.Body)
	got.Body.Close()
	if string(b) != object {
		t.Errorf("object = %q", b)
	}
	ended := sr.Ended()
	if len(ended) != 3 {
		t.Fatalf("got %d spans, want 3", len(ended))
	}
	for i, want := range []string{"ListBuckets", "PutObject", "GetObject"} {
		if ended[i].Name() != "S3."+want {
			t.Errorf("span %d name = %q, want S3.%s", i, ended[i].Name(), want)
		}
		wantAttr(t, ended[i], semconv.RPCMethodKey, "S3/"+want)
	}
	wantAttr(t, ended[2], semconv.AWSRequestIDKey, "S3REQGET")
	wantAttr(t, ended[2], semconv.AWSExtendedRequestIDKey, "EXTENDED/GET")
	wantAttr(t, ended[2], semconv.HTTPResponseBodySizeKey, strconv.Itoa(len(object)))
}

func TestSDKSTS(t *testing.T) {
	tp, sr := recorder(t)
	// fakeaws answers GetCallerIdentity for account 123456789012.
	srv := fakeaws.New(t, fakeaws.WithRequestIDs(func() string { return "STSREQ" }))
	cfg := awsConfig(t, withTransport(t, tp))
	client := sts.NewFromConfig(cfg, func(o *sts.Options) { o.BaseEndpoint = aws.String(srv.URL) })
	out, err := client.GetCallerIdentity(t.Context(), &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(out.Account) != "123456789012" {
		t.Errorf("Account = %q", aws.ToString(out.Account))
	}
	s := onlySpan(t, sr)
	if s.Name() != "STS.GetCallerIdentity" {
		t.Errorf("name = %q", s.Name())
	}
	wantAttr(t, s, semconv.AWSRequestIDKey, "STSREQ")
}

// caBundle writes the test server's certificate as a PEM file and points
// AWS_CA_BUNDLE at it, as corporate setups (and this CI machine) do.
func caBundle(t *testing.T, srv *fakeaws.Server) {
	path := filepath.Join(t.TempDir(), "ca.pem")
	pemBytes := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	if err := os.WriteFile(path, pemBytes, 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("AWS_CA_BUNDLE", path)
}

func TestInstrumentConfigCABundle(t *testing.T) {
	srv := ec2Endpoint(t, 0, true)
	caBundle(t, srv)

	t.Run("WithHTTPClient fails", func(t *testing.T) {
		// The problem InstrumentConfig exists for.
		_, err := config.LoadDefaultConfig(t.Context(), config.WithRegion("us-west-2"),
			config.WithHTTPClient(&http.Client{Transport: otelhook.NewTransport(nil)}))
		if err == nil || !strings.Contains(err.Error(), "WithTransportOptions") {
			t.Fatalf("err = %v, want the SDK's custom RootCAs error", err)
		}
	})

	t.Run("InstrumentConfig keeps the CA bundle", func(t *testing.T) {
		tp, sr := recorder(t)
		cfg := awsConfig(t)
		otelhook.InstrumentConfig(&cfg, otelhook.WithTracerProvider(tp))
		client := ec2.NewFromConfig(cfg, func(o *ec2.Options) { o.BaseEndpoint = aws.String(srv.URL) })
		if _, err := client.DescribeVolumes(t.Context(), &ec2.DescribeVolumesInput{}); err != nil {
			t.Fatalf("DescribeVolumes over TLS with AWS_CA_BUNDLE: %v", err)
		}
		// The call model: one call span and its one attempt.
		s, _ := callTree(t, sr, 1)
		if s.Name() != "EC2.DescribeVolumes" {
			t.Errorf("name = %q", s.Name())
		}
	})

	t.Run("without the bundle TLS fails", func(t *testing.T) {
		// Proves the success above came from the bundle.
		t.Setenv("AWS_CA_BUNDLE", "")
		tp, sr := recorder(t)
		cfg := awsConfig(t)
		otelhook.InstrumentConfig(&cfg, otelhook.WithTracerProvider(tp))
		client := ec2.NewFromConfig(cfg, func(o *ec2.Options) { o.BaseEndpoint = aws.String(srv.URL) })
		if _, err := client.DescribeVolumes(t.Context(), &ec2.DescribeVolumesInput{}); err == nil {
			t.Fatal("DescribeVolumes succeeded without the CA bundle")
		}
		ended := sr.Ended()
		if len(ended) == 0 {
			t.Fatal("no span for the failed attempts")
		}
		for _, s := range ended { // the call and one span per attempt the SDK made
			if call, _ := exporter.CallFromSpan(s); s.Status().Code != codes.Error || call.Err == nil || call.StatusCode != 0 {
				t.Errorf("status = %v, Call = %+v; want Error, Err set, StatusCode 0", s.Status(), call)
			}
		}
	})
}

func TestInstrumentConfigClients(t *testing.T) {
	srv := ec2Endpoint(t, 0, false)
	tests := []struct {
		name   string
		client aws.HTTPClient
	}{
		{"nil", nil},
		{"http.Client", &http.Client{Timeout: time.Minute}},
		{"other HTTPClient", doFunc(http.DefaultClient.Do)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tp, sr := recorder(t)
			cfg := aws.Config{Region: "us-west-2", HTTPClient: tt.client,
				Credentials: credentials.NewStaticCredentialsProvider("AKID", "SECRET", "")}
			otelhook.InstrumentConfig(&cfg, otelhook.WithTracerProvider(tp))
			if hc, ok := tt.client.(*http.Client); ok && hc.Transport != nil {
				t.Error("the caller's *http.Client was modified")
			}
			client := ec2.NewFromConfig(cfg, func(o *ec2.Options) { o.BaseEndpoint = aws.String(srv.URL) })
			if _, err := client.DescribeVolumes(context.Background(), &ec2.DescribeVolumesInput{}); err != nil {
				t.Fatal(err)
			}
			if s, _ := callTree(t, sr, 1); s.Name() != "EC2.DescribeVolumes" {
				t.Errorf("name = %q", s.Name())
			}
		})
	}
}

type doFunc func(*http.Request) (*http.Response, error)

func (f doFunc) Do(r *http.Request) (*http.Response, error) { return f(r) }
