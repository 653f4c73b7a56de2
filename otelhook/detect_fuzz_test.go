package otelhook_test

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/requesthook/requesthook/exporter"
)

// captureRT is a base RoundTripper that keeps what it was asked to send.
type captureRT struct {
	header http.Header
	body   []byte
	err    error
}

func (c *captureRT) RoundTrip(r *http.Request) (*http.Response, error) {
	c.header = r.Header.Clone()
	if r.Body != nil {
		c.body, c.err = io.ReadAll(r.Body)
		r.Body.Close()
	}
	return &http.Response{StatusCode: 200, Body: http.NoBody, ContentLength: 0, Request: r, Header: http.Header{}}, nil
}

func FuzzDetect(f *testing.F) {
	f.Add("POST", "/", "application/x-www-form-urlencoded", "", "Action=DescribeVolumes&Version=2016-11-15")
	f.Add("GET", "/?Action=Describe%27Volumes", "", "", "")
	f.Add("POST", "/", "application/x-amz-json-1.0", "DynamoDB_20120810.GetItem", `{"TableName":"t"}`)
	f.Add("PUT", "/bucket/key?partNumber=1&uploadId=x", "", "", "data")
	f.Add("POST", "/", "application/x-www-form-urlencoded; charset=utf-8", "", "Action=\xff\xfe&Action=Run")
	f.Add("DELETE", "/bucket?tagging", "", ".", "%%%")
	f.Fuzz(func(t *testing.T, method, target, ctype, amzTarget, body string) {
		if !validMethod(method) {
			method = "POST"
		}
		req, err := http.NewRequest(method, "http://s3.us-west-2.amazonaws.com"+target, strings.NewReader(body))
		if err != nil {
			t.Skip()
		}
		req.Header.Set("Content-Type", ctype)
		req.Header.Set("X-Amz-Target", amzTarget)
		wantHeader := req.Header.Clone()

		base := &captureRT{}
		c, sr := client(t, base)
		resp, err := c.Do(req)
		if err != nil {
			t.Fatalf("RoundTrip: %v", err)
		}
		resp.Body.Close()
		if base.err != nil || !bytes.Equal(base.body, []byte(body)) {
			t.Fatalf("base got body %q (err %v), want %q", base.body, base.err, body)
		}
		for k, v := range wantHeader {
			if got := base.header[k]; strings.Join(got, "\x00") != strings.Join(v, "\x00") {
				t.Fatalf("header %s = %q, want %q", k, got, v)
			}
		}
		s := onlySpan(t, sr)
		if !utf8.ValidString(s.Name()) {
			t.Fatalf("span name %q is not UTF-8", s.Name())
		}
		call, ok := exporter.CallFromSpan(s)
		if !ok {
			t.Fatal("CallFromSpan = false")
		}
		for _, r := range call.Operation {
			if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '_' || r == '-') {
				t.Fatalf("operation %q has %q", call.Operation, r)
			}
		}
	})
}

func validMethod(m string) bool {
	if m == "" {
		return false
	}
	for i := 0; i < len(m); i++ {
		if c := m[i]; c <= ' ' || c >= 0x7f || strings.IndexByte(`()<>@,;:\"/[]?={}`, c) >= 0 {
			return false
		}
	}
	return true
}
