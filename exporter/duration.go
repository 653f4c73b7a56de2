package exporter

import (
	"math"
	"strconv"
	"time"
)

// pyDuration returns the duration boto's RequestLogger computes for a call
// from start to end: both times truncated to the microsecond, their difference
// td split the way Python's timedelta normalises it (days and seconds, plus
// 0 <= microseconds < 1e6), and then, in float64 arithmetic step by step,
//
//	(td.microseconds + (td.seconds + td.days*24*3600) * 1e6) / 1e6
func pyDuration(start, end time.Time) float64 {
	d := end.UnixMicro() - start.UnixMicro()
	sec, us := d/1e6, d%1e6
	if us < 0 { // floor division, as Python's timedelta normalises
		us += 1e6
		sec--
	}
	// The explicit conversions keep each operation rounded on its own, as
	// Python rounds it, even where the compiler could fuse them.
	scaled := float64(float64(sec) * 1e6)
	sum := float64(float64(us) + scaled)
	return sum / 1e6
}

// appendDuration appends boto's duration of a call from start to end, printed
// as Python's str(float) prints it.
func appendDuration(dst []byte, start, end time.Time) []byte {
	return appendPyFloat(dst, pyDuration(start, end))
}

// appendPyFloat appends f as Python 3's repr(float) (and str(float)) prints
// it: the shortest digits that round-trip, in scientific notation ("5e-05",
// "1e+16") when the decimal exponent is below -4 or at least 16, and otherwise
// in positional notation with at least one digit after the point ("2.0").
func appendPyFloat(dst []byte, f float64) []byte {
	switch {
	case math.IsNaN(f):
		return append(dst, "nan"...)
	case math.IsInf(f, 1):
		return append(dst, "inf"...)
	case math.IsInf(f, -1):
		return append(dst, "-inf"...)
	}
	// The shortest digits of a float below 1e-4 (or at least 1e16) are below
	// (or at least) those bounds too, so comparing the value decides the
	// notation exactly without formatting it twice.
	if a := math.Abs(f); a != 0 && (a < 1e-4 || a >= 1e16) {
		return strconv.AppendFloat(dst, f, 'e', -1, 64)
	}
	n := len(dst)
	dst = strconv.AppendFloat(dst, f, 'f', -1, 64)
	for _, b := range dst[n:] {
		if b == '.' {
			return dst
		}
	}
	return append(dst, ".0"...)
}
