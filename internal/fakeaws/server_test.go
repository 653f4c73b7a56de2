package fakeaws_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"

	"github.com/requesthook/requesthook/internal/fakeaws"
)

// TestStartClose: the program API serves until Close, and then no more.
func TestStartClose(t *testing.T) {
	srv, err := fakeaws.Start()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(srv.URL, "http://127.0.0.1:") {
		t.Errorf("URL = %q, want http://127.0.0.1:port", srv.URL)
	}
	resp, err := http.Get(srv.URL + "/?Action=DescribeVolumes")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if err := srv.Close(context.Background()); err != nil {
		t.Errorf("Close: %v", err)
	}
	if err := srv.Close(context.Background()); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if resp, err := http.Get(srv.URL + "/?Action=DescribeVolumes"); err == nil {
		resp.Body.Close()
		t.Error("the Server answers after Close")
	}
}

// TestIdentify checks how raw requests are named and answered.
func TestIdentify(t *testing.T) {
	srv := fakeaws.New(t)
	const form = "application/x-www-form-urlencoded"
	for _, tc := range []struct {
		name, method, path, ctype, body string
		header                          http.Header
		service, op                     string
		protocol                        fakeaws.Protocol
		status                          int
		errCode                         string // in the body or x-amzn-ErrorType
	}{
		{name: "boto GET", method: "GET", path: "/?Action=DescribeVolumes&Version=2016-11-15",
			service: "EC2", op: "DescribeVolumes", protocol: fakeaws.EC2Query, status: 200},
		{name: "service from the credential scope", method: "POST", path: "/", ctype: form, body: "Action=GetCallerIdentity",
			header:  http.Header{"Authorization": {"AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=00"}},
			service: "STS", op: "GetCallerIdentity", protocol: fakeaws.Query, status: 200},
		{name: "no Action", method: "POST", path: "/", ctype: form, body: "Version=2016-11-15",
			service: "EC2", protocol: fakeaws.EC2Query, status: 400, errCode: "MissingAction"},
		{name: "malformed form", method: "POST", path: "/", ctype: form + "; charset=utf-8", body: "Action=%zz",
			service: "EC2", protocol: fakeaws.EC2Query, status: 400, errCode: "MalformedQueryString"},
		{name: "unknown JSON operation", method: "POST", path: "/", ctype: "application/x-amz-json-1.0", body: "{}",
			header:  http.Header{"X-Amz-Target": {"DynamoDB_20120810.Nope"}},
			service: "DynamoDB", op: "Nope", protocol: fakeaws.JSON, status: 400, errCode: "UnknownOperationException"},
		{name: "other JSON service", method: "POST", path: "/", ctype: "application/x-amz-json-1.1", body: "{}",
			header:  http.Header{"X-Amz-Target": {"AWSEvents.PutEvents"}},
			service: "AWSEvents", op: "PutEvents", protocol: fakeaws.JSON, status: 400, errCode: "UnknownOperationException"},
		{name: "Lambda", method: "GET", path: "/2015-03-31/functions/f/aliases",
			service: "Lambda", op: "GET /2015-03-31/functions/f/aliases", protocol: fakeaws.RESTJSON, status: 404, errCode: "UnknownOperationException"},
		{name: "S3", method: "PUT", path: "/b/k?tagging", body: "<Tagging/>",
			service: "S3", op: "PutObjectTagging", protocol: fakeaws.RESTXML, status: 501, errCode: "NotImplemented"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, err := http.NewRequest(tc.method, srv.URL+tc.path, strings.NewReader(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			for k, vs := range tc.header {
				req.Header[k] = vs
			}
			if tc.ctype != "" {
				req.Header.Set("Content-Type", tc.ctype)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tc.status {
				t.Errorf("status %d, want %d", resp.StatusCode, tc.status)
			}
			if tc.errCode != "" && !strings.Contains(string(b), tc.errCode) && resp.Header.Get("X-Amzn-ErrorType") != tc.errCode {
				t.Errorf("response lacks %s: %v\n%s", tc.errCode, resp.Header, b)
			}
			r := srv.Requests()[srv.Total()-1]
			if r.Service != tc.service || r.Operation != tc.op || r.Protocol != tc.protocol || r.Status != tc.status {
				t.Errorf("recorded %q.%q %v %d, want %q.%q %v %d", r.Service, r.Operation, r.Protocol, r.Status, tc.service, tc.op, tc.protocol, tc.status)
			}
			if string(r.Body) != tc.body || r.Method != tc.method {
				t.Errorf("recorded %s with body %q, want %s with %q", r.Method, r.Body, tc.method, tc.body)
			}
		})
	}
}

// TestConcurrent configures and calls the Server from many goroutines; with
// -race it proves the Server safe for concurrent use.
func TestConcurrent(t *testing.T) {
	srv := fakeaws.New(t)
	c := ec2.NewFromConfig(sdkConfig(t), func(o *ec2.Options) { o.BaseEndpoint = aws.String(srv.URL) })
	const goroutines, calls = 8, 10
	// Fewer failures than attempts: whichever calls they hit, all succeed.
	const failures = maxAttempts - 1
	srv.FailNext("EC2", "DescribeVolumes", failures, fakeaws.Error{Status: 503, Code: "RequestLimitExceeded", Message: "Request limit exceeded."})
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			for i := range calls {
				srv.Respond("EC2", fmt.Sprintf("Op%d", g), fakeaws.Response{})
				if _, err := c.DescribeVolumes(t.Context(), &ec2.DescribeVolumesInput{}); err != nil {
					t.Errorf("call %d: %v", i, err)
				}
				_ = srv.Requests()
				_ = srv.Count("EC2", fakeaws.Any)
			}
		})
	}
	wg.Wait()
	if got, want := srv.Count("EC2", "DescribeVolumes"), goroutines*calls+failures; got != want {
		t.Errorf("Count = %d, want %d (every call, plus a retry for each failure)", got, want)
	}
	failed := 0
	for _, r := range srv.Requests() {
		if r.Status == 503 {
			failed++
		}
	}
	if failed != failures {
		t.Errorf("%d requests failed, want %d", failed, failures)
	}
}

// TestWithoutLog: the Server counts but keeps nothing.
func TestWithoutLog(t *testing.T) {
	srv := fakeaws.New(t, fakeaws.WithoutLog())
	c := ec2.NewFromConfig(sdkConfig(t), func(o *ec2.Options) { o.BaseEndpoint = aws.String(srv.URL) })
	for range 3 {
		if _, err := c.DescribeVolumes(t.Context(), &ec2.DescribeVolumesInput{}); err != nil {
			t.Fatal(err)
		}
	}
	if got := srv.Count("EC2", "DescribeVolumes"); got != 3 {
		t.Errorf("Count = %d, want 3", got)
	}
	if got := srv.Total(); got != 3 {
		t.Errorf("Total = %d, want 3", got)
	}
	if got := len(srv.Requests()); got != 0 {
		t.Errorf("Requests() has %d, want none", got)
	}
}
