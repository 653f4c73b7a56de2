package main

import (
	"math"
	"strconv"
)

// scale maps a value to a position on a chart axis, linearly or on a
// logarithmic scale.
type scale struct {
	lo, hi     float64 // the domain; for a log scale, its log10
	from, to   float64 // the range, in SVG units
	log        bool
	clampBelow float64 // a log scale's smallest value; smaller ones sit on it
}

// pos returns the position of v.
func (s scale) pos(v float64) float64 {
	if s.log {
		v = math.Log10(max(v, s.clampBelow))
	}
	if s.hi == s.lo {
		return s.from
	}
	return s.from + (v-s.lo)/(s.hi-s.lo)*(s.to-s.from)
}

// axisTick is one labelled tick of an axis.
type axisTick struct {
	Pos   float64
	Label string
}

// linearTicks returns a linear scale from 0 to a round number at or above
// top, onto from..to, and its ticks (about n), labelled by format.
func linearTicks(top float64, n int, from, to float64, format func(float64) string) (scale, []axisTick) {
	return linearTicksMin(top, n, 0, from, to, format)
}

// countTicks is linearTicks for counts: its ticks are whole numbers.
func countTicks(top float64, n int, from, to float64) (scale, []axisTick) {
	return linearTicksMin(top, n, 1, from, to, formatShort)
}

// linearTicksMin is linearTicks with a step of at least minStep.
func linearTicksMin(top float64, n int, minStep, from, to float64, format func(float64) string) (scale, []axisTick) {
	if !(top > 0) || math.IsInf(top, 0) {
		top = 1
	}
	step := max(niceNumber(top/float64(n)), minStep)
	hi := math.Ceil(top/step-1e-9) * step
	s := scale{lo: 0, hi: hi, from: from, to: to}
	var ticks []axisTick
	for i := 0; ; i++ {
		v := float64(i) * step
		if v > hi*(1+1e-9) {
			break
		}
		ticks = append(ticks, axisTick{Pos: round1(s.pos(v)), Label: format(v)})
	}
	return s, ticks
}

// niceNumber returns the smallest 1, 2 or 5 times a power of ten at or above
// x > 0.
func niceNumber(x float64) float64 {
	p := math.Pow(10, math.Floor(math.Log10(x)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= x*(1-1e-9) {
			return m * p
		}
	}
	return 10 * p
}

// logTicks returns a log scale over whole decades around lo..hi (both > 0)
// onto from..to, and its ticks: each decade, and 2 and 5 times it when the
// scale spans at most two decades.
func logTicks(lo, hi float64, from, to float64, format func(float64) string) (scale, []axisTick) {
	dlo := math.Floor(math.Log10(lo))
	dhi := math.Ceil(math.Log10(hi))
	if dhi <= dlo {
		dhi = dlo + 1
	}
	s := scale{lo: dlo, hi: dhi, from: from, to: to, log: true, clampBelow: math.Pow(10, dlo)}
	var ticks []axisTick
	for d := dlo; d <= dhi; d++ {
		p := math.Pow(10, d)
		ticks = append(ticks, axisTick{Pos: round1(s.pos(p)), Label: format(p)})
		if dhi-dlo <= 2 && d < dhi {
			for _, m := range []float64{2, 5} {
				ticks = append(ticks, axisTick{Pos: round1(s.pos(m * p)), Label: format(m * p)})
			}
		}
	}
	return s, ticks
}

// formatLatency prints seconds for an axis: "500µs", "20ms", "1.5s".
func formatLatency(sec float64) string {
	switch {
	case sec == 0:
		return "0"
	case math.Abs(sec) < 1e-3:
		return formatShort(sec*1e6) + "µs"
	case math.Abs(sec) < 1:
		return formatShort(sec*1e3) + "ms"
	default:
		return formatShort(sec) + "s"
	}
}

// formatShort prints v with at most three significant digits and no
// exponent.
func formatShort(v float64) string {
	return strconv.FormatFloat(roundSig(v, 3), 'f', -1, 64)
}

// roundSig rounds v to n significant digits.
func roundSig(v float64, n int) float64 {
	if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return v
	}
	p := math.Pow(10, float64(n)-math.Ceil(math.Log10(math.Abs(v))))
	return math.Round(v*p) / p
}

// formatBytes prints a size with IEC units: "512 B", "1 KiB", "1.5 MiB".
func formatBytes(n float64) string {
	units := []string{"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"}
	i := 0
	for math.Abs(n) >= 1024 && i < len(units)-1 {
		n /= 1024
		i++
	}
	return formatShort(n) + " " + units[i]
}

// formatPercent prints a share as a percentage: "0", "0.05%", "12.5%".
func formatPercent(part, whole int64) string {
	if whole == 0 || part == 0 {
		return "0%"
	}
	return formatShort(100*float64(part)/float64(whole)) + "%"
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
