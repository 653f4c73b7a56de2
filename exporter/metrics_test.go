package exporter

import (
	"context"
	"slices"
	"strconv"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
)

// testMeters returns a MeterProvider and a function that collects the value
// of an instrument: the sum of a counter's (or an up-down counter's) points,
// or the count of a histogram's, whose attributes include want.
func testMeters(t *testing.T) (*sdkmetric.MeterProvider, func(name string, want ...attribute.KeyValue) int64) {
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	t.Cleanup(func() { mp.Shutdown(context.Background()) })
	return mp, func(name string, want ...attribute.KeyValue) int64 {
		t.Helper()
		var rm metricdata.ResourceMetrics
		if err := reader.Collect(context.Background(), &rm); err != nil {
			t.Fatal(err)
		}
		match := func(set attribute.Set) bool {
			for _, kv := range want {
				if v, ok := set.Value(kv.Key); !ok || v != kv.Value {
					return false
				}
			}
			return true
		}
		var total int64
		for _, sm := range rm.ScopeMetrics {
			if sm.Scope.Name != scopeName {
				continue
			}
			for _, m := range sm.Metrics {
				if m.Name != name {
					continue
				}
				switch d := m.Data.(type) {
				case metricdata.Sum[int64]:
					for _, p := range d.DataPoints {
						if match(p.Attributes) {
							total += p.Value
						}
					}
				case metricdata.Histogram[float64]:
					for _, p := range d.DataPoints {
						if match(p.Attributes) {
							total += int64(p.Count)
						}
					}
				default:
					t.Fatalf("%s has data %T", name, m.Data)
				}
			}
		}
		return total
	}
}

// reason is the attribute of requesthook.exporter.lines.dropped.
func reason(r string) attribute.KeyValue { return attribute.String("reason", r) }

// TestProcessorMetrics checks the processor's own metrics: exact counts in a
// normal run and with a writer whose writes keep failing.
func TestProcessorMetrics(t *testing.T) {
	t.Run("normal", func(t *testing.T) {
		mp, value := testMeters(t)
		var w writeRecorder
		p := NewProcessor(New(&w), WithBatchSize(100), WithQueueSize(1000), WithBatchTimeout(time.Hour), WithMeterProvider(mp))
		tr := newTestProvider(t, p).Tracer("test")
		for i := range 700 {
			endCall(tr, "Op"+strconv.Itoa(i))
		}
		if err := p.ForceFlush(t.Context()); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name  string
			attrs []attribute.KeyValue
			want  int64
		}{
			{metricLinesWritten, nil, 700},
			{metricLinesDropped, nil, 0},
			{metricWriteDuration, nil, int64(w.writes())},
			{metricWriteDuration, []attribute.KeyValue{attribute.String("error.type", "write_error")}, 0},
			{metricQueueSize, nil, 0},
			{metricQueueCapacity, nil, 1000},
			{metricLinesWritten, []attribute.KeyValue{attribute.String("otel.component.type", "requesthook_processor")}, 700},
		}
		for _, tt := range tests {
			if got := value(tt.name, tt.attrs...); got != tt.want {
				t.Errorf("%s%v = %d, want %d", tt.name, tt.attrs, got, tt.want)
			}
		}
		if w.writes() != 7 {
			t.Errorf("%d writes, want 7 batches", w.writes())
		}
	})
	tests := []struct {
		name        string
		faults      []int // see faultyWriter; -2 tears the second line
		retry       time.Duration
		written     int64
		writeErrors int64 // lines given up
		writes      int64
		failed      int64 // writes that failed
	}{
		// Without retries: nothing written, or the second line torn (and
		// completed later, as New does) and the other three given up.
		{"failing writer", []int{0}, 0, 0, 5, 1, 1},
		{"torn then given up", []int{tearSecondLine}, 0, 2, 3, 1, 1},
		// Failed writes retried until the writer recovers.
		{"recovering writer", []int{0, 0, tearSecondLine, 0}, time.Minute, 5, 0, 5, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recordErrors(t)
			mp, value := testMeters(t)
			w := &faultyWriter{faults: slices.Clone(tt.faults)}
			p := NewProcessor(New(w), WithBatchTimeout(time.Hour), WithRetryTimeout(tt.retry), WithMeterProvider(mp))
			tr := newTestProvider(t, p).Tracer("test")
			for i := range 5 {
				endCall(tr, "Op"+strconv.Itoa(i))
			}
			err := p.ForceFlush(t.Context())
			if (err != nil) != (tt.writeErrors > 0) {
				t.Fatalf("ForceFlush = %v", err)
			}
			checks := []struct {
				name  string
				attrs []attribute.KeyValue
				want  int64
			}{
				{metricLinesWritten, nil, tt.written},
				{metricLinesDropped, []attribute.KeyValue{reason(reasonWriteError)}, tt.writeErrors},
				{metricLinesDropped, nil, tt.writeErrors},
				{metricWriteDuration, nil, tt.writes},
				{metricWriteDuration, []attribute.KeyValue{attribute.String("error.type", "write_error")}, tt.failed},
			}
			for _, c := range checks {
				if got := value(c.name, c.attrs...); got != c.want {
					t.Errorf("%s%v = %d, want %d", c.name, c.attrs, got, c.want)
				}
			}
		})
	}
}
