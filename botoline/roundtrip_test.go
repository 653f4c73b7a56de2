package botoline_test

import (
	"bytes"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/requesthook/requesthook/botoline"
	"github.com/requesthook/requesthook/internal/golden"
)

// TestRoundTripGolden: AppendLine(ParseLine(line)) == line for every line
// boto wrote.
func TestRoundTripGolden(t *testing.T) {
	for i, g := range golden.Load(t) {
		c, err := botoline.Parse([]byte(g.Line), time.UTC)
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		if got := string(botoline.Append(nil, c, time.UTC)); got != g.Line {
			t.Errorf("case %d: AppendLine(ParseLine(line))\n got %q\nwant %q", i, got, g.Line)
		}
	}
}

// roundTripCalls are calls AppendLine renders in every way it can: each
// escape, the length cap, exponent durations, failures, unknown sizes,
// negative durations and years outside 0..9999.
func roundTripCalls() []botoline.Record {
	end := time.Date(2024, 2, 29, 23, 59, 59, 999999999, time.UTC)
	calls := []botoline.Record{
		{Start: end.Add(-791542 * time.Microsecond), End: end, Status: 200, Size: 592, Operation: "DescribeVolumes"},
		{Start: end.Add(-2 * time.Second), End: end, Status: 200, Size: -1, Operation: "GetObject"},
		{Start: end.Add(-50 * time.Microsecond), End: end, Status: 503, Size: 0, Operation: "X"},
		{Start: end.Add(-99 * time.Microsecond), End: end, Status: 0, Size: 0, Operation: "X"},
		{Start: end.Add(-99 * time.Microsecond), End: end, Status: 0, Size: 0, Operation: "X"},
		{Start: end.Add(-99 * time.Microsecond), End: end, Status: 0, Size: 17, Operation: "X"},
		{Start: end.Add(-99 * time.Microsecond), End: end, Status: 0, Size: -1, Operation: "X"},
		{Start: end.Add(1500 * time.Millisecond), End: end, Status: -7, Size: math.MaxInt64, Operation: ""},
		{Start: end.Add(-math.MaxInt64), End: end, Status: 200, Size: 1},
		{Start: end.Add(math.MaxInt64), End: end, Status: 200, Size: 1},
		{Start: end.Add(-1000000500 * time.Millisecond), End: end, Status: 200, Size: 1, Operation: "a'b''c\\d\ne\rf\tg\x00h\x1f\x7f\xff\xc3(\u0080\u009f\u00a0\u2028\u2029😀'"},
		{Start: end, End: end, Status: 200, Operation: strings.Repeat("a", 200)},
		{Start: end, End: end, Status: 200, Operation: strings.Repeat("\x01", 200)},
		{Start: end, End: end, Status: 200, Operation: strings.Repeat("é", 200)},
		{Start: end, End: end, Status: 200, Operation: strings.Repeat("'", 200)},
		{Start: end, End: end, Status: 200, Operation: strings.Repeat("a", 124) + "\u2028" + "bbbb"},
		{Start: end, End: end, Status: 200, Operation: strings.Repeat("a", 125) + "..."},
		{Start: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(10000, 1, 1, 0, 0, 1, 0, time.UTC), Status: 200},
		{Start: time.Date(-5, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(-5, 1, 1, 0, 0, 1, 0, time.UTC), Status: 200},
		{Start: time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), Status: 200},
	}
	for us := int64(1); us < 1e13; us = us*7 + 3 {
		calls = append(calls, botoline.Record{Start: end.Add(-time.Duration(us) * time.Microsecond), End: end, Status: 200, Size: us, Operation: "Op"})
	}
	return calls
}

// TestRoundTripAppendLine: for calls AppendLine renders in every way it can,
// ParseLine reads the line back into a call that renders to the same bytes,
// and the fields that survive the line survive exactly.
func TestRoundTripAppendLine(t *testing.T) {
	locs := []*time.Location{time.UTC, time.FixedZone("UTC-7", -7*3600)}
	if ny, err := time.LoadLocation("America/New_York"); err == nil {
		locs = append(locs, ny)
	}
	for _, loc := range locs {
		for i, c := range roundTripCalls() {
			line := botoline.Append(nil, c, loc)
			got, err := botoline.Parse(line, loc)
			if err != nil {
				t.Fatalf("%v call %d: ParseLine(%q): %v", loc, i, line, err)
			}
			if again := botoline.Append(nil, got, loc); !bytes.Equal(again, line) {
				t.Errorf("%v call %d: round trip\n got %q\nwant %q", loc, i, again, line)
			}
			if got.Status != c.Status {
				t.Errorf("%v call %d: StatusCode = %d, want %d", loc, i, got.Status, c.Status)
			}
			// An escape is at most 6 bytes long, so these are never capped.
			if len(c.Operation) <= botoline.MaxFieldLen/6 && got.Operation != c.Operation {
				t.Errorf("%v call %d: Operation = %q, want %q", loc, i, got.Operation, c.Operation)
			}
		}
	}
}

func TestRoundTripBlockedDST(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip("no time zone database:", err)
	}
	// 01:30 happens twice on 2024-11-03 in New York; both render alike.
	for _, end := range []time.Time{
		time.Date(2024, 11, 3, 5, 30, 0, 0, time.UTC),
		time.Date(2024, 11, 3, 6, 30, 0, 0, time.UTC),
	} {
		c := botoline.Record{Start: end.Add(-3 * time.Second), End: end, Status: 200, Size: 1, Operation: "X"}
		line := botoline.Append(nil, c, ny)
		got, err := botoline.Parse(line, ny)
		if err != nil {
			t.Fatal(err)
		}
		if again := botoline.Append(nil, got, ny); !bytes.Equal(again, line) {
			t.Errorf("got %q, want %q", again, line)
		}
	}
}
