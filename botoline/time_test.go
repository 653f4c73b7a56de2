package botoline

import (
	"math/rand/v2"
	"strconv"
	"testing"
	"time"
)

// TestAppendTime compares the time column with time's own calendar
// (appendTimeSlow, and Format for the years 1 to 9999) in UTC, fixed zones
// and a zone with daylight saving time, over random instants of every era,
// around the bounds of the fast path and at day, month and leap-year edges.
func TestAppendTime(t *testing.T) {
	locs := []*time.Location{time.UTC, time.FixedZone("E", 14*3600), time.FixedZone("W", -(12*3600 + 1800))}
	if ny, err := time.LoadLocation("America/New_York"); err == nil {
		locs = append(locs, ny)
	}
	var times []time.Time
	r := rand.New(rand.NewPCG(11, 12))
	for range 100000 {
		times = append(times, time.Unix(r.Int64N(maxUnix-minUnix+4*86400)+minUnix-2*86400, int64(r.IntN(1e9))))
	}
	for range 20000 {
		times = append(times, time.Unix(r.Int64N(200*365*86400)+(-10*365*86400), 0)) // 1960 to 2160
	}
	for _, u := range []int64{minUnix, maxUnix, 0, 951782400, 951868800, 4107542400} { // 2000-02-29, 2000-03-01, 2100-03-01
		for d := int64(-2 * 86400); d <= 2*86400; d += 3600 {
			times = append(times, time.Unix(u+d, 0), time.Unix(u+d-1, 999999999))
		}
	}
	times = append(times, time.Date(-1, 12, 31, 23, 59, 59, 0, time.UTC), time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(0, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC))
	for i, tt := range times {
		tt = tt.In(locs[i%len(locs)])
		got := string(appendTime(nil, tt))
		if want := string(appendTimeSlow(nil, tt)); got != want {
			t.Fatalf("appendTime(%v) = %q, want %q", tt, got, want)
		}
		if y := tt.Year(); y >= 1 && y <= 9999 {
			if want := tt.Format("2006-01-02 15:04:05"); got != want {
				t.Fatalf("appendTime(%v) = %q, Format gives %q", tt, got, want)
			}
		}
	}
}

// TestAppendInt compares appendInt with strconv.AppendInt around its
// bounds.
func TestAppendInt(t *testing.T) {
	for n := int64(-20); n < 20000; n++ {
		if got, want := string(appendInt(nil, n)), strconv.FormatInt(n, 10); got != want {
			t.Fatalf("appendInt(%d) = %q", n, got)
		}
	}
}
