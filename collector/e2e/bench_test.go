//go:build e2e

package e2e

import (
	"testing"
	"time"

	"go.opentelemetry.io/collector/pdata/ptrace"

	"github.com/requesthook/requesthook/collector/internal/fixtures"
)

// BenchmarkDistribution measures spans per second through the running
// distribution: each op posts a batch of 1000 spans (200 copies of the
// requesthook fixture: calls, attempts, plain HTTP requests and failed
// calls) as OTLP/HTTP protobuf, and the clock stops once the central file
// holds all their lines.
//
//	go test -tags e2e -run '^$' -bench Distribution -benchtime 200x -v ./e2e
func BenchmarkDistribution(b *testing.B) {
	s := startStack(b, false)
	td := ptrace.NewTraces()
	for range 200 {
		fixtures.All()[0].Traces().ResourceSpans().MoveAndAppendTo(td.ResourceSpans())
	}
	spans, linesPer := td.SpanCount(), 200*len(fixtures.All()[0].PerCall)
	var m ptrace.ProtoMarshaler
	body, err := m.MarshalTraces(td)
	if err != nil {
		b.Fatal(err)
	}
	url := "http://" + s.otlpHTTP + "/v1/traces"
	b.ResetTimer()
	for b.Loop() {
		post(b, url, "application/x-protobuf", body)
	}
	want := b.N * linesPer
	if !waitFor(5*time.Minute, func() bool { return countLines(s.centralLog) >= want }) {
		b.Fatalf("the central file has %d lines, want %d", countLines(s.centralLog), want)
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N*spans)/b.Elapsed().Seconds(), "spans/s")
	b.ReportMetric(float64(want)/b.Elapsed().Seconds(), "lines/s")
}

// countLines counts the lines of the file at path.
func countLines(path string) int {
	return len(readLines(path))
}
