package main

import (
	"cmp"
	"slices"

	"github.com/requesthook/requesthook/apicall"
)

// sample is one call as a report keeps it until the timeline is known.
type sample struct {
	end int64 // Unix seconds of the end time (the log's time column)
	dur int64 // microseconds
}

// failure is one failed call: when, and with which status.
type failure struct {
	end    int64
	status int
}

// opLog collects the calls of one operation for a report: counts and, per
// call, its end time and duration, to cut into time buckets once the whole
// log is read (and to compute exact quantiles from).
type opLog struct {
	name     string
	count    int64
	failed   int64
	bytes    int64
	samples  []sample
	failures []failure
	// sizes holds the known response sizes (None is not a size), compactly
	// and with exact quantiles, in the type that holds durations.
	sizes durations
}

// reportData collects the calls of the files of a report.
type reportData struct {
	ops         map[string]*opLog
	lines       int // lines read, malformed ones included
	skipped     int // calls outside the -since, -until and -op filters
	calls       int
	first, last int64 // end times of the earliest and the latest call
}

func newReportData() *reportData {
	return &reportData{ops: make(map[string]*opLog)}
}

// add keeps one call.
func (d *reportData) add(c apicall.Call) {
	op := d.ops[c.Operation]
	if op == nil {
		op = &opLog{name: c.Operation}
		d.ops[c.Operation] = op
	}
	op.count++
	end := c.End.Unix()
	op.samples = append(op.samples, sample{end: end, dur: int64(c.End.Sub(c.Start) / 1000)})
	if failed(c) {
		op.failed++
		op.failures = append(op.failures, failure{end: end, status: c.StatusCode})
	}
	if c.Size >= 0 {
		op.sizes.add(c.Size)
		op.bytes = addSat(op.bytes, c.Size)
	}
	if d.calls == 0 || end < d.first {
		d.first = end
	}
	if d.calls == 0 || end > d.last {
		d.last = end
	}
	d.calls++
}

// byCount returns the operations, most calls first, then by name.
func (d *reportData) byCount() []*opLog {
	ops := make([]*opLog, 0, len(d.ops))
	for _, op := range d.ops {
		ops = append(ops, op)
	}
	slices.SortFunc(ops, func(x, y *opLog) int {
		if c := cmp.Compare(y.count, x.count); c != 0 {
			return c
		}
		return cmp.Compare(x.name, y.name)
	})
	return ops
}
