package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/requesthook/requesthook/apicall"
	"github.com/requesthook/requesthook/botoline"
)

// TestMinuteStats: a minute prints once the log or the clock is 10s past it.
func TestMinuteStats(t *testing.T) {
	var out bytes.Buffer
	now := time.Date(2024, 5, 6, 7, 8, 0, 0, time.UTC)
	m := newMinuteStats(&out, formatTable, time.UTC, func() time.Time { return now })
	parse := func(line string) {
		r, err := botoline.Parse([]byte(line), time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		m.add(apicall.FromRecord(r))
	}
	parse("'2024-05-06 07:08:05', '200', '0.5', '10', 'A'\n")
	parse("'2024-05-06 07:09:05', '200', '0.5', '10', 'A'\n") // 5s past 07:09: not yet
	m.tick()
	if out.Len() != 0 {
		t.Fatalf("printed too early: %q", out.String())
	}
	parse("'2024-05-06 07:09:10', '200', '0.5', '10', 'A'\n") // the log is 10s past
	if !strings.HasPrefix(out.String(), "2024-05-06 07:08  count 1") || strings.Count(out.String(), "\n") != 1 {
		t.Fatalf("got %q", out.String())
	}
	now = time.Date(2024, 5, 6, 7, 10, 10, 0, time.UTC) // the clock is 10s past 07:09
	m.tick()
	if !strings.Contains(out.String(), "2024-05-06 07:09  count 2") {
		t.Fatalf("got %q", out.String())
	}
	parse("'2024-05-06 07:11:00', '200', '0.5', '10', 'A'\n")
	m.finish()
	if !strings.HasSuffix(out.String(), "2024-05-06 07:11  count 1  failures 0  p50 0.500000  p90 0.500000  p99 0.500000  max 0.500000  bytes 10\nTOTAL  count 4  failures 0  bytes 40\n") {
		t.Fatalf("got %q", out.String())
	}
}
