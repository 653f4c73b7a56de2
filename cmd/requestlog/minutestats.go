package main

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/requesthook/requesthook/apicall"
)

// minuteStats prints a summary per minute of end time, in a format, and the
// totals of every call it was given at the end.
type minuteStats struct {
	w       io.Writer
	format  outputFormat
	csv     *csv.Writer // format csv
	loc     *time.Location
	now     func() time.Time
	grace   time.Duration
	pending map[int64]*group
	printed map[int64]bool // minutes already printed (late lines marked)
	latest  time.Time      // latest end time seen in the log
	total   group          // counts only: its durations are not kept
}

func newMinuteStats(w io.Writer, format outputFormat, loc *time.Location, now func() time.Time) *minuteStats {
	m := &minuteStats{w: w, format: format, loc: loc, now: now, grace: 10 * time.Second,
		pending: make(map[int64]*group), printed: make(map[int64]bool)}
	if format == formatCSV {
		m.csv = csv.NewWriter(w)
		m.csv.Write([]string{"minute", "count", "failures", "failure_pct", "p50", "p90", "p99", "max", "bytes", "unknown_size", "late"})
		m.csv.Flush()
	}
	return m
}

func (m *minuteStats) add(c apicall.Call) {
	k := floorDiv(c.End.Unix(), 60)
	g := m.pending[k]
	if g == nil {
		g = &group{sortKey: k, key: time.Unix(k*60, 0).In(m.loc).Format("2006-01-02 15:04")}
		m.pending[k] = g
	}
	g.add(c)
	m.total.count++
	if failed(c) {
		m.total.failures++
	}
	if c.Size >= 0 {
		m.total.sized++
		m.total.bytes = addSat(m.total.bytes, c.Size)
	}
	if c.End.After(m.latest) {
		m.latest = c.End
	}
	m.flushBefore(m.latest)
}

// tick prints, while following, the minutes that the log or the clock has
// left behind by more than the grace period.
func (m *minuteStats) tick() {
	watermark := m.latest
	if now := m.now(); now.After(watermark) {
		watermark = now
	}
	m.flushBefore(watermark)
}

// flushBefore prints the minutes that ended more than the grace period
// before t.
func (m *minuteStats) flushBefore(t time.Time) {
	m.flush(func(k int64) bool { return t.Sub(time.Unix((k+1)*60, 0)) >= m.grace })
}

// finish prints every minute still pending, then the totals of all the
// calls given to add: their count, failures and sizes (not their
// quantiles, which would mean keeping every duration of a long run).
func (m *minuteStats) finish() {
	m.flush(func(int64) bool { return true })
	m.total.key = "TOTAL"
	r := summarize("TOTAL", []*group{&m.total})
	switch m.format {
	case formatCSV:
		rec := csvRecord("TOTAL", r)
		rec[4], rec[5], rec[6], rec[7] = "", "", "", ""
		m.csv.Write(append(rec, ""))
		m.csv.Flush()
	case formatJSON:
		b, _ := r.appendJSON(nil, false)
		m.w.Write(append(b, '\n'))
	default:
		fmt.Fprintf(m.w, "TOTAL  count %d  failures %d  bytes %s%s\n", r.Count, r.Failures, lineBytes(r), unsized(r))
	}
}

func (m *minuteStats) flush(due func(int64) bool) {
	var keys []int64
	for k := range m.pending {
		if due(k) {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return
	}
	sortInt64s(keys)
	for _, k := range keys {
		g := m.pending[k]
		m.print(summarize(g.key, []*group{g}), m.printed[k])
		delete(m.pending, k)
		m.printed[k] = true
	}
	if m.csv != nil {
		m.csv.Flush()
	}
	// Forget printed minutes older than a day.
	for k := range m.printed {
		if k < keys[len(keys)-1]-24*60 {
			delete(m.printed, k)
		}
	}
}

// print prints the summary of a minute; late marks a minute printed before.
func (m *minuteStats) print(r row, late bool) {
	switch m.format {
	case formatCSV:
		m.csv.Write(append(csvRecord(r.Key, r), strconv.FormatBool(late)))
	case formatJSON:
		b, _ := r.MarshalJSON()
		if late {
			b = append(b[:len(b)-1], `,"late":true}`...)
		}
		m.w.Write(append(b, '\n'))
	default:
		mark := ""
		if late {
			mark = "  (late)"
		}
		fmt.Fprintf(m.w, "%s  count %d  failures %d  p50 %s  p90 %s  p99 %s  max %s  bytes %s%s%s\n",
			r.Key, r.Count, r.Failures, formatSeconds(r.p50), formatSeconds(r.p90), formatSeconds(r.p99), formatSeconds(r.max), lineBytes(r), unsized(r), mark)
	}
}

// lineBytes is the exact byte count of a summary line, None when no size
// is known.
func lineBytes(r row) string {
	if r.Count > 0 && !r.sizeKnown() {
		return "None"
	}
	return strconv.FormatInt(r.Bytes, 10)
}

// unsized says how many calls of a summary line have a size of None, if
// any.
func unsized(r row) string {
	if r.UnknownSize == 0 {
		return ""
	}
	return "  unsized " + strconv.FormatInt(r.UnknownSize, 10)
}
