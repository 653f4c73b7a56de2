//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/collector/pdata/ptrace"

	"github.com/requesthook/requesthook/collector/internal/fixtures"
)

// TestDistribution runs the EC2 example twice against the Collector, feeds
// its receiver a legacy file and posts the fixtures as OTLP/HTTP JSON.
//
// The central file is compared with the example's local files as
// multisets, so both must hold lines of the same granularity: the
// Collector's requestlog exporter is started with per_attempt set as the
// example opens its local file (exampleWritesPerAttempt).
func TestDistribution(t *testing.T) {
	perAttempt, err := exampleWritesPerAttempt()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("examples/ec2 writes its local file per %s: the central exporter does too", map[bool]string{false: "call", true: "attempt"}[perAttempt])
	s := startStack(t, perAttempt)

	t.Run("two example runs", func(t *testing.T) {
		var local []string
		var traceIDs []string
		for i, service := range []string{"ec2-run-1", "ec2-run-2"} {
			logPath := filepath.Join(t.TempDir(), "request_log.csv")
			traceIDs = append(traceIDs, runExample(t, s, service, logPath))
			lines := readLines(logPath)
			if len(lines) == 0 {
				t.Fatalf("run %d wrote no local line", i+1)
			}
			local = append(local, lines...)
		}
		// The central file holds exactly the lines of both local files.
		if !waitFor(30*time.Second, func() bool { return len(readLines(s.centralLog)) >= len(local) }) {
			t.Fatalf("the central file has %d lines, want %d", len(readLines(s.centralLog)), len(local))
		}
		time.Sleep(time.Second) // time for an unwanted extra line
		central := readLines(s.centralLog)
		if onlyCentral, onlyLocal := multisetDiff(central, local); len(onlyCentral)+len(onlyLocal) > 0 {
			t.Errorf("the central file and the two local files differ (per_attempt %v):\nonly in the central file:\n%s\nonly in the local files:\n%s",
				s.perAttempt, strings.Join(onlyCentral, "\n"), strings.Join(onlyLocal, "\n"))
		}
		t.Logf("%d lines in the central file, as in the two local files", len(central))
		// Jaeger has both traces.
		for _, id := range traceIDs {
			if !waitFor(30*time.Second, func() bool { _, err := s.jaeger.Trace(id); return err == nil }) {
				t.Errorf("Jaeger does not have trace %s", id)
			}
		}
	})

	t.Run("legacy file through the receiver", func(t *testing.T) {
		path := filepath.Join(s.legacyDir, "host-7.csv")
		legacy := []string{
			`'2014-02-26 21:38:27', '200', '0.791542', '592', 'DescribeVolumes'`,
			`'2014-02-26 21:38:28', '503', '0.000226', '227', 'DescribeAvailabilityZones'`,
			`this line is malformed`,
			`'2014-02-26 21:38:29', '0', '2.0', '0', 'DescribeInstances'`,
		}
		if err := os.WriteFile(path, []byte(strings.Join(legacy, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		want := []string{"DescribeAvailabilityZones", "DescribeInstances", "DescribeVolumes"}
		var got []string
		ok := waitFor(30*time.Second, func() bool {
			got = nil
			trs, _ := s.jaeger.Traces("unknown_service:requestlog")
			for _, tr := range trs {
				for _, sp := range tr.Spans {
					if sp.Tag("log.file.path") == path {
						got = append(got, sp.OperationName)
					}
				}
			}
			slices.Sort(got)
			return len(got) >= len(want)
		})
		if !ok || !slices.Equal(got, want) {
			t.Errorf("spans from %s in Jaeger: %q, want %q", path, got, want)
		}
		t.Logf("Jaeger has the %d spans of the legacy file's well-formed lines", len(got))
	})

	t.Run("fixtures as OTLP/HTTP JSON", func(t *testing.T) {
		fxs := fixtures.All()
		// The fixture without lines first: the lines of the next prove it
		// wrote none.
		slices.SortStableFunc(fxs, func(a, b fixtures.Fixture) int { return len(a.PerCall) - len(b.PerCall) })
		base := len(readLines(s.centralLog))
		var want []string
		var m ptrace.JSONMarshaler
		for _, fx := range fxs {
			body, err := m.MarshalTraces(fx.Traces())
			if err != nil {
				t.Fatal(err)
			}
			post(t, "http://"+s.otlpHTTP+"/v1/traces", "application/json", body)
			lines := fx.PerCall
			if s.perAttempt {
				lines = fx.PerAttempt
			}
			want = append(want, lines...)
			if len(lines) == 0 {
				continue
			}
			waitFor(30*time.Second, func() bool { return len(readLines(s.centralLog)) >= base+len(want) })
			fixtures.CompareLines(t, "after "+fx.Name+", new ", readLines(s.centralLog)[base:], want)
		}
	})
}

// runExample runs `go run ./examples/ec2` exporting OTLP/HTTP to the
// Collector as service, with its local log at logPath, in UTC like the
// Collector, and returns the trace ID its summary links to.
func runExample(t *testing.T, s *stack, service, logPath string) string {
	t.Helper()
	ui := s.jaeger.UI()
	ctx, cancel := context.WithTimeout(context.Background(), exampleTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", "run", "./examples/ec2", "-log", logPath, "-jaeger-ui", ui)
	cmd.WaitDelay = 10 * time.Second
	cmd.Dir = repoRoot
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "OTEL_") && !strings.HasPrefix(kv, "TZ=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "TZ=UTC", "OTEL_EXPORTER_OTLP_ENDPOINT=http://"+s.otlpHTTP, "OTEL_SERVICE_NAME="+service)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			err = fmt.Errorf("%w (not done within %s)", err, exampleTimeout)
		}
		t.Fatalf("go run ./examples/ec2 (%s): %v\nstdout:\n%s\nstderr:\n%s", service, err, stdout.String(), stderr.String())
	}
	m := regexp.MustCompile(`Jaeger: +` + regexp.QuoteMeta(ui) + `/trace/([0-9a-f]{32})\n`).FindStringSubmatch(stdout.String())
	if m == nil {
		t.Fatalf("the summary of %s has no Jaeger link:\n%s", service, stdout.String())
	}
	return m[1]
}

// exampleTimeout bounds one run of the example, its build included.
const exampleTimeout = 5 * time.Minute

// exampleWritesPerAttempt reports whether examples/ec2 opens its local
// request log with exporter.WithPerAttempt, read from its source.
func exampleWritesPerAttempt() (bool, error) {
	src := filepath.Join(repoRoot, "examples", "ec2", "telemetry.go")
	b, err := os.ReadFile(src)
	if err != nil {
		return false, fmt.Errorf("reading the example's telemetry setup: %w", err)
	}
	open := regexp.MustCompile(`exporter\.Open\([^\n]*\)`).Find(b)
	if open == nil {
		return false, fmt.Errorf("%s: no exporter.Open call: the test cannot tell the granularity of the example's local file", src)
	}
	return bytes.Contains(open, []byte("WithPerAttempt()")), nil
}

// multisetDiff returns the lines of a that b lacks and those of b that a
// lacks, counting repeats, each sorted.
func multisetDiff(a, b []string) (onlyA, onlyB []string) {
	n := map[string]int{}
	for _, l := range a {
		n[l]++
	}
	for _, l := range b {
		n[l]--
	}
	for l, c := range n {
		for ; c > 0; c-- {
			onlyA = append(onlyA, l)
		}
		for ; c < 0; c++ {
			onlyB = append(onlyB, l)
		}
	}
	slices.Sort(onlyA)
	slices.Sort(onlyB)
	return onlyA, onlyB
}
