package main

import (
	"math"
	"slices"
	"sort"
	"strconv"

	"github.com/requesthook/requesthook/apicall"
)

// durations holds a group's call durations in microseconds, compactly: 4
// bytes per call for durations from 0 to about 71 minutes, 8 bytes for the
// rare negative or longer ones. Quantiles over them are exact.
type durations struct {
	small []uint32 // 0 <= d < 2^32 µs
	neg   []int64  // d < 0
	big   []int64  // d >= 2^32 µs
	ready bool     // sorted
}

func (d *durations) add(us int64) {
	switch {
	case us < 0:
		d.neg = append(d.neg, us)
	case us <= math.MaxUint32:
		d.small = append(d.small, uint32(us))
	default:
		d.big = append(d.big, us)
	}
	d.ready = false
}

// merge adds the durations of b to d.
func (d *durations) merge(b *durations) {
	d.small = append(d.small, b.small...)
	d.neg = append(d.neg, b.neg...)
	d.big = append(d.big, b.big...)
	d.ready = false
}

func (d *durations) len() int { return len(d.neg) + len(d.small) + len(d.big) }

func (d *durations) sort() {
	if !d.ready {
		slices.Sort(d.small)
		slices.Sort(d.neg)
		slices.Sort(d.big)
		d.ready = true
	}
}

// at returns the i-th smallest duration (0-based); d must be sorted.
func (d *durations) at(i int) int64 {
	if i < len(d.neg) {
		return d.neg[i]
	}
	i -= len(d.neg)
	if i < len(d.small) {
		return int64(d.small[i])
	}
	return d.big[i-len(d.small)]
}

// countLE returns how many durations are <= v; d must be sorted.
func (d *durations) countLE(v int64) int {
	n := sort.Search(len(d.neg), func(i int) bool { return d.neg[i] > v })
	switch {
	case v < 0:
		return n
	case v >= math.MaxUint32:
		n += len(d.small)
	default:
		n += sort.Search(len(d.small), func(i int) bool { return int64(d.small[i]) > v })
	}
	return n + sort.Search(len(d.big), func(i int) bool { return d.big[i] > v })
}

// rank returns the nearest-rank index (1-based) of quantile q of n values:
// the smallest value with at least q*n values at or below it.
func rank(q float64, n int) int {
	r := int(math.Ceil(q * float64(n)))
	return min(max(r, 1), n)
}

// quantile returns the nearest-rank quantile q of the durations of all of
// ds, each sorted: for one group it indexes, for several it searches the
// smallest value v with enough durations <= v, without merging them.
func quantile(ds []*durations, q float64) int64 {
	n := 0
	for _, d := range ds {
		n += d.len()
	}
	if n == 0 {
		return 0
	}
	r := rank(q, n)
	if len(ds) == 1 {
		return ds[0].at(r - 1)
	}
	lo, hi := int64(math.MaxInt64), int64(math.MinInt64)
	for _, d := range ds {
		if k := d.len(); k > 0 {
			lo, hi = min(lo, d.at(0)), max(hi, d.at(k-1))
		}
	}
	for lo < hi { // smallest v in [lo, hi] with countLE(v) >= r
		mid := lo + int64((uint64(hi)-uint64(lo))/2)
		c := 0
		for _, d := range ds {
			c += d.countLE(mid)
		}
		if c >= r {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}

// group aggregates the calls that share a key.
type group struct {
	key      string
	sortKey  int64 // status or minute, for ordering
	count    int64
	failures int64
	sized    int64 // calls whose size is known (not None)
	bytes    int64 // of the calls whose size is known
	durs     durations
}

// failed reports whether a call counts as a failure: no response (status 0)
// or a status of 400 and above.
func failed(c apicall.Call) bool {
	return c.StatusCode == 0 || c.StatusCode >= 400
}

// add counts one call.
func (g *group) add(c apicall.Call) {
	g.count++
	if failed(c) {
		g.failures++
	}
	if c.Size >= 0 { // None (-1) is unknown, not 0
		g.sized++
		g.bytes = addSat(g.bytes, c.Size)
	}
	g.durs.add(int64(c.End.Sub(c.Start) / 1000))
}

// merge adds the calls of b to g.
func (g *group) merge(b *group) {
	g.count += b.count
	g.failures += b.failures
	g.sized += b.sized
	g.bytes = addSat(g.bytes, b.bytes)
	g.durs.merge(&b.durs)
}

// row is a group's line of output. Its JSON form is written by
// row.MarshalJSON, with the durations as the log writes them.
type row struct {
	Key         string  `json:"key"`
	Count       int64   `json:"count"`
	Failures    int64   `json:"failures"`
	FailurePct  float64 `json:"failure_pct"` // 100 * Failures / Count, 0 without calls
	P50         float64 `json:"p50"`         // seconds
	P90         float64 `json:"p90"`
	P99         float64 `json:"p99"`
	Max         float64 `json:"max"`
	Bytes       int64   `json:"bytes"`        // of the calls whose size is known; null in JSON when none is
	UnknownSize int64   `json:"unknown_size"` // calls whose size is None

	p50, p90, p99, max int64 // µs
}

// setFailurePct sets r.FailurePct from r.Failures and r.Count.
func (r *row) setFailurePct() {
	r.FailurePct = 0
	if r.Count > 0 {
		r.FailurePct = float64(r.Failures) * 100 / float64(r.Count)
	}
}

// sizeKnown reports whether any call of the row has a known size.
func (r *row) sizeKnown() bool { return r.UnknownSize < r.Count }

// summarize computes the row of the calls of gs together.
func summarize(key string, gs []*group) row {
	r := row{Key: key}
	ds := make([]*durations, 0, len(gs))
	for _, g := range gs {
		g.durs.sort()
		ds = append(ds, &g.durs)
		r.Count += g.count
		r.Failures += g.failures
		r.Bytes = addSat(r.Bytes, g.bytes)
		r.UnknownSize += g.count - g.sized
	}
	r.setFailurePct()
	r.p50, r.p90, r.p99, r.max = quantile(ds, 0.5), quantile(ds, 0.9), quantile(ds, 0.99), quantile(ds, 1)
	r.P50, r.P90, r.P99, r.Max = seconds(r.p50), seconds(r.p90), seconds(r.p99), seconds(r.max)
	return r
}

// addSat adds two non-negative numbers, stopping at math.MaxInt64.
func addSat(a, b int64) int64 {
	if a > math.MaxInt64-b {
		return math.MaxInt64
	}
	return a + b
}

func seconds(us int64) float64 { return float64(us) / 1e6 }

// formatSeconds prints microseconds as seconds with six decimals, exactly.
func formatSeconds(us int64) string {
	b := make([]byte, 0, 24)
	if us < 0 {
		b = append(b, '-')
		if us == math.MinInt64 {
			us++ // off by a microsecond at the very edge
		}
		us = -us
	}
	b = strconv.AppendInt(b, us/1e6, 10)
	frac := us % 1e6
	b = append(b, '.')
	for div := int64(1e5); div > 0; div /= 10 {
		b = append(b, byte('0'+frac/div%10))
	}
	return string(b)
}

func sortInt64s(s []int64) { slices.Sort(s) }
