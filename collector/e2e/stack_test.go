//go:build e2e

package e2e

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// jaegerConfig is Jaeger v2's all-in-one configuration cut down to OTLP/gRPC
// in, memory storage and the query API, on loopback ports, without its own
// telemetry (as examples/ec2's end-to-end test runs it).
const jaegerConfig = `service:
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
processors:
  batch:
    timeout: 100ms
exporters:
  jaeger_storage_exporter:
    trace_storage: memstore
`

// stack is a running Jaeger and the requesthook Collector in front of it,
// started with collector/config.yaml.
type stack struct {
	jaegerQuery, jaegerOTLP string // 127.0.0.1:port
	otlpHTTP, otlpGRPC      string
	centralLog              string // the requestlog exporter's file
	perAttempt              bool   // the requestlog exporter's per_attempt
	legacyDir               string // followed by the requestlog receiver
}

// startStack builds (or reuses) both binaries and starts them, the
// requestlog exporter writing a line per attempt when perAttempt is set.
func startStack(tb testing.TB, perAttempt bool) *stack {
	tb.Helper()
	jaegerBin := buildWith(tb, "internal/tools/jaeger/build.sh", "REQUESTHOOK_JAEGER_BIN")
	collectorBin := buildWith(tb, "collector/build.sh", "REQUESTHOOK_COLLECTOR_BIN")

	ports := freePorts(tb, 7)
	dir := tb.TempDir()
	s := &stack{
		jaegerOTLP: ports[0], jaegerQuery: ports[1],
		otlpGRPC: ports[3], otlpHTTP: ports[4],
		centralLog: filepath.Join(dir, "central", "request_log.csv"),
		legacyDir:  filepath.Join(dir, "legacy"),
		perAttempt: perAttempt,
	}
	for _, d := range []string{filepath.Dir(s.centralLog), s.legacyDir} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			tb.Fatal(err)
		}
	}
	jcfg := strings.NewReplacer("{{query}}", s.jaegerQuery, "{{queryGRPC}}", ports[2],
		"{{otlpGRPC}}", s.jaegerOTLP).Replace(jaegerConfig)
	jcfgPath := filepath.Join(dir, "jaeger.yaml")
	if err := os.WriteFile(jcfgPath, []byte(jcfg), 0o644); err != nil {
		tb.Fatal(err)
	}
	startProcess(tb, "jaeger", jaegerBin, []string{"--config", "file:" + jcfgPath},
		[]string{"OTEL_TRACES_EXPORTER=none", "OTEL_SDK_DISABLED=true"},
		[]string{s.jaegerQuery, s.jaegerOTLP}, "Everything is ready.")

	_, metricsPort, _ := strings.Cut(ports[5], ":")
	cfgPath, err := filepath.Abs(filepath.Join("..", "config.yaml"))
	if err != nil {
		tb.Fatal(err)
	}
	startProcess(tb, "collector", collectorBin, []string{"--config", "file:" + cfgPath}, []string{
		"TZ=UTC",
		"REQUESTHOOK_STATE_DIR=" + filepath.Join(dir, "state"),
		"REQUESTHOOK_OTLP_GRPC=" + s.otlpGRPC,
		"REQUESTHOOK_OTLP_HTTP=" + s.otlpHTTP,
		"REQUESTHOOK_LEGACY_GLOB=" + filepath.Join(s.legacyDir, "*.csv"),
		"REQUESTHOOK_LOG=" + s.centralLog,
		"REQUESTHOOK_JAEGER_OTLP=" + s.jaegerOTLP,
		"REQUESTHOOK_METRICS_PORT=" + metricsPort,
		"REQUESTHOOK_PER_ATTEMPT=" + strconv.FormatBool(perAttempt),
	}, []string{s.otlpGRPC, s.otlpHTTP}, "Everything is ready.")
	return s
}

// Jaeger's query API (the JSON its UI reads), the parts the test needs.
type jaegerTrace struct {
	TraceID string `json:"traceID"`
	Spans   []struct {
		SpanID        string `json:"spanID"`
		OperationName string `json:"operationName"`
		Tags          []struct {
			Key   string `json:"key"`
			Value any    `json:"value"`
		} `json:"tags"`
	} `json:"spans"`
}

// getJSON reads a query API answer into v.
func (s *stack) getJSON(path string, v any) error {
	resp, err := httpClient.Get("http://" + s.jaegerQuery + path)
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
	return json.Unmarshal(b, v)
}

// trace returns the trace with id, or nil while Jaeger does not have it.
func (s *stack) trace(id string) *jaegerTrace {
	var r struct{ Data []jaegerTrace }
	if err := s.getJSON("/api/traces/"+id, &r); err != nil || len(r.Data) == 0 {
		return nil
	}
	return &r.Data[0]
}

// traces returns the traces of service Jaeger has.
func (s *stack) traces(service string) []jaegerTrace {
	var r struct{ Data []jaegerTrace }
	q := url.Values{"service": {service}, "limit": {"1000"}, "lookback": {"custom"},
		"start": {"0"}, "end": {fmt.Sprint(time.Now().Add(time.Hour).UnixMicro())}}
	if err := s.getJSON("/api/traces?"+q.Encode(), &r); err != nil {
		return nil
	}
	return r.Data
}
