//go:build !race

package otelhook

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/smithy-go/middleware"
)

// TestAttemptAllocs pins at zero allocations the per-attempt work the stage
// adds to otelhttp's besides the span's attributes: naming an attempt from
// its call, the call's names once derived, the span name otelhttp starts
// with, reading a 2xx response (no error-code reader is set up below
// status 400), the request body checks, a top-level JSON member, and the
// error of an attempt whose type is not one of the stable ones.
func TestAttemptAllocs(t *testing.T) {
	ctx := middleware.WithStackValue(context.Background(), struct{}{}, nil) // the SDK's stack values
	ctx = awsmiddleware.SetServiceID(ctx, "EC2")
	ctx = awsmiddleware.SetOperationName(ctx, "DescribeVolumes")
	cc := &callContext{Context: ctx}
	var d0 detection
	d0.set("EC2", "DescribeVolumes", nil, true)
	cc.st.service, cc.st.operation, cc.st.name, cc.st.rpcMethod = d0.service, d0.operation, d0.name, d0.rpcMethod
	const form = "Action=DescribeVolumes&Version=2016-11-15"
	r, _ := http.NewRequestWithContext(cc, http.MethodPost, "http://127.0.0.1:8080/", strings.NewReader(form))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	r.Header.Set("Amz-Sdk-Request", "attempt=2; max=3")
	r.Header.Set("Amz-Sdk-Invocation-Id", "9781ff20-09ea-41e4-93a7-e4e2b330c17e")
	resp := &http.Response{StatusCode: 200, ContentLength: 221, Body: io.NopCloser(strings.NewReader("")),
		Header: http.Header{"X-Amzn-Requestid": {"req-1"}}, Request: r}
	body := []byte(`{"MessageBody":"{\"QueueUrl\":1}","Item":{"QueueUrl":{"S":"no"}},"QueueUrl":"https://q/1"}`)
	plain := errors.New("EOF")
	tests := []struct {
		name string
		f    func()
	}{
		{"names and fromCall", func() {
			st := callStateFrom(r.Context())
			if st == nil || !st.names(r) {
				t.Fatal("the attempt is not named by its call")
			}
			var d detection
			d.fromCall(r, st)
			if c := d.call(r, nil); c.Operation != "DescribeVolumes" || c.Attempt != 2 || c.InvocationID != "" {
				t.Fatalf("call = %+v", c)
			}
		}},
		{"2xx response", func() {
			var d detection
			c := d.call(r, nil)
			readResponse(&c, r, resp)
			if countBody(resp) || resp.StatusCode >= 400 {
				t.Fatal("a 2xx response with a length needs no wrapper")
			}
		}},
		{"body checks", func() {
			if !smallBody(r) || !isForm(r) || isJSON(r) || resourceBody("EC2", r) {
				t.Fatal("wrong body checks")
			}
		}},
		{"jsonMember", func() {
			if v := jsonMember(body, "QueueUrl"); string(v) != `"https://q/1"` {
				t.Fatalf("jsonMember = %s", v)
			}
		}},
		{"callNames", func() {
			if d := callNames("EC2", "DescribeVolumes"); d.name != "EC2.DescribeVolumes" || d.rpcMethod != "EC2/DescribeVolumes" {
				t.Fatalf("callNames = %+v", d)
			}
		}},
		{"httpSpanName", func() {
			if httpSpanName("", r) != "HTTP POST" {
				t.Fatal("wrong name")
			}
		}},
		{"typedError", func() {
			if typedError(plain) != plain {
				t.Fatal("an unstable error was wrapped")
			}
		}},
	}
	for _, tt := range tests {
		if n := testing.AllocsPerRun(1000, tt.f); n != 0 {
			t.Errorf("%s: %v allocs/op, want 0", tt.name, n)
		}
	}
}
