package otelhook

import (
	"strconv"
	"testing"

	"go.opentelemetry.io/otel/attribute"
)

// TestMetricSetsBounded checks that the set cache stops growing at
// maxMetricSets and still returns a set for every key.
func TestMetricSetsBounded(t *testing.T) {
	var s metricSets[string]
	mk := func(k string) attribute.Set { return attribute.NewSet(attribute.String("k", k)) }
	for i := range maxMetricSets + 10 {
		if opts := s.get(strconv.Itoa(i), mk); len(opts) != 1 {
			t.Fatalf("key %d: %d options, want 1", i, len(opts))
		}
	}
	if got := len(s.sets); got != maxMetricSets {
		t.Errorf("cache holds %d sets, want %d", got, maxMetricSets)
	}
}

func TestStatusErrorType(t *testing.T) {
	tests := []struct {
		status int
		want   string
	}{{400, "400"}, {503, "503"}, {599, "599"}, {600, "600"}, {399, "399"}}
	for _, tt := range tests {
		if got := statusErrorType(tt.status); got != tt.want {
			t.Errorf("statusErrorType(%d) = %q, want %q", tt.status, got, tt.want)
		}
	}
}
