package requestlogexporter

import (
	"testing"
	"time"

	"go.opentelemetry.io/collector/pdata/ptrace"

	"github.com/requesthook/requesthook/apicall"
	"github.com/requesthook/requesthook/collector/internal/fixtures"
)

// benchTraces returns n copies of the requesthook fixture's spans (a call,
// its two attempts, a plain HTTP request and a failed call) in one
// ptrace.Traces, as a Collector receives a batch.
func benchTraces(n int) (td ptrace.Traces, spans int) {
	td = ptrace.NewTraces()
	for range n {
		fixtures.All()[0].Traces().ResourceSpans().MoveAndAppendTo(td.ResourceSpans())
	}
	return td, td.SpanCount()
}

// BenchmarkAppendLines measures turning pdata spans into lines, per call:
// decoding every CLIENT span's attributes through apicall and rendering the
// lines of the call spans.
//
//	go test -run '^$' -bench 'AppendLines|JSONMarshal' -benchmem -cpu 1 ./requestlogexporter/
func BenchmarkAppendLines(b *testing.B) {
	td, spans := benchTraces(200)
	loc := time.UTC
	buf, ends := appendLines(nil, nil, td, loc, apicall.PerCall)
	b.ReportAllocs()
	reportCPU(b, spans)
	b.ResetTimer()
	for b.Loop() {
		buf, ends = appendLines(buf[:0], ends[:0], td, loc, apicall.PerCall)
	}
	b.ReportMetric(float64(spans)*float64(b.N)/b.Elapsed().Seconds(), "spans/s")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(spans), "ns/span")
}

// BenchmarkJSONMarshal is the yardstick: ptrace.JSONMarshaler on the same
// traces.
func BenchmarkJSONMarshal(b *testing.B) {
	td, spans := benchTraces(200)
	var m ptrace.JSONMarshaler
	b.ReportAllocs()
	reportCPU(b, spans)
	b.ResetTimer()
	for b.Loop() {
		if _, err := m.MarshalTraces(td); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(spans)*float64(b.N)/b.Elapsed().Seconds(), "spans/s")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(spans), "ns/span")
}

// TestAppendLinesAllocs checks that rendering allocates nothing once its
// buffers have grown.
func TestAppendLinesAllocs(t *testing.T) {
	td, _ := benchTraces(20)
	buf, ends := appendLines(nil, nil, td, time.UTC, apicall.PerCall)
	allocs := testing.AllocsPerRun(50, func() {
		buf, ends = appendLines(buf[:0], ends[:0], td, time.UTC, apicall.PerCall)
	})
	if allocs != 0 {
		t.Errorf("appendLines allocates %v times per batch, want 0", allocs)
	}
}
