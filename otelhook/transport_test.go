package otelhook_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.opentelemetry.io/otel/codes"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"
	"go.uber.org/goleak"

	"github.com/requesthook/requesthook/exporter"
	"github.com/requesthook/requesthook/internal/fakeaws"
	"github.com/requesthook/requesthook/otelhook"
)

const describeVolumesXML = `<?xml version="1.0" encoding="UTF-8"?>
<DescribeVolumesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
    <requestId>59dbff89-35bd-4eac-99ed-be587EXAMPLE</requestId>
    <volumeSet/>
</DescribeVolumesResponse>`

// describeVolumesAnswer is EC2's answer to DescribeVolumes, as ec2Server
// and fakeEC2 send it to every call.
var describeVolumesAnswer = fakeaws.Response{
	Header: http.Header{
		"X-Amzn-Requestid": {"59dbff89-35bd-4eac-99ed-be587EXAMPLE"},
		"Content-Type":     {"text/xml;charset=UTF-8"},
	},
	Body: []byte(describeVolumesXML),
}

// ec2Server answers every call, boto-style query-protocol calls included,
// the way EC2 answers DescribeVolumes.
func ec2Server(t testing.TB) *fakeaws.Server {
	t.Helper()
	srv := fakeaws.New(t)
	srv.Respond(fakeaws.Any, fakeaws.Any, describeVolumesAnswer)
	return srv
}

func TestTransportBotoStyleGET(t *testing.T) {
	srv := ec2Server(t)
	c, sr := client(t, nil)
	resp, err := c.Get(srv.URL + "/?Action=DescribeVolumes&Version=2016-11-15")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(body) != describeVolumesXML {
		t.Fatalf("body = %q, want the server's", body)
	}

	s := onlySpan(t, sr)
	if s.Name() != "DescribeVolumes" {
		t.Errorf("name = %q, want %q", s.Name(), "DescribeVolumes")
	}
	if s.SpanKind() != trace.SpanKindClient {
		t.Errorf("kind = %v, want client", s.SpanKind())
	}
	wantAttr(t, s, semconv.RPCSystemNameKey, "aws-api")
	wantAttr(t, s, semconv.RPCMethodKey, "DescribeVolumes")
	wantAttr(t, s, semconv.HTTPResponseStatusCodeKey, "200")
	wantAttr(t, s, semconv.HTTPResponseBodySizeKey, strconv.Itoa(len(describeVolumesXML)))
	wantAttr(t, s, semconv.AWSRequestIDKey, "59dbff89-35bd-4eac-99ed-be587EXAMPLE")
	wantAttr(t, s, semconv.HTTPRequestMethodKey, "GET")
	noAttr(t, s, semconv.HTTPRequestResendCountKey)

	call, ok := exporter.CallFromSpan(s)
	if !ok {
		t.Fatal("CallFromSpan = false, want true")
	}
	if call.Operation != "DescribeVolumes" || call.StatusCode != 200 || call.Size != int64(len(describeVolumesXML)) ||
		call.Attempt != 1 || call.Err != nil || call.RequestID == "" || call.Method != "GET" {
		t.Errorf("CallFromSpan = %+v", call)
	}
	if !call.End.After(call.Start) {
		t.Errorf("End %v not after Start %v", call.End, call.Start)
	}
}

func TestTransportFormPOST(t *testing.T) {
	srv := ec2Server(t)
	c, sr := client(t, nil)
	form := "Action=DescribeVolumes&Version=2016-11-15&VolumeId.1=vol-1"
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/", strings.NewReader(form))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	// A SigV4 signature names the service and region.
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20140226/us-west-2/ec2/aws4_request, SignedHeaders=host;x-amz-date, Signature=deadbeef")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()

	s := onlySpan(t, sr)
	if s.Name() != "EC2.DescribeVolumes" {
		t.Errorf("name = %q, want EC2.DescribeVolumes", s.Name())
	}
	wantAttr(t, s, semconv.RPCMethodKey, "EC2/DescribeVolumes")
	wantAttr(t, s, semconv.CloudRegionKey, "us-west-2")
	for _, kv := range s.Attributes() {
		if strings.Contains(kv.Value.Emit(), "deadbeef") || strings.Contains(kv.Value.Emit(), "AKIDEXAMPLE") {
			t.Errorf("attribute %s leaks the Authorization header: %q", kv.Key, kv.Value.Emit())
		}
	}
}

func TestTransportOperationFunc(t *testing.T) {
	srv := ec2Server(t)
	c, sr := client(t, nil, otelhook.WithOperationFunc(func(r *http.Request) (string, string, bool) {
		if strings.HasPrefix(r.URL.Path, "/users/") {
			return "Users", "GetUser", true
		}
		if strings.HasPrefix(r.URL.Path, "/v1/") {
			return "My/API", "GET /v1/{id}", true
		}
		return "", "", false
	}))
	for _, path := range []string{"/users/42", "/other", "/v1/7"} {
		resp, err := c.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	ended := sr.Ended()
	if len(ended) != 3 {
		t.Fatalf("got %d spans, want 3", len(ended))
	}
	if call, _ := exporter.CallFromSpan(ended[2]); call.Service != "My_API" || call.Operation != "GET /v1/{id}" {
		t.Errorf("Call = %q / %q, want the names the function gave, the service without '/'", call.Service, call.Operation)
	}
	if got := ended[0].Name(); got != "Users.GetUser" {
		t.Errorf("name = %q, want Users.GetUser", got)
	}
	wantAttr(t, ended[0], semconv.RPCMethodKey, "Users/GetUser")
	noAttr(t, ended[0], semconv.RPCSystemNameKey)
	if got := ended[1].Name(); got != "HTTP GET" {
		t.Errorf("name = %q, want otelhttp's default HTTP GET", got)
	}
	noAttr(t, ended[1], semconv.RPCMethodKey)
}

func TestTransportFailures(t *testing.T) {
	// A port nobody listens on.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refused := "http://" + ln.Addr().String() + "/?Action=DescribeVolumes"
	ln.Close()

	block := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-block:
		case <-r.Context().Done():
		}
	}))
	defer slow.Close()
	defer close(block)

	tlsSrv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	tlsSrv.Config.ErrorLog = log.New(io.Discard, "", 0) // the handshake failure is the point
	tlsSrv.StartTLS()
	defer tlsSrv.Close()

	tests := []struct {
		name string
		do   func(c *http.Client) error
	}{
		{"connection refused", func(c *http.Client) error {
			_, err := c.Get(refused)
			return err
		}},
		{"context cancelled", func(c *http.Client) error {
			ctx, cancel := context.WithCancel(t.Context())
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, slow.URL+"/?Action=DescribeVolumes", nil)
			go cancel()
			_, err := c.Do(req)
			return err
		}},
		{"TLS failure", func(c *http.Client) error {
			_, err := c.Get(tlsSrv.URL + "/?Action=DescribeVolumes")
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, sr := client(t, &http.Transport{})
			if err := tt.do(c); err == nil {
				t.Fatal("request succeeded, want an error")
			}
			s := onlySpan(t, sr)
			if s.Status().Code != codes.Error {
				t.Errorf("status = %v, want Error", s.Status())
			}
			if _, ok := attrs(s)[semconv.ErrorTypeKey]; !ok {
				t.Error("error.type missing")
			}
			call, ok := exporter.CallFromSpan(s)
			if !ok {
				t.Fatal("CallFromSpan = false")
			}
			if call.Err == nil || call.StatusCode != 0 || call.Operation != "DescribeVolumes" {
				t.Errorf("Call = %+v, want Err set, StatusCode 0, Operation DescribeVolumes", call)
			}
		})
	}
}

func TestTransportResponseBodySize(t *testing.T) {
	const payload = "0123456789abcdefghij" // 20 bytes
	mux := http.NewServeMux()
	mux.HandleFunc("/length", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", strconv.Itoa(len(payload)))
		io.WriteString(w, payload)
	})
	mux.HandleFunc("/chunked", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, payload[:10])
		w.(http.Flusher).Flush() // no Content-Length: chunked
		io.WriteString(w, payload[10:])
	})
	mux.HandleFunc("/gzip", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		zw := gzip.NewWriter(w)
		io.WriteString(zw, payload)
		zw.Close()
	})
	mux.HandleFunc("/nocontent", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	read := func(n int) func(io.Reader) {
		return func(r io.Reader) { io.CopyN(io.Discard, r, int64(n)) }
	}
	all := func(r io.Reader) { io.Copy(io.Discard, r) }
	tests := []struct {
		name, method, path string
		consume            func(io.Reader)
		close              bool
		want               string
	}{
		{"length never read", "GET", "/length", read(0), true, "20"},
		{"chunked never read", "GET", "/chunked", read(0), true, "0"},
		{"chunked closed early", "GET", "/chunked", read(5), true, "5"},
		{"chunked EOF without close", "GET", "/chunked", all, false, "20"},
		{"chunked EOF then close", "GET", "/chunked", all, true, "20"},
		{"gzip unknown length", "GET", "/gzip", all, true, "20"},
		{"HEAD", "HEAD", "/length", all, true, "0"},
		{"204", "GET", "/nocontent", all, true, "0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
			base := &http.Transport{}
			defer base.CloseIdleConnections()
			c, sr := client(t, base)
			req, _ := http.NewRequest(tt.method, srv.URL+tt.path, nil)
			resp, err := c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			tt.consume(resp.Body)
			if tt.close {
				resp.Body.Close()
			}
			s := onlySpan(t, sr)
			wantAttr(t, s, semconv.HTTPResponseBodySizeKey, tt.want)
			if !tt.close {
				resp.Body.Close()
			}
			if n := len(sr.Ended()); n != 1 {
				t.Errorf("after Close: %d ended spans, want 1", n)
			}
		})
	}
}

// dumpServer records every request's raw bytes as the server saw them.
type dumpServer struct {
	*httptest.Server
	mu    sync.Mutex
	dumps [][]byte
}

func newDumpServer(t testing.TB) *dumpServer {
	d := &dumpServer{}
	d.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, err := httputil.DumpRequest(r, true)
		if err != nil { // a broken request body: keep what was read
			b = append(b, "\n<read error: "+err.Error()+">"...)
		}
		d.mu.Lock()
		d.dumps = append(d.dumps, b)
		d.mu.Unlock()
	}))
	t.Cleanup(d.Close)
	return d
}

func (d *dumpServer) last() []byte {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.dumps[len(d.dumps)-1]
}

func TestTransportBadInput(t *testing.T) {
	srv := newDumpServer(t)
	huge := "Action=DescribeVolumes&Data=" + strings.Repeat("x", 70<<10)
	tests := []struct {
		name, method, query, ctype, body string
		wantOp                           string
	}{
		{"malformed form", "POST", "", "application/x-www-form-urlencoded", "Action=%zz&%%%&=&", ""},
		{"huge form is not read", "POST", "", "application/x-www-form-urlencoded", huge, ""},
		{"quote in Action", "GET", "Action=Describe'Volumes", "", "", ""},
		{"invalid UTF-8 in Action", "POST", "", "application/x-www-form-urlencoded", "Action=Desc\xff\xferibe", ""},
		{"newline in Action", "GET", "Action=Describe%0AVolumes", "", "", ""},
		{"percent-encoded Action", "GET", "Action=Describe%56olumes", "", "", "DescribeVolumes"},
		{"Action in form", "POST", "", "application/x-www-form-urlencoded", "Version=1&Action=RunInstances", "RunInstances"},
		{"form with no Action", "POST", "", "application/x-www-form-urlencoded", "Version=1", ""},
		{"not a form", "POST", "", "application/json", `{"Action":"X"}`, ""},
		{"empty body", "POST", "", "application/x-www-form-urlencoded", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			build := func() *http.Request {
				var body io.Reader
				if tt.body != "" {
					body = strings.NewReader(tt.body)
				}
				req, err := http.NewRequest(tt.method, srv.URL+"/path?"+tt.query, body)
				if err != nil {
					t.Fatal(err)
				}
				if tt.ctype != "" {
					req.Header.Set("Content-Type", tt.ctype)
				}
				return req
			}
			bare := &http.Client{Transport: &http.Transport{}}
			resp, err := bare.Do(build())
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			want := srv.last()

			c, sr := client(t, &http.Transport{})
			req := build()
			before, _ := httputil.DumpRequestOut(req, false)
			resp, err = c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if got := srv.last(); !bytes.Equal(got, want) {
				t.Errorf("wire request differs:\ngot  %q\nwant %q", got, want)
			}
			if after, _ := httputil.DumpRequestOut(req, false); !bytes.Equal(before, after) {
				t.Errorf("caller's request modified:\nbefore %q\nafter  %q", before, after)
			}
			s := onlySpan(t, sr)
			call, _ := exporter.CallFromSpan(s)
			if call.Operation != tt.wantOp {
				t.Errorf("Operation = %q, want %q", call.Operation, tt.wantOp)
			}
		})
	}
}

func TestTransportShortBody(t *testing.T) {
	// A body shorter than its Content-Length fails the same way with or
	// without the Transport.
	srv := newDumpServer(t)
	build := func() *http.Request {
		req, _ := http.NewRequest(http.MethodPost, srv.URL, strings.NewReader("Action=X"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.ContentLength = 20
		req.GetBody = nil
		return req
	}
	_, bareErr := (&http.Client{Transport: &http.Transport{}}).Do(build())
	if bareErr == nil {
		t.Fatal("net/http alone sent a body shorter than its Content-Length")
	}
	// net/http itself sometimes reports the closed connection instead of the
	// length mismatch (about 2 requests in 1,000 under -race, with or without
	// the Transport): a few tries must show the mismatch.
	const mismatch = "ContentLength=20 with Body length 8"
	var err error
	for try := 0; try < 5; try++ {
		c, sr := client(t, &http.Transport{})
		_, err = c.Do(build())
		if err == nil {
			t.Fatal("the Transport sent a body shorter than its Content-Length")
		}
		if s := onlySpan(t, sr); s.Status().Code != codes.Error {
			t.Errorf("status = %v, want Error", s.Status())
		}
		if strings.Contains(err.Error(), mismatch) {
			return
		}
		t.Logf("try %d: err = %v (net/http's closed-connection race); trying again", try+1, err)
	}
	t.Errorf("err = %v, want net/http's length mismatch %q", err, mismatch)
}

func TestTransportBodyReadError(t *testing.T) {
	srv := newDumpServer(t)
	boom := errors.New("disk on fire")
	req, _ := http.NewRequest(http.MethodPost, srv.URL, io.MultiReader(strings.NewReader("Action=Run"), errAfter{boom}))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.ContentLength = 20
	c, sr := client(t, &http.Transport{})
	_, err := c.Do(req)
	if !errors.Is(err, boom) {
		t.Errorf("err = %v, want it to wrap %v", err, boom)
	}
	onlySpan(t, sr)
}

type errAfter struct{ err error }

func (e errAfter) Read([]byte) (int, error) { return 0, e.err }

func TestTransportRedactsURL(t *testing.T) {
	srv := newDumpServer(t)
	c, sr := client(t, nil)
	u := strings.Replace(srv.URL, "http://", "http://user:pa55@", 1) +
		"/bucket/key?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDSECRET%2F20140226%2Fus-east-1%2Fs3%2Faws4_request" +
		"&X-Amz-Signature=s1gnature&x-amz-security-token=t0ken&X-Amz-Signature=s1gnature2&%53ignature=s3cret&sig=azur3&keep=yes"
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	s := onlySpan(t, sr)
	got := attrs(s)[semconv.URLFullKey].AsString()
	for _, secret := range []string{"AKIDSECRET", "s1gnature", "t0ken", "s3cret", "azur3", "pa55", "user"} {
		if strings.Contains(got, secret) {
			t.Errorf("url.full = %q leaks %q", got, secret)
		}
	}
	if !strings.Contains(got, "REDACTED:REDACTED@") || !strings.Contains(got, "keep=yes") {
		t.Errorf("url.full = %q, want userinfo REDACTED:REDACTED and other parameters kept", got)
	}
	// The region still comes from the credential scope.
	wantAttr(t, s, semconv.CloudRegionKey, "us-east-1")
	if s.Name() != "S3.GetObject" {
		t.Errorf("name = %q, want S3.GetObject", s.Name())
	}
}

func TestTransportNoHeaderValues(t *testing.T) {
	srv := newDumpServer(t)
	c, sr := client(t, nil)
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/?Action=DescribeVolumes", nil)
	secrets := map[string]string{
		"Authorization":        "AWS4-HMAC-SHA256 Credential=AKIDLEAK/20140226/us-east-1/ec2/aws4_request, Signature=leak1",
		"Cookie":               "session=leak2",
		"X-Amz-Security-Token": "leak3",
		"X-Api-Key":            "leak4",
	}
	for k, v := range secrets {
		req.Header.Set(k, v)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	s := onlySpan(t, sr)
	for _, kv := range s.Attributes() {
		for _, leak := range []string{"AKIDLEAK", "leak1", "leak2", "leak3", "leak4"} {
			if strings.Contains(kv.Value.Emit(), leak) {
				t.Errorf("attribute %s = %q carries a header secret", kv.Key, kv.Value.Emit())
			}
		}
	}
	if strings.Contains(s.Name(), "leak") {
		t.Errorf("span name %q leaks", s.Name())
	}
}

// closeCounting is a request body that counts its Close calls.
type closeCounting struct {
	io.Reader
	closes atomic.Int32
}

func (c *closeCounting) Close() error {
	c.closes.Add(1)
	return nil
}

func TestTransportClosesRequestBodyOnce(t *testing.T) {
	srv := newDumpServer(t)
	tests := []struct {
		name   string
		body   string
		length int64
	}{
		{"read whole", "Action=DescribeVolumes", 22},
		{"shorter than announced", "Action=DescribeVolumes", 30},
		{"longer than announced", "Action=DescribeVolumes&More=1", 22},
		{"unknown length", "Action=DescribeVolumes", -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := &closeCounting{Reader: strings.NewReader(tt.body)}
			req, _ := http.NewRequest(http.MethodPost, srv.URL, body)
			req.ContentLength = tt.length
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			c, _ := client(t, &http.Transport{})
			if resp, err := c.Do(req); err == nil {
				resp.Body.Close()
			}
			c.CloseIdleConnections()
			// net/http may close the body from its write goroutine.
			deadline := time.Now().Add(5 * time.Second)
			for body.closes.Load() == 0 && time.Now().Before(deadline) {
				time.Sleep(time.Millisecond)
			}
			time.Sleep(20 * time.Millisecond)
			if n := body.closes.Load(); n != 1 {
				t.Errorf("request body closed %d times, want 1", n)
			}
		})
	}
}

func TestTransportNilURL(t *testing.T) {
	c, sr := client(t, &http.Transport{})
	req, _ := http.NewRequest(http.MethodGet, "http://example.com/", nil)
	req.URL = nil
	if _, err := c.Transport.RoundTrip(req); err == nil {
		t.Fatal("RoundTrip with a nil URL succeeded")
	}
	if s := onlySpan(t, sr); s.Status().Code != codes.Error {
		t.Errorf("status = %v, want Error", s.Status())
	}
}
