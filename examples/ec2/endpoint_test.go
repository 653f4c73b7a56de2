package main

import (
	"context"
	"encoding/xml"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// ec2Error is EC2's error document.
type ec2Error struct {
	XMLName   xml.Name `xml:"Response"`
	Code      string   `xml:"Errors>Error>Code"`
	Message   string   `xml:"Errors>Error>Message"`
	RequestID string   `xml:"RequestID"`
}

func TestEndpoint(t *testing.T) {
	ep, err := startEndpoint()
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := ep.Close(context.Background()); err != nil {
			t.Errorf("Close: %v", err)
		}
	}()
	const signed = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=00"

	for _, tc := range []struct {
		name      string
		method    string
		query     string // for GET
		form      string // for POST
		auth      string
		status    int
		errCode   string // "" for success
		root      string // success document element
		wantInMsg string
		chunked   bool
	}{
		{name: "DescribeVolumes", method: "POST", form: "Action=DescribeVolumes&Version=2016-11-15", auth: signed,
			status: 200, root: "DescribeVolumesResponse"},
		{name: "boto-style GET", method: "GET", query: "Action=DescribeVolumes&Version=2016-11-15", auth: signed,
			status: 200, root: "DescribeVolumesResponse"},
		{name: "DescribeInstances is chunked", method: "POST", form: "Action=DescribeInstances&Version=2016-11-15", auth: signed,
			status: 200, root: "DescribeInstancesResponse", chunked: true},
		{name: "unknown volume", method: "POST", form: "Action=DescribeVolumes&VolumeId.1=vol-049df61146c4d7901&VolumeId.2=vol-%3Cx%3E", auth: signed,
			status: 400, errCode: "InvalidVolume.NotFound", wantInMsg: "The volume 'vol-<x>' does not exist."},
		{name: "unsigned", method: "POST", form: "Action=DescribeVolumes",
			status: 401, errCode: "AuthFailure"},
		{name: "unknown action", method: "POST", form: "Action=RunInstances", auth: signed,
			status: 400, errCode: "InvalidAction", wantInMsg: "RunInstances"},
		{name: "no action", method: "POST", form: "Version=2016-11-15", auth: signed,
			status: 400, errCode: "MissingAction"},
		{name: "malformed form", method: "POST", form: "Action=%zz", auth: signed,
			status: 400, errCode: "MalformedQueryString"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var body io.Reader
			u := ep.URL + "/"
			if tc.method == "GET" {
				u += "?" + tc.query
			} else {
				body = strings.NewReader(tc.form)
			}
			req, err := http.NewRequest(tc.method, u, body)
			if err != nil {
				t.Fatal(err)
			}
			if body != nil {
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
			}
			if tc.auth != "" {
				req.Header.Set("Authorization", tc.auth)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, err := io.ReadAll(resp.Body)
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d; body:\n%s", resp.StatusCode, tc.status, b)
			}
			id := resp.Header.Get("x-amzn-RequestId")
			if len(id) != 36 {
				t.Errorf("x-amzn-RequestId = %q, want a UUID", id)
			}
			if got := resp.Header.Get("Content-Type"); got != "text/xml;charset=UTF-8" {
				t.Errorf("Content-Type = %q", got)
			}
			if chunked := resp.ContentLength < 0; chunked != tc.chunked {
				t.Errorf("ContentLength = %d, chunked = %v, want %v", resp.ContentLength, chunked, tc.chunked)
			}
			if tc.errCode != "" {
				var e ec2Error
				if err := xml.Unmarshal(b, &e); err != nil {
					t.Fatalf("error body is not EC2's error document: %v\n%s", err, b)
				}
				if e.Code != tc.errCode || e.RequestID != id || !strings.Contains(e.Message, tc.wantInMsg) {
					t.Errorf("error = %+v, want code %s, message containing %q, RequestID %s", e, tc.errCode, tc.wantInMsg, id)
				}
				return
			}
			var doc struct {
				XMLName   xml.Name
				RequestID string `xml:"requestId"`
			}
			if err := xml.Unmarshal(b, &doc); err != nil {
				t.Fatalf("body is not XML: %v\n%s", err, b)
			}
			if doc.XMLName.Local != tc.root || doc.XMLName.Space != "http://ec2.amazonaws.com/doc/2016-11-15/" {
				t.Errorf("document element %v, want %s in EC2's namespace", doc.XMLName, tc.root)
			}
			if doc.RequestID != id {
				t.Errorf("requestId %q in the body, %q in the header", doc.RequestID, id)
			}
		})
	}
}

// TestEndpointThrottles: every other DescribeAvailabilityZones request is
// throttled the way EC2 throttles.
func TestEndpointThrottles(t *testing.T) {
	ep, err := startEndpoint()
	if err != nil {
		t.Fatal(err)
	}
	defer ep.Close(context.Background())
	var got []int
	for range 4 {
		req, _ := http.NewRequest("POST", ep.URL, strings.NewReader(url.Values{"Action": {"DescribeAvailabilityZones"}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Authorization", "AWS4-HMAC-SHA256 x")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		got = append(got, resp.StatusCode)
		if resp.StatusCode == http.StatusServiceUnavailable {
			var e ec2Error
			if err := xml.Unmarshal(b, &e); err != nil || e.Code != "RequestLimitExceeded" {
				t.Errorf("throttle body = %+v (%v), want RequestLimitExceeded", e, err)
			}
		}
	}
	if want := []int{503, 200, 503, 200}; !equalInts(got, want) {
		t.Errorf("statuses %v, want %v", got, want)
	}
	if ep.Total() != 4 {
		t.Errorf("Total() = %d, want 4", ep.Total())
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestJaegerUI(t *testing.T) {
	for _, tc := range []struct{ endpoint, want string }{
		{"http://localhost:4318", "http://localhost:16686"},
		{"http://jaeger:4318/", "http://jaeger:16686"},
		{"https://otel.example.com:443/v1/traces", "http://otel.example.com:16686"},
		{"127.0.0.1:4317", "http://127.0.0.1:16686"},
		{"http://[::1]:4318", "http://[::1]:16686"},
		{"::::", "http://localhost:16686"},
	} {
		if got := jaegerUI(tc.endpoint); got != tc.want {
			t.Errorf("jaegerUI(%q) = %q, want %q", tc.endpoint, got, tc.want)
		}
	}
}
