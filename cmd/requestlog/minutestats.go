package main

import (
	"fmt"
	"io"
	"time"

	"github.com/requesthook/requesthook/apicall"
)

// minuteStats prints a summary per minute of end time.
type minuteStats struct {
	w       io.Writer
	loc     *time.Location
	now     func() time.Time
	grace   time.Duration
	pending map[int64]*group
	printed map[int64]bool // minutes already printed (late lines marked)
	latest  time.Time      // latest end time seen in the log
}

func newMinuteStats(w io.Writer, loc *time.Location, now func() time.Time) *minuteStats {
	return &minuteStats{w: w, loc: loc, now: now, grace: 10 * time.Second,
		pending: make(map[int64]*group), printed: make(map[int64]bool)}
}

func (m *minuteStats) add(c apicall.Call) {
	k := floorDiv(c.End.Unix(), 60)
	g := m.pending[k]
	if g == nil {
		g = &group{sortKey: k, key: time.Unix(k*60, 0).In(m.loc).Format("2006-01-02 15:04")}
		m.pending[k] = g
	}
	g.add(c)
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

func (m *minuteStats) flushAll() { m.flush(func(int64) bool { return true }) }

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
		r := summarize(g.key, []*group{g})
		late := ""
		if m.printed[k] {
			late = "  (late)"
		}
		fmt.Fprintf(m.w, "%s  count %d  failures %d  p50 %s  p90 %s  p99 %s  max %s  bytes %d%s\n",
			r.Key, r.Count, r.Failures, formatSeconds(r.p50), formatSeconds(r.p90), formatSeconds(r.p99), formatSeconds(r.max), r.Bytes, late)
		delete(m.pending, k)
		m.printed[k] = true
	}
	// Forget printed minutes older than a day.
	for k := range m.printed {
		if k < keys[len(keys)-1]-24*60 {
			delete(m.printed, k)
		}
	}
}
