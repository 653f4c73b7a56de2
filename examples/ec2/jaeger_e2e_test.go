//go:build e2e

package main

// The end-to-end test: a real Jaeger v2 (built from source by
// internal/tools/jaeger/build.sh, cached across runs) receives the example's
// spans over OTLP/HTTP and OTLP/gRPC, and its query API must return them with
// their attributes and their tree (the root, one call span per SDK call, one
// attempt span per HTTP attempt below its call), while the legacy log of the
// same run has one matching line per call span. Run it with
//
//	go test -tags e2e -run Jaeger -timeout 30m -v ./examples/ec2
//
// The first run builds Jaeger (about 5 to 8 minutes on two cores); set
// REQUESTHOOK_JAEGER_BIN to use a Jaeger binary you already have, and
// E2E_LOGS=1 to see Jaeger's log even when the test passes. Jaeger runs
// through internal/jaegertest, as in the Collector's end-to-end test.

import (
	"encoding/json"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/requesthook/requesthook/internal/fakeaws"
	"github.com/requesthook/requesthook/internal/jaegertest"
)

func TestJaegerEndToEnd(t *testing.T) {
	j := jaegertest.Start(t, jaegertest.Binary(t))

	t.Run("OTLP-HTTP/embedded endpoint", func(t *testing.T) {
		clearOTelEnv(t)
		t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://"+j.OTLPHTTP)
		t.Setenv("OTEL_SERVICE_NAME", "ec2-example")
		logPath := filepath.Join(t.TempDir(), "request_log.csv")

		stdout, stderr, err := runExample(t, "-log", logPath, "-jaeger-ui", j.UI())
		if err != nil {
			t.Fatalf("the example failed: %v\nstdout:\n%s\nstderr:\n%s", err, tail(stdout), stderr)
		}
		traceID := summaryTraceID(t, stdout, j.UI())
		tr := j.WaitForTrace(t, "ec2-example", traceID, 1+wantCalls+wantAttempts)
		calls := checkTrace(t, tr)
		checkLogMatches(t, calls, readLog(t, logPath))
		// The request IDs the example printed (from its RequestHook, once per
		// call) are the ones Jaeger stored on the call spans.
		for _, c := range calls {
			if !strings.Contains(stdout, c.requestID) {
				t.Errorf("Jaeger call span %s has aws.request_id %q, which the example did not report", c.name, c.requestID)
			}
		}
		// The query-API link the summary prints returns the same trace.
		if got, err := j.Trace(traceID); err != nil {
			t.Errorf("the summary's query-API link: %v", err)
		} else if got.TraceID != traceID || len(got.Spans) != len(tr.Spans) {
			t.Errorf("/api/traces/%s returned trace %s of %d spans, want the trace of %d spans", traceID, got.TraceID, len(got.Spans), len(tr.Spans))
		}
	})

	t.Run("OTLP-gRPC/-endpoint", func(t *testing.T) {
		clearOTelEnv(t)
		t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://"+j.OTLPGRPC)
		t.Setenv("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")
		t.Setenv("OTEL_SERVICE_NAME", "ec2-example-grpc")
		t.Setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
		t.Setenv("AWS_SECRET_ACCESS_KEY", "secret-example")
		t.Setenv("AWS_REGION", "eu-central-1")
		ep := fakeaws.New(t, fakeaws.RequireSigV4())
		configureEndpoint(ep)
		logPath := filepath.Join(t.TempDir(), "request_log.csv")

		stdout, stderr, err := runExample(t, "-endpoint", ep.URL, "-log", logPath, "-jaeger-ui", j.UI())
		if err != nil {
			t.Fatalf("the example failed: %v\nstdout:\n%s\nstderr:\n%s", err, tail(stdout), stderr)
		}
		traceID := summaryTraceID(t, stdout, j.UI())
		tr := j.WaitForTrace(t, "ec2-example-grpc", traceID, 1+wantCalls+wantAttempts)
		calls := checkTrace(t, tr)
		checkLogMatches(t, calls, readLog(t, logPath))
		// Jaeger's attempt spans have exactly the request IDs the EC2
		// endpoint issued (a call span repeats its final attempt's).
		var got []string
		for _, c := range calls {
			// The call span records the region once; its attempts leave it out.
			if c.tags["cloud.region"] != "eu-central-1" {
				t.Errorf("call span %s: cloud.region = %v, want eu-central-1", c.name, c.tags["cloud.region"])
			}
			for _, a := range c.attempts {
				if r, ok := a.tags["cloud.region"]; ok {
					t.Errorf("attempt span %s: cloud.region = %v, want it on the call span only", a.name, r)
				}
			}
			for _, a := range c.attempts {
				got = append(got, a.requestID)
			}
		}
		var want []string
		for _, r := range ep.Requests() {
			want = append(want, r.RequestID)
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("aws.request_id in Jaeger = %q,\nthe endpoint issued %q", got, want)
		}
	})

	// Both services are listed.
	services := j.Services(t)
	for _, want := range []string{"ec2-example", "ec2-example-grpc"} {
		if !slices.Contains(services, want) {
			t.Errorf("/api/services = %q, want %s among them", services, want)
		}
	}
}

// summaryTraceID reads the trace ID from the summary's Jaeger link.
func summaryTraceID(t *testing.T, stdout, ui string) string {
	t.Helper()
	m := regexp.MustCompile(`Jaeger: +` + regexp.QuoteMeta(ui) + `/trace/([0-9a-f]{32})\n`).FindStringSubmatch(stdout)
	if m == nil {
		t.Fatalf("the summary has no Jaeger link to %s/trace/...:\n%s", ui, tail(stdout))
	}
	return m[1]
}

// clientSpan is a client span as Jaeger returned it: a call span with its
// attempts, or an attempt span.
type clientSpan struct {
	name      string
	id        string
	parent    string // the span ID it is a CHILD_OF
	role      string // requesthook.role: call or attempt
	tags      map[string]any
	status    int
	size      int64
	requestID string
	start     time.Time
	dur       time.Duration

	resends      int           // an attempt's http.request.resend_count
	nAttempts    int           // a call's aws.sdk.attempts
	attemptStart time.Time     // a call's requesthook.final_attempt.start
	attempts     []*clientSpan // a call's attempt spans, in order of start
}

// checkTrace checks the trace's tree and spans: the root; below it one call
// span per SDK call with status, size, request ID, attempt count and AWS
// error code; below each call one attempt span per HTTP request with status,
// size, request ID and resend count (the call span alone carries the
// invocation ID and the region, once). It returns
// the call spans in order of start.
func checkTrace(t *testing.T, tr jaegertest.Trace) []*clientSpan {
	t.Helper()
	var root *jaegertest.Span
	var calls, attempts []*clientSpan
	for i := range tr.Spans {
		s := &tr.Spans[i]
		tags := map[string]any{}
		for _, tag := range s.Tags {
			tags[tag.Key] = tag.Value
		}
		if s.OperationName == "ec2-example" {
			root = s
			continue
		}
		if tags["span.kind"] != "client" {
			t.Errorf("span %s: span.kind = %v, want client", s.OperationName, tags["span.kind"])
		}
		c := &clientSpan{name: s.OperationName, id: s.SpanID, tags: tags,
			start: time.UnixMicro(s.StartTime), dur: time.Duration(s.Duration) * time.Microsecond}
		c.role, _ = tags["requesthook.role"].(string)
		if len(s.References) == 1 && s.References[0].RefType == "CHILD_OF" {
			c.parent = s.References[0].SpanID
		} else {
			t.Errorf("span %s (%s): references %+v, want one CHILD_OF", c.name, c.role, s.References)
		}
		var ok bool
		if c.status, ok = intTag(tags, "http.response.status_code"); !ok {
			t.Errorf("span %s (%s): no http.response.status_code in %v", c.name, c.role, tags)
		}
		size, ok := intTag(tags, "http.response.body.size")
		if !ok || size <= 0 {
			t.Errorf("span %s (%s): http.response.body.size = %v, want the body size", c.name, c.role, tags["http.response.body.size"])
		}
		c.size = int64(size)
		if c.requestID, _ = tags["aws.request_id"].(string); len(c.requestID) != 36 {
			t.Errorf("span %s (%s): aws.request_id = %v, want EC2's UUID", c.name, c.role, tags["aws.request_id"])
		}
		switch id, _ := tags["aws.sdk.invocation_id"].(string); {
		case c.role == "call" && id == "":
			t.Errorf("call span %s: no aws.sdk.invocation_id", c.name)
		case c.role == "attempt" && id != "":
			t.Errorf("attempt span %s: aws.sdk.invocation_id %q, want it on the call span only", c.name, id)
		}
		op := strings.TrimPrefix(c.name, "EC2.")
		for k, want := range map[string]string{"rpc.system.name": "aws-api", "rpc.method": "EC2/" + op} {
			if tags[k] != want {
				t.Errorf("span %s (%s): %s = %v, want %s", c.name, c.role, k, tags[k], want)
			}
		}
		if c.status >= 400 && tags["otel.status_code"] != "ERROR" {
			t.Errorf("span %s (%s) with status %d: otel.status_code = %v, want ERROR", c.name, c.role, c.status, tags["otel.status_code"])
		}
		switch c.role {
		case "call":
			if c.nAttempts, ok = intTag(tags, "aws.sdk.attempts"); !ok {
				t.Errorf("call span %s: no aws.sdk.attempts", c.name)
			}
			ns, ok := int64Tag(tags, "requesthook.final_attempt.start")
			if !ok {
				t.Errorf("call span %s: no requesthook.final_attempt.start", c.name)
			}
			c.attemptStart = time.Unix(0, ns)
			calls = append(calls, c)
		case "attempt":
			if c.resends, ok = intTag(tags, "http.request.resend_count"); !ok {
				t.Errorf("attempt span %s: no http.request.resend_count", c.name)
			}
			if tags["http.request.method"] != "POST" {
				t.Errorf("attempt span %s: http.request.method = %v, want POST", c.name, tags["http.request.method"])
			}
			if u, _ := tags["url.full"].(string); strings.Contains(u, "Signature") || strings.Contains(u, "Credential") {
				t.Errorf("attempt span %s: url.full %q carries a secret", c.name, u)
			}
			attempts = append(attempts, c)
		default:
			t.Errorf("span %s: requesthook.role = %v, want call or attempt", c.name, tags["requesthook.role"])
		}
	}
	if root == nil {
		t.Fatalf("trace %s has no root span ec2-example", tr.TraceID)
	}

	// The tree: every call is a child of the root, every attempt a child of
	// a call.
	byID := map[string]*clientSpan{}
	for _, c := range calls {
		byID[c.id] = c
		if c.parent != root.SpanID {
			t.Errorf("call span %s is not a child of the root span", c.name)
		}
	}
	for _, a := range attempts {
		c := byID[a.parent]
		if c == nil {
			t.Errorf("attempt span %s (status %d) is not a child of a call span", a.name, a.status)
			continue
		}
		if a.name != c.name {
			t.Errorf("attempt span %s is a child of call span %s", a.name, c.name)
		}
		c.attempts = append(c.attempts, a)
	}
	byStart := func(a, b *clientSpan) int { return a.start.Compare(b.start) }
	slices.SortFunc(calls, byStart)
	for _, c := range calls {
		slices.SortFunc(c.attempts, byStart)
		if len(c.attempts) != c.nAttempts {
			t.Errorf("call span %s: aws.sdk.attempts = %d, but it has %d attempt spans", c.name, c.nAttempts, len(c.attempts))
		}
		// The call ends as its final attempt did.
		if n := len(c.attempts); n > 0 {
			if last := c.attempts[n-1]; c.status != last.status || c.size != last.size || c.requestID != last.requestID {
				t.Errorf("call span %s: status, size, request ID %d %d %s; its final attempt's %d %d %s",
					c.name, c.status, c.size, c.requestID, last.status, last.size, last.requestID)
			}
		}
	}

	// Each call in order of start: name, status, AWS error code, and each
	// of its attempts' status, resend count and AWS error code.
	type attempt struct {
		status, resends int
		errorType       string
	}
	want := []struct {
		name      string
		status    int
		errorType string
		attempts  []attempt
	}{
		{"EC2.DescribeVolumes", 200, "", []attempt{{200, 0, ""}}},
		{"EC2.DescribeInstances", 200, "", []attempt{{200, 0, ""}}},
		// Throttled once: one call, two attempts.
		{"EC2.DescribeAvailabilityZones", 200, "", []attempt{{503, 0, "RequestLimitExceeded"}, {200, 1, ""}}},
		{"EC2.DescribeVolumes", 400, "InvalidVolume.NotFound", []attempt{{400, 0, "InvalidVolume.NotFound"}}},
	}
	if len(calls) != len(want) || len(attempts) != wantAttempts {
		t.Fatalf("trace has %d call spans and %d attempt spans, want %d and %d", len(calls), len(attempts), len(want), wantAttempts)
	}
	for i, w := range want {
		c := calls[i]
		if et, _ := c.tags["error.type"].(string); c.name != w.name || c.status != w.status || et != w.errorType {
			t.Errorf("call %d: %s status %d error.type %q, want %s %d %q", i+1, c.name, c.status, et, w.name, w.status, w.errorType)
		}
		var got []attempt
		for _, a := range c.attempts {
			et, _ := a.tags["error.type"].(string)
			got = append(got, attempt{a.status, a.resends, et})
		}
		if !slices.Equal(got, w.attempts) {
			t.Errorf("call %d (%s): attempts (status, resend count, error.type) %v, want %v", i+1, c.name, got, w.attempts)
		}
	}
	if a, b := calls[0].tags["aws.sdk.invocation_id"], calls[3].tags["aws.sdk.invocation_id"]; a == b {
		t.Errorf("two different calls share the invocation ID %v", a)
	}
	return calls
}

func intTag(tags map[string]any, k string) (int, bool) {
	n, ok := int64Tag(tags, k)
	return int(n), ok
}

func int64Tag(tags map[string]any, k string) (int64, bool) {
	switch v := tags[k].(type) {
	case json.Number:
		n, err := v.Int64()
		return n, err == nil
	case float64:
		return int64(v), true
	case string:
		n, err := strconv.ParseInt(v, 10, 64)
		return n, err == nil
	}
	return 0, false
}

// checkLogMatches checks that the legacy log has exactly one line per call
// span: the same operation, status and size, the duration to the microsecond
// (timed from the final attempt's start, as boto timed a call; Jaeger and the
// log round differently by at most 1 µs each) and the end time to the second.
func checkLogMatches(t *testing.T, spans []*clientSpan, lines [][]string) {
	t.Helper()
	if len(lines) != len(spans) {
		t.Fatalf("the legacy log has %d lines, Jaeger %d call spans", len(lines), len(spans))
	}
	used := make([]bool, len(lines))
	for _, s := range spans {
		found := false
		for i, l := range lines {
			if used[i] || "EC2."+l[4] != s.name || l[1] != strconv.Itoa(s.status) || l[3] != strconv.FormatInt(s.size, 10) {
				continue
			}
			secs, err := strconv.ParseFloat(l[2], 64)
			if err != nil {
				t.Fatalf("log duration %q: %v", l[2], err)
			}
			dur := s.start.Add(s.dur).Sub(s.attemptStart.Truncate(time.Microsecond))
			if d := time.Duration(secs*1e6)*time.Microsecond - dur; d < -2*time.Microsecond || d > 2*time.Microsecond {
				continue
			}
			end, err := time.ParseInLocation("2006-01-02 15:04:05", l[0], time.Local)
			if err != nil {
				t.Fatalf("log time %q: %v", l[0], err)
			}
			if d := s.start.Add(s.dur).Sub(end); d < -time.Second || d > 2*time.Second {
				continue
			}
			used[i], found = true, true
			break
		}
		if !found {
			t.Errorf("no log line matches Jaeger's call span %s (status %d, size %d, %s from its final attempt); log:\n%q",
				s.name, s.status, s.size, s.start.Add(s.dur).Sub(s.attemptStart), lines)
		}
	}
}
