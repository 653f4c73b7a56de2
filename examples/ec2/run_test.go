package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	"google.golang.org/protobuf/proto"
)

// otelEnv lists the variables that steer the example's telemetry; tests clear
// them so the machine's environment cannot change what they see.
var otelEnv = []string{
	"OTEL_TRACES_EXPORTER", "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
	"OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_SERVICE_NAME",
	"OTEL_RESOURCE_ATTRIBUTES", "OTEL_TRACES_SAMPLER", "OTEL_TRACES_SAMPLER_ARG",
	"OTEL_METRICS_EXPORTER",
}

func clearOTelEnv(t *testing.T) {
	t.Helper()
	for _, k := range otelEnv {
		t.Setenv(k, "")
	}
}

// runExample runs the example with args and returns its output.
func runExample(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err = run(t.Context(), args, &out, &errOut)
	return out.String(), errOut.String(), err
}

// wantAttempts is the number of HTTP attempts of one round against the
// embedded endpoint: one per SDK call, and two for the throttled
// DescribeAvailabilityZones, each an attempt span below its call span.
const wantAttempts = 5

// wantLines are the legacy-log lines one round writes against the embedded
// endpoint, as (status, operation), in order: one per SDK call, so the
// throttled call is one line with its final status.
var wantLines = [][2]string{
	{"200", "DescribeVolumes"},
	{"200", "DescribeInstances"},
	{"200", "DescribeAvailabilityZones"},
	{"400", "DescribeVolumes"},
}

// wantCalls is the number of SDK calls of one round, each a call span above
// its attempts.
var wantCalls = len(wantLines)

// lineRE matches a boto request-log line: time, status, duration, size, operation.
var lineRE = regexp.MustCompile(`^'(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)', '(\d+)', '([0-9.e-]+)', '(\d+|None)', '([A-Za-z]+)'$`)

// readLog returns the fields of each line of the legacy log at path.
func readLog(t *testing.T, path string) [][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var lines [][]string
	for i, l := range strings.Split(strings.TrimSuffix(string(b), "\n"), "\n") {
		m := lineRE.FindStringSubmatch(l)
		if m == nil {
			t.Fatalf("log line %d = %q, not a boto request-log line", i+1, l)
		}
		lines = append(lines, m[1:])
	}
	return lines
}

// checkRound checks that lines are one round's lines with known sizes.
func checkRound(t *testing.T, lines [][]string) {
	t.Helper()
	if len(lines) != len(wantLines) {
		t.Fatalf("got %d log lines, want %d: %q", len(lines), len(wantLines), lines)
	}
	for i, l := range lines {
		if got := [2]string{l[1], l[4]}; got != wantLines[i] {
			t.Errorf("log line %d: status, operation = %q, want %q", i+1, got, wantLines[i])
		}
		if l[3] == "None" || l[3] == "0" {
			t.Errorf("log line %d: size %s, want the body size", i+1, l[3])
		}
	}
}

func TestRunEmbedded(t *testing.T) {
	clearOTelEnv(t)
	logPath := filepath.Join(t.TempDir(), "request_log.csv")

	stdout, stderr, err := runExample(t, "-v", "-log", logPath)
	if err != nil {
		t.Fatalf("run: %v\nstderr:\n%s", err, stderr)
	}
	checkRound(t, readLog(t, logPath))

	// With -v the spans went to stdout (stdouttrace): the calls, their
	// attempts and the root.
	for _, name := range []string{"EC2.DescribeVolumes", "EC2.DescribeInstances", "EC2.DescribeAvailabilityZones"} {
		if !strings.Contains(stdout, `"Name": "`+name+`"`) {
			t.Errorf("stdout has no span %s", name)
		}
	}
	// A client span per SDK call (a log line each) and per HTTP attempt.
	if got, want := strings.Count(stdout, `"SpanKind": 3`), wantAttempts+wantCalls; got != want {
		t.Errorf("stdout has %d client spans, want %d", got, want)
	}
	for _, want := range []string{
		"4 EC2 calls (5 HTTP attempts) to the embedded EC2 endpoint",
		"InvalidVolume.NotFound: The volume 'vol-0badc0ffee0000000' does not exist.",
		"failed, as intended",
		"Legacy log: 4 lines appended to " + logPath,
		"Spans:      stdout (-v, above)",
		"OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:4318 go run ./examples/ec2",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("summary lacks %q; stdout ends:\n%s", want, tail(stdout))
		}
	}
	if strings.Contains(stdout, "FAILED") {
		t.Errorf("summary reports a failure:\n%s", tail(stdout))
	}
	// Secrets never reach the output: the example's secret key, the signature.
	for _, secret := range []string{"wJalrXUtnFEMI", "Signature=", "AKIAIOSFODNN7EXAMPLE"} {
		if strings.Contains(stdout, secret) {
			t.Errorf("stdout contains %q", secret)
		}
	}

	// A second run appends (boto truncated).
	if _, stderr, err := runExample(t, "-v", "-log", logPath); err != nil {
		t.Fatalf("second run: %v\n%s", err, stderr)
	}
	lines := readLog(t, logPath)
	if len(lines) != 2*len(wantLines) {
		t.Fatalf("after two runs the log has %d lines, want %d", len(lines), 2*len(wantLines))
	}
	checkRound(t, lines[len(wantLines):])
}

// TestRunUnsampled: with a sampler that samples nothing, no span is exported
// but the legacy log still gets every request.
func TestRunUnsampled(t *testing.T) {
	clearOTelEnv(t)
	t.Setenv("OTEL_TRACES_SAMPLER", "always_off")
	logPath := filepath.Join(t.TempDir(), "request_log.csv")

	stdout, stderr, err := runExample(t, "-v", "-log", logPath)
	if err != nil {
		t.Fatalf("run: %v\n%s", err, stderr)
	}
	if strings.Contains(stdout, `"SpanKind"`) {
		t.Errorf("always_off exported spans:\n%s", stdout)
	}
	checkRound(t, readLog(t, logPath))
}

// otlpReceiver is an OTLP/HTTP endpoint that keeps what it receives.
type otlpReceiver struct {
	mu    sync.Mutex
	reqs  []*coltracepb.ExportTraceServiceRequest
	paths []string
}

func (o *otlpReceiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	var req coltracepb.ExportTraceServiceRequest
	if err := proto.Unmarshal(body, &req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	o.mu.Lock()
	o.reqs = append(o.reqs, &req)
	o.paths = append(o.paths, r.URL.Path)
	o.mu.Unlock()
	w.Header().Set("Content-Type", "application/x-protobuf")
	b, _ := proto.Marshal(&coltracepb.ExportTraceServiceResponse{})
	w.Write(b)
}

// TestRunOTLP: with OTEL_EXPORTER_OTLP_ENDPOINT set, the spans go over
// OTLP/HTTP with the example's service name, and the summary points at Jaeger.
func TestRunOTLP(t *testing.T) {
	clearOTelEnv(t)
	recv := &otlpReceiver{}
	srv := httptest.NewServer(recv)
	defer srv.Close()
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", srv.URL)
	logPath := filepath.Join(t.TempDir(), "request_log.csv")

	stdout, stderr, err := runExample(t, "-log", logPath)
	if err != nil {
		t.Fatalf("run: %v\n%s", err, stderr)
	}
	checkRound(t, readLog(t, logPath))

	recv.mu.Lock()
	defer recv.mu.Unlock()
	var names []string
	services := map[string]bool{}
	for i, req := range recv.reqs {
		if recv.paths[i] != "/v1/traces" {
			t.Errorf("OTLP request to %s, want /v1/traces", recv.paths[i])
		}
		for _, rs := range req.ResourceSpans {
			for _, a := range rs.GetResource().GetAttributes() {
				if a.Key == "service.name" {
					services[a.GetValue().GetStringValue()] = true
				}
			}
			for _, ss := range rs.ScopeSpans {
				for _, s := range ss.Spans {
					names = append(names, s.Name)
				}
			}
		}
	}
	slices.Sort(names)
	// Each SDK call is a call span above its attempts: the throttled
	// DescribeAvailabilityZones is one call with two attempts.
	want := []string{"EC2.DescribeAvailabilityZones", "EC2.DescribeAvailabilityZones", "EC2.DescribeAvailabilityZones",
		"EC2.DescribeInstances", "EC2.DescribeInstances",
		"EC2.DescribeVolumes", "EC2.DescribeVolumes", "EC2.DescribeVolumes", "EC2.DescribeVolumes", "ec2-example"}
	if !slices.Equal(names, want) {
		t.Errorf("OTLP spans = %q, want %q", names, want)
	}
	if len(services) != 1 || !services["ec2-example"] {
		t.Errorf("service.name values = %v, want only ec2-example", services)
	}
	host := strings.TrimPrefix(srv.URL, "http://")
	host = host[:strings.LastIndexByte(host, ':')]
	for _, want := range []string{
		"Spans:      OTLP at " + srv.URL,
		"Jaeger:     http://" + host + ":16686/trace/",
		"            http://" + host + ":16686/api/traces/",
		"/search?service=ec2-example",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("summary lacks %q:\n%s", want, stdout)
		}
	}
	if strings.Contains(stdout, `"SpanKind"`) {
		t.Error("spans were printed to stdout although OTLP is on")
	}
}

// TestRunOTLPServiceName: OTEL_SERVICE_NAME overrides the service name and
// -jaeger-ui the UI address.
func TestRunOTLPServiceName(t *testing.T) {
	clearOTelEnv(t)
	recv := &otlpReceiver{}
	srv := httptest.NewServer(recv)
	defer srv.Close()
	t.Setenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", srv.URL+"/v1/traces")
	t.Setenv("OTEL_SERVICE_NAME", "billing batch")

	stdout, stderr, err := runExample(t, "-log", filepath.Join(t.TempDir(), "log"), "-jaeger-ui", "http://ui.example:8080")
	if err != nil {
		t.Fatalf("run: %v\n%s", err, stderr)
	}
	if want := "(all traces: http://ui.example:8080/search?service=billing+batch)"; !strings.Contains(stdout, want) {
		t.Errorf("summary lacks %q:\n%s", want, tail(stdout))
	}
	recv.mu.Lock()
	defer recv.mu.Unlock()
	if len(recv.reqs) == 0 {
		t.Fatal("no OTLP request arrived")
	}
	for _, req := range recv.reqs {
		for _, rs := range req.ResourceSpans {
			for _, a := range rs.GetResource().GetAttributes() {
				if a.Key == "service.name" && a.GetValue().GetStringValue() != "billing batch" {
					t.Errorf("service.name = %q, want %q", a.GetValue().GetStringValue(), "billing batch")
				}
			}
		}
	}
}

// TestRunOTLPDown: when nothing listens at the OTLP endpoint, the calls and
// the legacy log still work and run reports the export failure.
func TestRunOTLPDown(t *testing.T) {
	clearOTelEnv(t)
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close() // nothing listens there any more
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", url)
	t.Setenv("OTEL_EXPORTER_OTLP_TIMEOUT", "2000")
	logPath := filepath.Join(t.TempDir(), "request_log.csv")

	ctx, cancel := context.WithTimeout(t.Context(), 60e9)
	defer cancel()
	var out, errOut bytes.Buffer
	err := run(ctx, []string{"-log", logPath}, &out, &errOut)
	if err == nil {
		t.Fatalf("run succeeded with no OTLP endpoint listening; stdout:\n%s", tail(out.String()))
	}
	checkRound(t, readLog(t, logPath))
	if want := "Spans:      NOT exported: nothing is listening at " + url + " (connection refused)."; !strings.Contains(out.String(), want) {
		t.Errorf("summary lacks %q:\n%s", want, tail(out.String()))
	}
	// The summary said it once; main prints nothing more.
	if !errors.Is(err, errReported) {
		t.Errorf("run = %v, want an error marked errReported", err)
	}
	if strings.Contains(errOut.String(), "connection refused") {
		t.Errorf("stderr repeats the failure:\n%s", errOut.String())
	}
}

func TestRunBadLogPath(t *testing.T) {
	clearOTelEnv(t)
	logPath := filepath.Join(t.TempDir(), "no such dir", "request_log.csv")
	_, _, err := runExample(t, "-log", logPath)
	if err == nil || !strings.Contains(err.Error(), logPath) {
		t.Fatalf("run with an unwritable log = %v, want an error naming %s", err, logPath)
	}
}

func TestRunUsage(t *testing.T) {
	clearOTelEnv(t)
	for _, tc := range []struct {
		args []string
		want error
	}{
		{[]string{"-h"}, flag.ErrHelp},
		{[]string{"-nope"}, errUsage},
		{[]string{"extra"}, errUsage},
		{[]string{"-aws", "-endpoint", "http://127.0.0.1:1"}, errUsage},
		{[]string{"-interval", "-1s"}, errUsage},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			_, stderr, err := runExample(t, tc.args...)
			if !errors.Is(err, tc.want) {
				t.Fatalf("run(%q) = %v, want %v", tc.args, err, tc.want)
			}
			if !strings.Contains(stderr, "usage") && !strings.Contains(stderr, "-aws") && !strings.Contains(stderr, "-interval") {
				t.Errorf("stderr does not explain the usage:\n%s", stderr)
			}
		})
	}
}

// TestRunEndpointFlag: -endpoint talks to the given EC2-compatible endpoint
// with the standard AWS configuration (here: credentials in the environment).
func TestRunEndpointFlag(t *testing.T) {
	clearOTelEnv(t)
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "secret-example")
	t.Setenv("AWS_REGION", "eu-west-1")
	ep, err := startEndpoint()
	if err != nil {
		t.Fatal(err)
	}
	defer ep.Close(context.Background())
	logPath := filepath.Join(t.TempDir(), "request_log.csv")

	stdout, stderr, err := runExample(t, "-v", "-endpoint", ep.URL, "-log", logPath)
	if err != nil {
		t.Fatalf("run: %v\n%s", err, stderr)
	}
	checkRound(t, readLog(t, logPath))
	if got := ep.Total(); got != wantAttempts {
		t.Errorf("the endpoint answered %d requests, want %d", got, wantAttempts)
	}
	if !strings.Contains(stdout, "the EC2 endpoint at "+ep.URL) {
		t.Errorf("summary does not name the endpoint:\n%s", tail(stdout))
	}
	if !strings.Contains(stdout, `"cloud.region"`) || !strings.Contains(stdout, `"eu-west-1"`) {
		t.Errorf("spans do not carry the configured region eu-west-1")
	}
}

// TestRunEndpointDown: an endpoint that does not answer makes run fail, and
// every attempt still has its span and log line (status 0, size 0).
func TestRunEndpointDown(t *testing.T) {
	clearOTelEnv(t)
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "secret-example")
	t.Setenv("AWS_REGION", "us-east-1")
	t.Setenv("AWS_MAX_ATTEMPTS", "1")
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	logPath := filepath.Join(t.TempDir(), "request_log.csv")

	stdout, _, err := runExample(t, "-endpoint", url, "-log", logPath)
	if err == nil {
		t.Fatal("run succeeded against an endpoint that does not listen")
	}
	if !strings.Contains(stdout, "FAILED  no response: connection refused") {
		t.Errorf("summary does not report the failures in short:\n%s", tail(stdout))
	}
	// The summary told; main prints nothing more.
	if !errors.Is(err, errReported) {
		t.Errorf("run = %v, want an error marked errReported", err)
	}
	b, rerr := os.ReadFile(logPath)
	if rerr != nil {
		t.Fatal(rerr)
	}
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	if len(lines) != 4 {
		t.Fatalf("log has %d lines, want 4 (one per call, of one attempt each):\n%s", len(lines), b)
	}
	for _, l := range lines {
		if !strings.Contains(l, ", '0', ") || !strings.HasSuffix(l, ", '0', 'DescribeVolumes'") &&
			!strings.HasSuffix(l, ", '0', 'DescribeInstances'") && !strings.HasSuffix(l, ", '0', 'DescribeAvailabilityZones'") {
			t.Errorf("log line %q: want status 0 and size 0 (boto's error=True)", l)
		}
	}
}

func tail(s string) string {
	if i := strings.LastIndex(s, "\nec2-example:"); i >= 0 {
		return s[i:]
	}
	return s
}

// TestRunBadSampler: an unknown OTEL_TRACES_SAMPLER is reported on stderr and
// the SDK's default sampler is used; the example still works.
func TestRunBadSampler(t *testing.T) {
	clearOTelEnv(t)
	t.Setenv("OTEL_TRACES_SAMPLER", "sometimes")
	logPath := filepath.Join(t.TempDir(), "request_log.csv")

	stdout, stderr, err := runExample(t, "-v", "-log", logPath)
	if err != nil {
		t.Fatalf("run: %v\n%s", err, stderr)
	}
	if !strings.Contains(stderr, "ec2-example: telemetry:") || !strings.Contains(stderr, "sometimes") {
		t.Errorf("stderr does not report the bad sampler:\n%s", stderr)
	}
	if got, want := strings.Count(stdout, `"SpanKind": 3`), wantAttempts+wantCalls; got != want {
		t.Errorf("%d client spans on stdout, want %d (the default sampler samples all)", got, want)
	}
	checkRound(t, readLog(t, logPath))
}

// summaryRows returns the fields of the summary's call table: span name,
// attempts, status, AWS error, bytes, seconds and request ID.
func summaryRows(t *testing.T, stdout string) [][]string {
	t.Helper()
	var rows [][]string
	for _, l := range strings.Split(stdout, "\n") {
		if f := strings.Fields(l); strings.HasPrefix(l, "  EC2.") && len(f) == 7 {
			rows = append(rows, f)
		}
	}
	return rows
}

// TestRunSummary: by default the example prints no span, only the summary:
// one row per call (the throttled DescribeAvailabilityZones is one call with
// two attempts), with the status, bytes and seconds of its log line written
// as the log writes them, the AWS error code and the request ID.
func TestRunSummary(t *testing.T) {
	clearOTelEnv(t)
	logPath := filepath.Join(t.TempDir(), "request_log.csv")

	stdout, stderr, err := runExample(t, "-log", logPath)
	if err != nil {
		t.Fatalf("run: %v\nstderr:\n%s", err, stderr)
	}
	if strings.Contains(stdout, `"SpanKind"`) {
		t.Errorf("spans were printed without -v:\n%s", stdout)
	}
	if got, max := strings.Count(stdout, "\n"), 30; got > max {
		t.Errorf("the output has %d lines, want at most %d:\n%s", got, max, stdout)
	}
	if want := "Spans:      not exported (-v prints them here as JSON)"; !strings.Contains(stdout, want) {
		t.Errorf("summary lacks %q:\n%s", want, stdout)
	}

	lines := readLog(t, logPath)
	checkRound(t, lines)
	rows := summaryRows(t, stdout)
	if len(rows) != len(lines) {
		t.Fatalf("summary has %d call rows, the log %d lines:\n%s", len(rows), len(lines), stdout)
	}
	want := [][]string{
		{"EC2.DescribeVolumes", "1", "200", "-"},
		{"EC2.DescribeInstances", "1", "200", "-"},
		{"EC2.DescribeAvailabilityZones", "2", "200", "-"},
		{"EC2.DescribeVolumes", "1", "400", "InvalidVolume.NotFound"},
	}
	for i, r := range rows {
		if got := r[:4]; !slices.Equal(got, want[i]) {
			t.Errorf("row %d: span, attempts, status, AWS error = %q, want %q", i+1, got, want[i])
		}
		// Bytes and seconds are the log line's, byte for byte.
		if got, want := [2]string{r[4], r[5]}, [2]string{lines[i][3], lines[i][2]}; got != want {
			t.Errorf("row %d: bytes, seconds = %q, want the log line's %q", i+1, got, want)
		}
		if len(r[6]) != 36 {
			t.Errorf("row %d: request ID %q, want EC2's UUID", i+1, r[6])
		}
	}
}

func TestExportProblem(t *testing.T) {
	const ep = "http://localhost:4318"
	for _, tc := range []struct {
		err  error
		want string
	}{
		{errors.New(`traces export: Post "http://localhost:4318/v1/traces": dial tcp 127.0.0.1:4318: connect: connection refused`),
			"nothing is listening at http://localhost:4318 (connection refused)."},
		{errors.New(`traces export: exporter export timeout: rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial tcp 127.0.0.1:4317: connect: connection refused"`),
			"nothing is listening at http://localhost:4318 (connection refused)."},
		{errors.New(`traces export: Post "http://nohost.invalid:4318/v1/traces": dial tcp: lookup nohost.invalid: no such host`),
			"the host of http://localhost:4318 is unknown (no such host)."},
		{context.DeadlineExceeded, "http://localhost:4318 did not answer in time."},
		{errors.New("traces export: failed to send to http://localhost:4318/v1/traces: 404 Not Found"),
			"http://localhost:4318 did not accept them: 404 Not Found."},
	} {
		if got := exportProblem(tc.err, ep); got != tc.want {
			t.Errorf("exportProblem(%q) = %q, want %q", tc.err, got, tc.want)
		}
	}
}
