package main

import (
	"bytes"
	"context"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// readReport reads the log lines into report data, failing the test on
// any error.
func readReport(t *testing.T, lines []byte, cf callFilter) *reportData {
	t.Helper()
	d := newReportData()
	e := &env{stdin: bytes.NewReader(lines), stdout: io.Discard, stderr: io.Discard}
	if err := d.readFile(context.Background(), e, "-", time.UTC, cf, &malformed{w: io.Discard}); err != nil {
		t.Fatal(err)
	}
	return d
}

func TestReportSeries(t *testing.T) {
	d := readReport(t, knownLog(), callFilter{})
	tl := newTimeline(d.first, d.last, d.calls, time.UTC)
	if tl.start != reportT0.Unix() || tl.width != 30 || tl.n != 10 {
		t.Fatalf("timeline = start %v, width %d s, %d buckets; want %v, 30 s, 10", time.Unix(tl.start, 0).UTC(), tl.width, tl.n, reportT0)
	}
	ops := d.byCount()
	each, all := allSeries(ops, tl)
	if len(each) != 2 || each[0].name != "GetItem" || each[1].name != "PutItem" {
		t.Fatalf("operations = %v, want GetItem then PutItem", []string{each[0].name, each[1].name})
	}
	get, put := each[0], each[1]

	tests := []struct {
		name      string
		got, want any
	}{
		{"GetItem calls", get.calls, []int64{3, 3, 3, 3, 3, 3, 3, 3, 3, 3}},
		{"PutItem calls", put.calls, []int64{1, 1, 1, 1, 1, 1, 1, 1, 1, 1}},
		{"all calls", all.calls, []int64{4, 4, 4, 4, 4, 4, 4, 4, 4, 4}},
		// Bucket b of GetItem holds 10(3b+1), 10(3b+2) and 10(3b+3) ms:
		// p50 is the second, p90 and p99 the third.
		{"GetItem p50", get.latency[0][:3], []float64{0.02, 0.05, 0.08}},
		{"GetItem p90", get.latency[1][:3], []float64{0.03, 0.06, 0.09}},
		{"GetItem p99", get.latency[2][:3], []float64{0.03, 0.06, 0.09}},
		{"PutItem p50", put.latency[0][9], 0.5},
		// All in bucket 0: 10, 20, 30, 500 ms.
		{"all p50 bucket 0", all.latency[0][0], 0.02},
		{"all p90 bucket 0", all.latency[1][0], 0.5},
		{"PutItem failures", put.fails, []int64{1, 0, 0, 1, 0, 1, 0, 0, 0, 0}},
		{"GetItem failures", get.fails, make([]int64, 10)},
		{"all statuses", all.statuses, []statusCount{{503, 2}, {0, 1}}},
		{"PutItem status 0", put.byStatus[0], []int64{0, 0, 0, 1, 0, 0, 0, 0, 0, 0}},
		{"GetItem statuses", len(get.statuses), 0},
		{"GetItem unknown sizes", get.unknownSizes, int64(0)},
		{"PutItem unknown sizes", put.unknownSizes, int64(2)}, // None, and no response
		{"all unknown sizes", all.unknownSizes, int64(2)},
		{"GetItem size bins", nonZeroBins(get.sizeHist), map[int]int64{10: 15, 13: 15}},
		{"PutItem size bins", nonZeroBins(put.sizeHist), map[int]int64{8: 8}},
		{"all size bins", nonZeroBins(all.sizeHist), map[int]int64{8: 8, 10: 15, 13: 15}},
		{"GetItem row", [4]int64{get.row.Count, get.row.Failures, get.row.p50, get.row.max}, [4]int64{30, 0, 150000, 300000}},
		{"PutItem row", [4]int64{put.row.Count, put.row.Failures, put.row.Bytes, put.row.p99}, [4]int64{10, 3, 1600, 500000}},
		{"all row", [4]int64{all.row.Count, all.row.Failures, all.row.p50, all.row.p90}, [4]int64{40, 3, 200000, 500000}},
	}
	for _, tt := range tests {
		if !equalish(tt.got, tt.want) {
			t.Errorf("%s = %v, want %v", tt.name, tt.got, tt.want)
		}
	}
}

// equalish compares values, floats to within a nanosecond.
func equalish(got, want any) bool {
	switch w := want.(type) {
	case float64:
		g, ok := got.(float64)
		return ok && math.Abs(g-w) < 1e-9
	case []float64:
		g, ok := got.([]float64)
		return ok && slices.EqualFunc(g, w, func(a, b float64) bool { return math.Abs(a-b) < 1e-9 })
	}
	return fmtAny(got) == fmtAny(want)
}

func nonZeroBins(h [sizeBins]int64) map[int]int64 {
	m := make(map[int]int64)
	for i, n := range h {
		if n > 0 {
			m[i] = n
		}
	}
	return m
}

// TestReportRowsMatchStats checks that the report's table holds what
// "requestlog stats" prints for the golden log.
func TestReportRowsMatchStats(t *testing.T) {
	path, _ := writeGolden(t, "")
	e := &env{stdout: io.Discard, stderr: io.Discard}
	agg, err := newAggregator("operation", time.UTC, callFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if err := agg.readFile(context.Background(), e, path, &malformed{w: io.Discard}); err != nil {
		t.Fatal(err)
	}
	wantRows, wantTotal := agg.rows()

	d := newReportData()
	if err := d.readFile(context.Background(), e, path, time.UTC, callFilter{}, &malformed{w: io.Discard}); err != nil {
		t.Fatal(err)
	}
	each, all := allSeries(d.byCount(), newTimeline(d.first, d.last, d.calls, time.UTC))
	if len(each) != len(wantRows) {
		t.Fatalf("%d operations, want %d", len(each), len(wantRows))
	}
	for i, s := range each {
		got, want := s.row, wantRows[i]
		if got != want {
			t.Errorf("row %d = %+v, want %+v", i, got, want)
		}
	}
	if all.row != wantTotal {
		t.Errorf("total = %+v, want %+v", all.row, wantTotal)
	}
}

func TestQuantileSortedMatchesSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 200 {
		var lists [][]int64
		var flat []int64
		for range 1 + rng.IntN(6) {
			l := make([]int64, rng.IntN(20))
			for i := range l {
				l[i] = rng.Int64N(1000) - 100
			}
			slices.Sort(l)
			lists = append(lists, l)
			flat = append(flat, l...)
		}
		slices.Sort(flat)
		for _, q := range []float64{0, 0.01, 0.5, 0.9, 0.99, 1} {
			got := quantileSorted(lists, q)
			var want int64
			if len(flat) > 0 {
				want = flat[rank(q, len(flat))-1]
			}
			if got != want {
				t.Fatalf("trial %d: quantileSorted(%v, %v) = %d, want %d", trial, lists, q, got, want)
			}
		}
	}
}

func TestTimeline(t *testing.T) {
	base := time.Date(2024, 3, 1, 10, 0, 7, 0, time.UTC).Unix()
	tests := []struct {
		name      string
		span      int64
		calls     int
		width     int64
		maxBucket int
	}{
		{"one call", 0, 1, 1, 1},
		{"sparse minute", 60, 5, 5, 20},
		{"dense minute", 60, 100_000, 1, 61},
		{"dense hour", 3600, 1_000_000, 30, 200},
		{"dense day", 86400, 1_000_000, 10 * 60, 200},
		{"dense month", 30 * 86400, 1_000_000, 6 * 3600, 200},
		{"dense decade", 3650 * 86400, 1_000_000, 28 * 86400, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tl := newTimeline(base, base+tt.span, tt.calls, time.UTC)
			if tl.width != tt.width {
				t.Errorf("width = %d s, want %d s", tl.width, tt.width)
			}
			if tl.n > tt.maxBucket || tl.n > maxBuckets {
				t.Errorf("%d buckets, want at most %d", tl.n, tt.maxBucket)
			}
			if tl.start > base || tl.end() <= base+tt.span {
				t.Errorf("buckets from %d to %d do not cover %d to %d", tl.start, tl.end(), base, base+tt.span)
			}
			if tl.index(base) != 0 || tl.index(base+tt.span) != tl.n-1 {
				t.Errorf("first and last calls in buckets %d and %d of %d", tl.index(base), tl.index(base+tt.span), tl.n)
			}
		})
	}
}

func TestTimelineAlignsInZone(t *testing.T) {
	loc := time.FixedZone("UTC+05:30", 5*3600+1800)
	first := time.Date(2024, 3, 1, 10, 7, 0, 0, loc).Unix()
	tl := newTimeline(first, first+86400, 1_000_000, loc)
	if got := time.Unix(tl.start, 0).In(loc).Format("15:04"); got != "10:00" {
		t.Errorf("first bucket starts at %s, want 10:00 in its zone", got)
	}
}
