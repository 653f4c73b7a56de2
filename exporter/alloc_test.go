//go:build !race

package exporter

import (
	"context"
	"io"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// TestExportSpansAllocs pins ExportSpans of a batch at zero allocations
// (amortized: the pooled buffer is allocated once).
func TestExportSpansAllocs(t *testing.T) {
	spans := make([]sdktrace.ReadOnlySpan, 512)
	for i, c := range benchCalls(len(spans)) {
		spans[i] = callSpan(c)
	}
	e := New(io.Discard)
	ctx := context.Background()
	if n := testing.AllocsPerRun(100, func() {
		if err := e.ExportSpans(ctx, spans); err != nil {
			t.Fatal(err)
		}
	}); n != 0 {
		t.Errorf("ExportSpans of %d spans allocates %v times, want 0", len(spans), n)
	}
}
