package main

import (
	"math"
	"strconv"
	"time"
)

// The size of a chart, in SVG units, and the margins around its plot area
// that hold the axes' labels.
const (
	chartW, chartH = 600, 230
	marginL        = 62
	marginR        = 34 // room for the last time label
	marginT        = 12
	marginB        = 42
)

// chart is one SVG chart of a report, laid out: the template only places
// what it holds.
type chart struct {
	Kind           string // data-chart: latency, rate, failures or sizes
	Title          string
	XLabel, YLabel string
	XTicks, YTicks []axisTick
	Series         []chartSeries
	Note           string // what the chart does not show, or why it is empty

	W, H                     int
	Left, Right, Top, Bottom float64 // the plot area
	YLabelX, XLabelY         float64 // where the tick labels sit
	TickEnd                  float64 // where the ticks of the x axis end
	XTitleY, YTitleX         float64 // where the axis titles sit
	YTitleY, XTitleX         float64
}

// chartSeries is one series of a chart: one SVG path.
type chartSeries struct {
	Name   string // data-series
	Label  string // in the legend
	Class  string // its colour, in the style sheet
	D      string // the path
	Points int    // data points drawn (data-points)
	Bars   bool   // filled bars rather than a line
}

// newChart returns an empty chart of the standard size.
func newChart(kind, title, xlabel, ylabel string) *chart {
	return &chart{
		Kind: kind, Title: title, XLabel: xlabel, YLabel: ylabel,
		W: chartW, H: chartH,
		Left: marginL, Right: chartW - marginR, Top: marginT, Bottom: chartH - marginB,
		YLabelX: marginL - 6, XLabelY: chartH - marginB + 16, TickEnd: chartH - marginB + 4,
		XTitleX: marginL + (chartW-marginL-marginR)/2, XTitleY: chartH - 6,
		YTitleX: 14, YTitleY: marginT + (chartH-marginT-marginB)/2,
	}
}

// timeAxis sets the ticks of a time axis over tl and returns the position
// of the middle of each bucket.
func (c *chart) timeAxis(tl timeline) func(b int) float64 {
	s := scale{lo: float64(tl.start), hi: float64(tl.end()), from: c.Left, to: c.Right}
	ticks, layout := timeTicks(tl.start, tl.end(), tl.loc)
	for _, t := range ticks {
		c.XTicks = append(c.XTicks, axisTick{Pos: round1(s.pos(float64(t))), Label: time.Unix(t, 0).In(tl.loc).Format(layout)})
	}
	return func(b int) float64 {
		return s.pos(float64(tl.start) + (float64(b)+0.5)*float64(tl.width))
	}
}

// addLine adds a line series of vals (NaN: no value) at positions x(i).
func (c *chart) addLine(name, label, class string, x func(int) float64, y scale, vals []float64) {
	var d []byte
	points, run := 0, 0
	for i, v := range vals {
		if math.IsNaN(v) {
			d = endRun(d, run)
			run = 0
			continue
		}
		if run == 0 {
			d = append(d, 'M')
		} else {
			d = append(d, 'L')
		}
		d = appendPoint(d, x(i), y.pos(v))
		run++
		points++
	}
	d = endRun(d, run)
	c.Series = append(c.Series, chartSeries{Name: name, Label: label, Class: class, D: string(d), Points: points})
}

// endRun ends a run of points of a path. A lone point, which a line would
// not show, gets a small circle around it, drawn with two arcs.
func endRun(d []byte, run int) []byte {
	if run == 1 {
		d = append(d, "m-2.5,0a2.5,2.5 0 1,0 5,0a2.5,2.5 0 1,0 -5,0"...)
	}
	return d
}

// round1 rounds a position to a tenth of a unit.
func round1(v float64) float64 { return math.Round(v*10) / 10 }

// appendPoint appends "x,y" to a path, to a tenth of a unit.
func appendPoint(d []byte, x, y float64) []byte {
	d = strconv.AppendFloat(d, math.Round(x*10)/10, 'f', -1, 64)
	d = append(d, ',')
	return strconv.AppendFloat(d, math.Round(y*10)/10, 'f', -1, 64)
}

// latencyChart charts the latency quantiles of s over time, on a log scale.
func latencyChart(s *opSeries, tl timeline, xlabel string) *chart {
	c := newChart("latency", "Latency (p50, p90, p99)", xlabel, "duration (log scale)")
	x := c.timeAxis(tl)
	lo, hi := math.Inf(1), 0.0
	for _, q := range s.latency {
		for _, v := range q {
			if v > 0 {
				lo, hi = min(lo, v), max(hi, v)
			}
		}
	}
	if hi == 0 { // every duration is zero (or negative)
		lo, hi = 1e-6, 1e-5
		c.Note = "All durations are zero or negative; they are drawn at the bottom of the scale."
	}
	y, ticks := logTicks(lo, hi, c.Bottom, c.Top, formatLatency)
	c.YTicks = ticks
	for i, name := range []string{"p50", "p90", "p99"} {
		c.addLine(name, name, "s-"+name, x, y, s.latency[i])
	}
	return c
}

// rateChart charts the calls per second of s over time.
func rateChart(s *opSeries, tl timeline, xlabel string) *chart {
	c := newChart("rate", "Call rate", xlabel, "calls per second")
	x := c.timeAxis(tl)
	vals := make([]float64, len(s.calls))
	top := 0.0
	for b, n := range s.calls {
		vals[b] = float64(n) / float64(tl.width)
		top = max(top, vals[b])
	}
	y, ticks := linearTicks(top, 4, c.Bottom, c.Top, formatShort)
	c.YTicks = ticks
	c.addLine("calls", "calls per second (bucket of "+formatWidth(tl.width)+")", "s-rate", x, y, vals)
	return c
}

// failureChart charts the share of failed calls of s over time, and that of
// each of its most frequent failure statuses when there are several.
func failureChart(s *opSeries, tl timeline, xlabel string) *chart {
	c := newChart("failures", "Failure rate", xlabel, "failed calls, % of calls")
	x := c.timeAxis(tl)
	share := func(ns []int64) []float64 {
		vals := make([]float64, len(ns))
		for b, n := range ns {
			if s.calls[b] == 0 {
				vals[b] = math.NaN()
			} else {
				vals[b] = 100 * float64(n) / float64(s.calls[b])
			}
		}
		return vals
	}
	all := share(s.fails)
	top := 1.0 // percent: a chart without failures still has an axis
	for _, v := range all {
		if !math.IsNaN(v) {
			top = max(top, v)
		}
	}
	y, ticks := linearTicks(top, 4, c.Bottom, c.Top, func(v float64) string { return formatShort(v) + "%" })
	c.YTicks = ticks
	c.addLine("failed", "all failures", "s-fail", x, y, all)
	for i, st := range s.seriesStatuses() {
		name := statusName(st.status)
		c.addLine("status "+strconv.Itoa(st.status), name, "s-st"+strconv.Itoa(i+1), x, y, share(s.byStatus[st.status]))
	}
	if s.row.Failures == 0 {
		c.Note = "No failed calls."
	}
	return c
}

// statusName labels a failure status.
func statusName(status int) string {
	if status == 0 {
		return "0 (no response)"
	}
	return "status " + strconv.Itoa(status)
}

// sizeChart charts the known response sizes of s as a histogram with a bar
// per power of two; calls of unknown size are left out and counted in a
// note.
func sizeChart(s *opSeries) *chart {
	c := newChart("sizes", "Response sizes", "response size (bins of powers of two)", "calls")
	lo, hi := -1, -1
	var top int64
	for i, n := range s.sizeHist {
		if n > 0 {
			if lo < 0 {
				lo = i
			}
			hi = i
			top = max(top, n)
		}
	}
	if s.unknownSizes > 0 {
		c.Note = "Not shown: " + itoa(s.unknownSizes) + " " + plural(int(min(s.unknownSizes, 2)), "call", "calls") +
			" of unknown size (None), " + formatPercent(s.unknownSizes, s.row.Count) + " of the calls."
	}
	y, ticks := countTicks(float64(top), 4, c.Bottom, c.Top)
	c.YTicks = ticks
	sr := chartSeries{Name: "sizes", Label: "calls per size range, from the bound on the left", Class: "s-size", Bars: true}
	if lo < 0 {
		if c.Note == "" {
			c.Note = "No calls."
		}
		c.Series = append(c.Series, sr)
		return c
	}
	nb := hi - lo + 1
	bw := (c.Right - c.Left) / float64(nb)
	every := (nb + 8) / 9 // at most 9 labels of bin bounds
	var d []byte
	for i := lo; i <= hi+1; i++ {
		x0 := c.Left + float64(i-lo)*bw
		if (i-lo)%every == 0 { // the bound above the last bin too, if it falls on the step
			c.XTicks = append(c.XTicks, axisTick{Pos: round1(x0), Label: binLabel(i)})
		}
		if i > hi || s.sizeHist[i] == 0 {
			continue
		}
		d = append(d, 'M')
		d = appendPoint(d, x0+1, c.Bottom)
		d = append(d, 'V')
		d = strconv.AppendFloat(d, round1(y.pos(float64(s.sizeHist[i]))), 'f', -1, 64)
		d = append(d, 'h')
		d = strconv.AppendFloat(d, round1(bw-2), 'f', -1, 64)
		d = append(d, 'V')
		d = strconv.AppendFloat(d, c.Bottom, 'f', -1, 64)
		d = append(d, 'Z')
		sr.Points++
	}
	sr.D = string(d)
	c.Series = append(c.Series, sr)
	return c
}

// binLabel labels the lower bound of size bin i: 0 bytes, then 2^(i-1).
// The bound above the last bin (64) is 2^63 bytes.
func binLabel(i int) string {
	if i == 0 {
		return "0 B"
	}
	return formatBytes(math.Ldexp(1, i-1))
}
