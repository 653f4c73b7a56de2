package main

import (
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/protobuf/proto"
)

// otlpReceiver is an OTLP/HTTP trace receiver that decodes the protobuf
// requests it gets.
type otlpReceiver struct {
	mu       sync.Mutex
	requests []*coltracepb.ExportTraceServiceRequest
	status   int // answer with this status instead of 200 when set
}

func (o *otlpReceiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/v1/traces" || r.Header.Get("Content-Type") != "application/x-protobuf" {
		http.Error(w, "want protobuf on /v1/traces", http.StatusNotFound)
		return
	}
	var body io.Reader = r.Body
	if r.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		body = zr
	}
	b, err := io.ReadAll(body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	req := new(coltracepb.ExportTraceServiceRequest)
	if err := proto.Unmarshal(b, req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	o.mu.Lock()
	status := o.status
	if status == 0 {
		o.requests = append(o.requests, req)
	}
	o.mu.Unlock()
	if status != 0 {
		http.Error(w, "rejected", status)
		return
	}
	resp, _ := proto.Marshal(&coltracepb.ExportTraceServiceResponse{})
	w.Header().Set("Content-Type", "application/x-protobuf")
	w.Write(resp)
}

// spans returns the received spans with their resources' service names.
func (o *otlpReceiver) spans() (spans []*tracepb.Span, services []string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, req := range o.requests {
		for _, rs := range req.ResourceSpans {
			var svc string
			for _, kv := range rs.GetResource().GetAttributes() {
				if kv.Key == "service.name" {
					svc = kv.Value.GetStringValue()
				}
			}
			for _, ss := range rs.ScopeSpans {
				for _, s := range ss.Spans {
					spans = append(spans, s)
					services = append(services, svc)
				}
			}
		}
	}
	return spans, services
}

func otlpEnv(t *testing.T, url string) {
	t.Setenv("OTEL_TRACES_EXPORTER", "otlp")
	t.Setenv("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", url)
	t.Setenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "")
	t.Setenv("OTEL_SERVICE_NAME", "legacy-billing")
	t.Setenv("OTEL_TRACES_SAMPLER", "")
}

// TestReplayOTLP replays the golden log to a local OTLP/HTTP receiver: every
// line arrives as a span with its original start and end time, under the
// service named by OTEL_SERVICE_NAME.
func TestReplayOTLP(t *testing.T) {
	recv := &otlpReceiver{}
	srv := httptest.NewServer(recv)
	defer srv.Close()
	otlpEnv(t, srv.URL)

	path, cases := writeGolden(t, "'2014-02-26 21:38:27', '200', 'fast', '592', 'DescribeVolumes'\n")
	code, out, errOut := runCmd(t, t.Context(), "", "replay", "-tz", "UTC", path)
	if code != 0 {
		t.Fatalf("exit %d\nstderr: %s", code, errOut)
	}
	if want := fmt.Sprintf("replayed %d lines: %d spans sent, 1 line rejected\n", len(cases)+1, len(cases)); out != want {
		t.Errorf("stdout %q, want %q", out, want)
	}
	if want := fmt.Sprintf("%s:%d: column 32: duration: want a number of seconds\n", path, len(cases)+1); errOut != want {
		t.Errorf("stderr %q, want %q", errOut, want)
	}

	spans, services := recv.spans()
	if len(spans) != len(cases) {
		t.Fatalf("received %d spans, want %d", len(spans), len(cases))
	}
	byEnd := make(map[string][]*tracepb.Span)
	for i, s := range spans {
		if services[i] != "legacy-billing" {
			t.Errorf("span %q from service %q", s.Name, services[i])
		}
		if s.Kind != tracepb.Span_SPAN_KIND_CLIENT || len(s.ParentSpanId) != 0 {
			t.Errorf("span %q: kind %v, parent %x; want a CLIENT root", s.Name, s.Kind, s.ParentSpanId)
		}
		byEnd[s.Name] = append(byEnd[s.Name], s)
	}
	for _, c := range cases {
		start, end := c.Start, c.End
		wantEnd := end.Truncate(time.Second)
		wantStart := wantEnd.Add(-end.Sub(start))
		found := false
		for _, s := range byEnd[c.Operation] {
			if s.EndTimeUnixNano == uint64(wantEnd.UnixNano()) && s.StartTimeUnixNano == uint64(wantStart.UnixNano()) {
				found = true
			}
		}
		if !found {
			t.Errorf("no span %s from %v to %v", c.Operation, wantStart, wantEnd)
		}
	}
}

// TestReplayOTLPRejected: a receiver that refuses the spans makes replay
// fail with status 1 and say so.
func TestReplayOTLPRejected(t *testing.T) {
	recv := &otlpReceiver{status: http.StatusBadRequest}
	srv := httptest.NewServer(recv)
	defer srv.Close()
	otlpEnv(t, srv.URL)
	path, _ := writeGolden(t, "")
	code, out, errOut := runCmd(t, t.Context(), "", "replay", path)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if !strings.Contains(out, "82 lines: 0 spans sent") || !strings.Contains(errOut, "sending spans:") {
		t.Errorf("stdout %q\nstderr %q", out, errOut)
	}
}

// stuckReceiver is an OTLP endpoint that never accepts a batch: it hangs
// until the request is abandoned, or answers 429 with a Retry-After.
type stuckReceiver struct {
	retryAfter string // "": hang
	release    chan struct{}
	requests   atomic.Int64
}

func (s *stuckReceiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.requests.Add(1)
	io.Copy(io.Discard, r.Body)
	if s.retryAfter != "" {
		w.Header().Set("Retry-After", s.retryAfter)
		http.Error(w, "slow down", http.StatusTooManyRequests)
		return
	}
	select {
	case <-r.Context().Done():
	case <-s.release:
	}
}

func newStuckEndpoint(t *testing.T, retryAfter string) *stuckReceiver {
	t.Helper()
	s := &stuckReceiver{retryAfter: retryAfter, release: make(chan struct{})}
	srv := httptest.NewServer(s)
	t.Cleanup(func() { close(s.release); srv.Close() })
	otlpEnv(t, srv.URL)
	return s
}

// TestReplayBounded: against an endpoint that hangs or always answers 429
// with a long Retry-After, replay returns soon after its -deadline (or,
// with -timeout, once each batch has had its time), exits 1 and says how
// many lines were not delivered.
func TestReplayBounded(t *testing.T) {
	tests := []struct {
		name       string
		retryAfter string
		args       []string
		bound      time.Duration // generous: the limit plus slack for a loaded machine
		stopped    bool
	}{
		{"hanging, -deadline", "", []string{"-deadline", "2s"}, 2*time.Second + 3*time.Second, true},
		{"429 Retry-After 30, -deadline", "30", []string{"-deadline", "2s"}, 2*time.Second + 3*time.Second, true},
		{"429 Retry-After 30, -timeout", "30", []string{"-timeout", "500ms"}, 500*time.Millisecond + 3*time.Second, false},
		{"hanging, -timeout", "", []string{"-timeout", "500ms"}, 500*time.Millisecond + 3*time.Second, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStuckEndpoint(t, tt.retryAfter)
			path, cases := writeGolden(t, "")
			begin := time.Now()
			code, out, errOut := runCmd(t, t.Context(), "", append(append([]string{"replay"}, tt.args...), path)...)
			elapsed := time.Since(begin)
			t.Logf("returned after %v (%d requests)", elapsed.Round(time.Millisecond), s.requests.Load())
			if elapsed > tt.bound {
				t.Errorf("returned after %v, want at most %v", elapsed, tt.bound)
			}
			if code != 1 {
				t.Errorf("exit %d, want 1", code)
			}
			if want := fmt.Sprintf("replayed %d lines: 0 spans sent, 0 lines rejected\n", len(cases)); out != want {
				t.Errorf("stdout %q, want %q", out, want)
			}
			if want := fmt.Sprintf("%d lines read but not delivered\n", len(cases)); !strings.Contains(errOut, want) {
				t.Errorf("stderr %q lacks %q", errOut, want)
			}
			if want := "stopped (-deadline 2s exceeded) after reading 82 lines and sending 0 spans"; tt.stopped && !strings.Contains(errOut, want) {
				t.Errorf("stderr %q lacks %q", errOut, want)
			}
		})
	}
}

// TestReplayInterrupt: an interrupt (the context canceled) stops a replay
// stuck on a hanging endpoint within about a second and reports how far it
// got.
func TestReplayInterrupt(t *testing.T) {
	newStuckEndpoint(t, "")
	path, _ := writeGolden(t, "")
	ctx, cancel := context.WithCancel(t.Context())
	var canceledAt atomic.Int64
	time.AfterFunc(300*time.Millisecond, func() { canceledAt.Store(time.Now().UnixNano()); cancel() })
	code, out, errOut := runCmd(t, ctx, "", "replay", path)
	if canceledAt.Load() == 0 {
		t.Fatalf("returned before the interrupt: exit %d, stderr %q", code, errOut)
	}
	took := time.Since(time.Unix(0, canceledAt.Load()))
	t.Logf("returned %v after the interrupt", took.Round(time.Millisecond))
	if took > 1500*time.Millisecond {
		t.Errorf("returned %v after the interrupt, want about a second at most", took)
	}
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if !strings.Contains(out, "0 spans sent") || !strings.Contains(errOut, "stopped (interrupted)") || !strings.Contains(errOut, "82 lines read but not delivered") {
		t.Errorf("stdout %q\nstderr %q", out, errOut)
	}
}
