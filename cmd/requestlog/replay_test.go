package main

import (
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
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
