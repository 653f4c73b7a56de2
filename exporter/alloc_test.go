//go:build !race

package exporter

import (
	"context"
	"io"
	"testing"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// TestAppendLineAllocs pins AppendLine at zero allocations.
func TestAppendLineAllocs(t *testing.T) {
	hostile := testCall(testEnd, time.Second)
	hostile.Operation = "Describe'Volumes\n\u2028\xff" + string(make([]byte, 200))
	for name, c := range map[string]struct {
		loc *time.Location
		op  string
	}{
		"UTC":     {time.UTC, "DescribeVolumes"},
		"Local":   {time.Local, "DescribeVolumes"},
		"escaped": {time.UTC, hostile.Operation},
	} {
		call := testCall(testEnd, 50*time.Microsecond)
		call.Operation = c.op
		buf := make([]byte, 0, 512)
		if n := testing.AllocsPerRun(1000, func() { buf = AppendLine(buf[:0], call, c.loc) }); n != 0 {
			t.Errorf("%s: AppendLine allocates %v times, want 0", name, n)
		}
	}
}

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
