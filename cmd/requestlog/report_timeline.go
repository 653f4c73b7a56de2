package main

import "time"

// maxBuckets is the most time buckets a report's series have, so that a
// page stays small and opens at once whatever the length of the log.
const maxBuckets = 200

// minBuckets is the fewest buckets a sparse log is cut into.
const minBuckets = 20

// timeSteps are the widths, in seconds, that time buckets and the ticks of a
// time axis are chosen from: round numbers of seconds, minutes, hours and
// days.
var timeSteps = []int64{
	1, 2, 5, 10, 15, 30,
	60, 2 * 60, 5 * 60, 10 * 60, 15 * 60, 30 * 60,
	3600, 2 * 3600, 3 * 3600, 6 * 3600, 12 * 3600,
	86400, 2 * 86400, 7 * 86400, 14 * 86400, 28 * 86400,
}

// niceTimeStep returns the smallest step of timeSteps (or a multiple of 28
// days beyond them) that cuts span seconds into at most n pieces.
func niceTimeStep(span int64, n int) int64 {
	for _, s := range timeSteps {
		if span/s < int64(n) {
			return s
		}
	}
	const month = 28 * 86400
	return (span/int64(n)/month + 1) * month
}

// timeline cuts the time between the first and the last call into buckets
// of equal width, aligned to round times in the log's zone.
type timeline struct {
	start int64 // Unix seconds at which the first bucket begins
	width int64 // seconds
	n     int   // number of buckets
	loc   *time.Location
}

// newTimeline returns the timeline with the narrowest width of timeSteps
// that covers the end times first to last (Unix seconds) of calls calls in
// at most bucketsFor(calls) buckets.
func newTimeline(first, last int64, calls int, loc *time.Location) timeline {
	// Aligning the start can add a bucket, hence the -1.
	w := niceTimeStep(last-first, bucketsFor(calls)-1)
	start := alignDown(first, w, loc)
	return timeline{start: start, width: w, n: int(floorDiv(last-start, w)) + 1, loc: loc}
}

// bucketsFor returns the most buckets for a log of n calls: about one per
// ten calls, so that a sparse log does not draw spikes between empty
// buckets, from minBuckets to maxBuckets.
func bucketsFor(n int) int {
	return min(max(n/10, minBuckets), maxBuckets)
}

// alignDown returns the latest multiple of step (counted from midnight of
// 1 January 1970 in loc, at t's offset) at or before t.
func alignDown(t, step int64, loc *time.Location) int64 {
	_, off := time.Unix(t, 0).In(loc).Zone()
	return floorDiv(t+int64(off), step)*step - int64(off)
}

// index returns the bucket of the end time t (Unix seconds).
func (tl timeline) index(t int64) int { return int(floorDiv(t-tl.start, tl.width)) }

// end returns the time at which the last bucket ends.
func (tl timeline) end() int64 { return tl.start + int64(tl.n)*tl.width }

// timeTicks returns the round times, at most about 7, to label an axis from
// start to end (Unix seconds) with, and the layout to print them with.
func timeTicks(start, end int64, loc *time.Location) (ticks []int64, layout string) {
	step := niceTimeStep(end-start, 7)
	first := alignDown(start, step, loc)
	if first < start {
		first += step
	}
	for t := first; t <= end; t += step {
		ticks = append(ticks, t)
	}
	a, b := time.Unix(start, 0).In(loc), time.Unix(end-1, 0).In(loc)
	sameDay := a.YearDay() == b.YearDay() && a.Year() == b.Year()
	switch {
	case step >= 86400:
		layout = "2006-01-02"
	case step < 60 && sameDay:
		layout = "15:04:05"
	case step < 60:
		layout = "01-02 15:04:05"
	case sameDay:
		layout = "15:04"
	default:
		layout = "01-02 15:04"
	}
	return ticks, layout
}

// formatWidth prints a bucket width: "1s", "5m", "2h", "7d".
func formatWidth(w int64) string {
	switch {
	case w%86400 == 0:
		return itoa(w/86400) + "d"
	case w%3600 == 0:
		return itoa(w/3600) + "h"
	case w%60 == 0:
		return itoa(w/60) + "m"
	default:
		return itoa(w) + "s"
	}
}
