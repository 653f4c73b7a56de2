package main

import (
	"cmp"
	"math"
	"math/bits"
	"slices"
)

// quantiles are the latency quantiles a report charts.
var quantiles = [3]float64{0.5, 0.9, 0.99}

// maxStatusSeries is how many of the most frequent failure statuses get a
// series of their own in the failure chart.
const maxStatusSeries = 3

// sizeBins is the number of size histogram bins: 0 bytes, then one per
// power of two, [2^(k-1), 2^k) in bin k.
const sizeBins = 65

// statusCount is how many calls failed with a status.
type statusCount struct {
	status int
	count  int64
}

// opSeries is what a report shows of one operation, or of all of them:
// its summary and its series over the timeline.
type opSeries struct {
	name         string // as in the log; "" for an unknown operation
	row          row
	unknownSizes int64
	sizes        []*durations // known sizes, sorted: one per operation

	calls    []int64          // per bucket
	latency  [3][]float64     // per quantile and bucket, seconds; NaN for no calls
	fails    []int64          // per bucket
	statuses []statusCount    // failed calls by status, most first
	byStatus map[int][]int64  // failed calls per bucket, by status
	sizeHist [sizeBins]int64  // known sizes by bin
	buckets  bucketedDuration // kept to merge into the union
}

// bucketedDuration holds the durations of calls sorted within their time
// bucket: bucket b holds durs[off[b]:off[b+1]].
type bucketedDuration struct {
	off  []int
	durs []int64
}

// seriesOf cuts the calls of op into the buckets of tl.
func seriesOf(op *opLog, tl timeline) *opSeries {
	s := &opSeries{name: op.name}
	s.calls = make([]int64, tl.n)
	for _, c := range op.samples {
		s.calls[tl.index(c.end)]++
	}
	s.buckets = bucketedDuration{off: offsets(s.calls), durs: make([]int64, len(op.samples))}
	next := slices.Clone(s.buckets.off[:tl.n])
	for _, c := range op.samples {
		b := tl.index(c.end)
		s.buckets.durs[next[b]] = c.dur
		next[b]++
	}
	for b := range tl.n {
		slices.Sort(s.buckets.durs[s.buckets.off[b]:s.buckets.off[b+1]])
	}
	s.latency = s.buckets.quantiles()
	s.row = newRow(op.name, op.count, op.failed, op.bytes, op.count-int64(op.sizes.len()), s.buckets.segments())

	s.fails = make([]int64, tl.n)
	for _, f := range op.failures {
		s.fails[tl.index(f.end)]++
	}
	s.byStatus = make(map[int][]int64)
	for _, f := range op.failures {
		ns := s.byStatus[f.status]
		if ns == nil {
			ns = make([]int64, tl.n)
			s.byStatus[f.status] = ns
		}
		ns[tl.index(f.end)]++
	}
	s.setStatuses()

	op.sizes.sort()
	s.sizes = []*durations{&op.sizes}
	s.unknownSizes = op.count - int64(op.sizes.len())
	for _, v := range op.sizes.small {
		s.sizeHist[bits.Len64(uint64(v))]++
	}
	for _, v := range op.sizes.big {
		s.sizeHist[bits.Len64(uint64(v))]++
	}
	op.samples, op.failures = nil, nil // in the buckets now
	return s
}

// setStatuses counts the failures of each status of byStatus, most first.
func (s *opSeries) setStatuses() {
	s.statuses = s.statuses[:0]
	for st, ns := range s.byStatus {
		var n int64
		for _, v := range ns {
			n += v
		}
		s.statuses = append(s.statuses, statusCount{st, n})
	}
	slices.SortFunc(s.statuses, func(x, y statusCount) int {
		if c := cmp.Compare(y.count, x.count); c != 0 {
			return c
		}
		return cmp.Compare(x.status, y.status)
	})
}

// seriesStatuses returns the statuses that get a series of their own: the
// most frequent ones, when the failures have more than one status.
func (s *opSeries) seriesStatuses() []statusCount {
	if len(s.statuses) < 2 {
		return nil
	}
	return s.statuses[:min(len(s.statuses), maxStatusSeries)]
}

// offsets returns the running sums of counts, from 0: the bounds of each
// bucket's values in one slice.
func offsets(counts []int64) []int {
	off := make([]int, len(counts)+1)
	for i, n := range counts {
		off[i+1] = off[i] + int(n)
	}
	return off
}

// quantiles returns the nearest-rank quantiles of each bucket in seconds,
// NaN for an empty bucket.
func (bd bucketedDuration) quantiles() [3][]float64 {
	n := len(bd.off) - 1
	var qs [3][]float64
	for i, q := range quantiles {
		qs[i] = make([]float64, n)
		for b := range n {
			d := bd.durs[bd.off[b]:bd.off[b+1]]
			if len(d) == 0 {
				qs[i][b] = math.NaN()
				continue
			}
			qs[i][b] = seconds(d[rank(q, len(d))-1])
		}
	}
	return qs
}

// unionSeries returns the series of all the operations of parts together.
func unionSeries(parts []*opSeries, tl timeline) *opSeries {
	s := &opSeries{}
	s.calls = make([]int64, tl.n)
	s.fails = make([]int64, tl.n)
	s.byStatus = make(map[int][]int64)
	var count, failed, bytes, unknown int64
	var all [][]int64
	for _, p := range parts {
		count += p.row.Count
		unknown += p.row.UnknownSize
		failed += p.row.Failures
		bytes = addSat(bytes, p.row.Bytes)
		all = append(all, p.buckets.segments()...)
		for b := range tl.n {
			s.calls[b] += p.calls[b]
			s.fails[b] += p.fails[b]
		}
		for st, ns := range p.byStatus {
			sum := s.byStatus[st]
			if sum == nil {
				sum = make([]int64, tl.n)
				s.byStatus[st] = sum
			}
			for b, n := range ns {
				sum[b] += n
			}
		}
		for i, n := range p.sizeHist {
			s.sizeHist[i] += n
		}
		s.unknownSizes += p.unknownSizes
		s.sizes = append(s.sizes, p.sizes...)
	}
	s.row = newRow("TOTAL", count, failed, bytes, unknown, all)
	var lists [][]int64
	for i, q := range quantiles {
		s.latency[i] = make([]float64, tl.n)
		for b := range tl.n {
			lists = lists[:0]
			for _, p := range parts {
				if seg := p.buckets.segment(b); len(seg) > 0 {
					lists = append(lists, seg)
				}
			}
			if len(lists) == 0 {
				s.latency[i][b] = math.NaN()
				continue
			}
			s.latency[i][b] = seconds(quantileSorted(lists, q))
		}
	}
	s.setStatuses()
	return s
}

// segment returns the sorted durations of bucket b.
func (bd bucketedDuration) segment(b int) []int64 { return bd.durs[bd.off[b]:bd.off[b+1]] }

// segments returns the sorted durations of the buckets that have calls.
func (bd bucketedDuration) segments() [][]int64 {
	var segs [][]int64
	for b := range len(bd.off) - 1 {
		if seg := bd.segment(b); len(seg) > 0 {
			segs = append(segs, seg)
		}
	}
	return segs
}

// newRow returns the summary row of calls whose durations are lists, each
// sorted, with the exact nearest-rank quantiles stats prints; unknown of
// them have a size of None.
func newRow(key string, count, failures, bytes, unknown int64, lists [][]int64) row {
	r := row{Key: key, Count: count, Failures: failures, Bytes: bytes, UnknownSize: unknown}
	r.setFailurePct()
	r.p50, r.p90, r.p99 = quantileSorted(lists, 0.5), quantileSorted(lists, 0.9), quantileSorted(lists, 0.99)
	r.max = quantileSorted(lists, 1)
	r.P50, r.P90, r.P99, r.Max = seconds(r.p50), seconds(r.p90), seconds(r.p99), seconds(r.max)
	return r
}

// quantileSorted returns the nearest-rank quantile q of the values of
// lists, each sorted, without merging them: the smallest value v with at
// least rank(q, n) values at or below it, as quantile does for durations.
func quantileSorted(lists [][]int64, q float64) int64 {
	n := 0
	lo, hi := int64(math.MaxInt64), int64(math.MinInt64)
	for _, l := range lists {
		if len(l) > 0 {
			n += len(l)
			lo, hi = min(lo, l[0]), max(hi, l[len(l)-1])
		}
	}
	if n == 0 {
		return 0
	}
	r := rank(q, n)
	if len(lists) == 1 {
		return lists[0][r-1]
	}
	for lo < hi {
		mid := lo + int64((uint64(hi)-uint64(lo))/2)
		c := 0
		for _, l := range lists {
			c += countLE(l, mid)
		}
		if c >= r {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}

// countLE returns how many values of the sorted l are at most v.
func countLE(l []int64, v int64) int {
	i, j := 0, len(l)
	for i < j {
		h := int(uint(i+j) >> 1)
		if l[h] <= v {
			i = h + 1
		} else {
			j = h
		}
	}
	return i
}
