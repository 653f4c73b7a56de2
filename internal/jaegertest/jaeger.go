package jaegertest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// Jaeger is a running Jaeger v2 all-in-one, on loopback ports.
type Jaeger struct {
	OTLPHTTP, OTLPGRPC string // its OTLP receivers, 127.0.0.1:port
	Query              string // its query API (the JSON the UI reads)
	*Process
}

// UI returns the base URL of the query API and UI: http://Query.
func (j *Jaeger) UI() string { return "http://" + j.Query }

// config is Jaeger v2's all-in-one configuration (cmd/jaeger/internal/
// all-in-one.yaml) cut down to what the tests need, on loopback ports: OTLP
// receivers, in-memory storage and the query API, and no self-telemetry:
// Jaeger's own metrics would listen on 8888, and its own traces (the
// collector's, and jaeger_query's enable_tracing, on by default) go to
// localhost:4317, which delays its shutdown by 10 s when nothing listens there.
const config = `service:
  extensions: [jaeger_storage, jaeger_query]
  pipelines:
    traces:
      receivers: [otlp]
      processors: [batch]
      exporters: [jaeger_storage_exporter]
  telemetry:
    metrics:
      level: none
    traces:
      level: none
    logs:
      level: info
extensions:
  jaeger_storage:
    backends:
      memstore:
        memory:
          max_traces: 100000
  jaeger_query:
    enable_tracing: false
    storage:
      traces: memstore
    http:
      endpoint: "{{query}}"
    grpc:
      endpoint: "{{queryGRPC}}"
receivers:
  otlp:
    protocols:
      grpc:
        endpoint: "{{otlpGRPC}}"
      http:
        endpoint: "{{otlpHTTP}}"
processors:
  batch:
    timeout: 100ms
exporters:
  jaeger_storage_exporter:
    trace_storage: memstore
`

// Start starts the Jaeger binary bin on free loopback ports and waits until
// it is ready: its log says "Everything is ready.", the query API answers
// and both OTLP receivers accept connections. t.Cleanup stops it whatever
// happens. A start that loses a port to another process is retried.
func Start(tb testing.TB, bin string) *Jaeger {
	tb.Helper()
	var lastErr error
	for try := 1; try <= 3; try++ {
		j, err := tryStart(tb, bin)
		if err == nil {
			tb.Logf("Jaeger is up (try %d): OTLP/HTTP %s, OTLP/gRPC %s, query %s", try, j.OTLPHTTP, j.OTLPGRPC, j.Query)
			return j
		}
		lastErr = err
		tb.Logf("starting Jaeger (try %d): %v", try, err)
	}
	tb.Fatalf("cannot start Jaeger %s: %v", bin, lastErr)
	return nil
}

func tryStart(tb testing.TB, bin string) (*Jaeger, error) {
	ports := FreePorts(tb, 4)
	j := &Jaeger{OTLPHTTP: ports[0], OTLPGRPC: ports[1], Query: ports[2]}
	cfg := strings.NewReplacer("{{query}}", j.Query, "{{queryGRPC}}", ports[3],
		"{{otlpGRPC}}", j.OTLPGRPC, "{{otlpHTTP}}", j.OTLPHTTP).Replace(config)
	cfgPath := filepath.Join(tb.TempDir(), "jaeger.yaml")
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o644); err != nil {
		return nil, err
	}
	p, err := StartProcess(tb, Command{
		Name: "jaeger",
		Path: bin,
		Args: []string{"--config", "file:" + cfgPath},
		Env:  []string{"OTEL_TRACES_EXPORTER=none", "OTEL_SDK_DISABLED=true"},
		// The collector starts its extensions, which include the query
		// API, before its receivers.
		Listen:   []string{j.OTLPHTTP, j.OTLPGRPC},
		ReadyLog: "Everything is ready.",
		Ready:    j.queryAnswers,
	})
	if err != nil {
		return nil, err
	}
	j.Process = p
	return j, nil
}

// queryAnswers reports whether the query API answers /api/services.
func (j *Jaeger) queryAnswers() bool {
	resp, err := Client.Get(j.UI() + "/api/services")
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

// Client keeps no idle connections, so none holds up a server's shutdown.
var Client = &http.Client{
	Transport: &http.Transport{DisableKeepAlives: true},
	Timeout:   10 * time.Second,
}

// Trace is a trace as Jaeger's query API returns it (the JSON the UI reads).
type Trace struct {
	TraceID   string `json:"traceID"`
	Spans     []Span `json:"spans"`
	Processes map[string]struct {
		ServiceName string `json:"serviceName"`
	} `json:"processes"`
}

// Span is a span of a Trace.
type Span struct {
	TraceID       string      `json:"traceID"`
	SpanID        string      `json:"spanID"`
	OperationName string      `json:"operationName"`
	References    []Reference `json:"references"`
	StartTime     int64       `json:"startTime"` // µs since the epoch
	Duration      int64       `json:"duration"`  // µs
	Tags          []Tag       `json:"tags"`
	ProcessID     string      `json:"processID"`
}

// Reference is a span's parent (RefType CHILD_OF) or link.
type Reference struct {
	RefType string `json:"refType"`
	SpanID  string `json:"spanID"`
}

// Tag is an attribute of a span. Numbers are json.Number.
type Tag struct {
	Key   string `json:"key"`
	Type  string `json:"type"`
	Value any    `json:"value"`
}

// Tag returns the value of the span's tag key, or nil.
func (s Span) Tag(key string) any {
	for _, t := range s.Tags {
		if t.Key == key {
			return t.Value
		}
	}
	return nil
}

// GetJSON decodes the query API's answer to path into v, numbers in an any
// as json.Number so that nanosecond timestamps keep every digit.
func (j *Jaeger) GetJSON(path string, v any) error {
	resp, err := Client.Get(j.UI() + path)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s: %s", path, resp.Status, b)
	}
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	return d.Decode(v)
}

// Services returns the services Jaeger has spans of (/api/services).
func (j *Jaeger) Services(tb testing.TB) []string {
	tb.Helper()
	var r struct{ Data []string }
	if err := j.GetJSON("/api/services", &r); err != nil {
		tb.Fatal(err)
	}
	return r.Data
}

// Trace returns the trace with id (/api/traces/id), or an error while
// Jaeger does not have it.
func (j *Jaeger) Trace(id string) (Trace, error) {
	var r struct{ Data []Trace }
	if err := j.GetJSON("/api/traces/"+id, &r); err != nil {
		return Trace{}, err
	}
	if len(r.Data) != 1 {
		return Trace{}, fmt.Errorf("/api/traces/%s returned %d traces", id, len(r.Data))
	}
	return r.Data[0], nil
}

// Traces returns up to 1000 traces of service, of any age.
func (j *Jaeger) Traces(service string) ([]Trace, error) {
	var r struct{ Data []Trace }
	q := url.Values{"service": {service}, "limit": {"1000"}, "lookback": {"custom"},
		"start": {"0"}, "end": {fmt.Sprint(time.Now().Add(time.Hour).UnixMicro())}}
	if err := j.GetJSON("/api/traces?"+q.Encode(), &r); err != nil {
		return nil, err
	}
	return r.Data, nil
}

// WaitForTrace polls /api/services and the traces of service until the
// trace with traceID has at least spans spans, and fails the test if it
// has not within 60s.
func (j *Jaeger) WaitForTrace(tb testing.TB, service, traceID string, spans int) Trace {
	tb.Helper()
	deadline := time.Now().Add(60 * time.Second)
	var last string
	for {
		if slices.Contains(j.Services(tb), service) {
			if trs, err := j.Traces(service); err != nil {
				last = err.Error()
			} else {
				last = fmt.Sprintf("%d traces of %s, none %s with %d spans", len(trs), service, traceID, spans)
				for _, tr := range trs {
					if tr.TraceID == traceID && len(tr.Spans) >= spans {
						return tr
					}
				}
			}
		} else {
			last = "service " + service + " not in /api/services yet"
		}
		if time.Now().After(deadline) {
			tb.Fatalf("Jaeger did not return the trace within 60s: %s", last)
		}
		time.Sleep(200 * time.Millisecond)
	}
}
