package botoline

import (
	"math"
	"math/bits"
	"strconv"
	"time"
)

// Duration returns the duration boto's RequestLogger computes for a call
// from start to end, in seconds: both times truncated to the microsecond,
// their difference td split the way Python's timedelta normalises it (days
// and seconds, plus 0 <= microseconds < 1e6), and then, in float64
// arithmetic step by step,
//
//	(td.microseconds + (td.seconds + td.days*24*3600) * 1e6) / 1e6
func Duration(start, end time.Time) float64 {
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

// AppendFloat appends f as Python 3's repr(float) (and str(float)) prints
// it: the shortest digits that round-trip, in scientific notation ("5e-05",
// "1e+16") when the decimal exponent is below -4 or at least 16, and otherwise
// in positional notation with at least one digit after the point ("2.0").
// It is how the duration column is written.
func AppendFloat(dst []byte, f float64) []byte {
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

// appendDuration appends the duration column of a call from start to end:
// AppendFloat(dst, Duration(start, end)), without strconv for the durations
// of calls. For a whole number of microseconds n with 100 <= |n| < 1e15,
// Duration is the float nearest n/1e6, whose shortest repr is the decimal
// n/1e6 itself without trailing zeros: that decimal has at most 15
// significant digits, and two such decimals never round to the same float,
// so no other decimal as short denotes it. From 1e-4 seconds up it is
// printed positionally.
func appendDuration(dst []byte, start, end time.Time) []byte {
	n := end.UnixMicro() - start.UnixMicro()
	a := n
	if n < 0 {
		a = -n
	}
	if a < 100 || a >= 1e15 { // a < 0 for the smallest int64
		return AppendFloat(dst, Duration(start, end))
	}
	if n < 0 {
		dst = append(dst, '-')
	}
	dst = appendInt(dst, a/1e6)
	us := a % 1e6
	if us == 0 {
		return append(dst, ".0"...)
	}
	a1, a2, a3 := 2*(us/1e4), 2*(us/100%100), 2*(us%100)
	digits := [7]byte{'.', pairs[a1], pairs[a1+1], pairs[a2], pairs[a2+1], pairs[a3], pairs[a3+1]}
	end6 := len(digits)
	for digits[end6-1] == '0' {
		end6--
	}
	return append(dst, digits[:end6]...)
}

// decimalMicros reads the common forms "123.456789" (at most 9 integer and 6
// fraction digits, no sign, no exponent) exactly, without a float: for them
// the decimal value is within a fraction of a microsecond of the float it
// denotes, so the result equals splitMicros(ParseFloat(text)).
func decimalMicros(text []byte) (sec, usec int64, ok bool) {
	dot := -1
	for i, b := range text {
		if b == '.' {
			dot = i
			break
		}
		if b < '0' || b > '9' {
			return 0, 0, false
		}
	}
	frac := len(text) - dot - 1
	if dot < 1 || dot > 9 || frac < 1 || frac > 6 {
		return 0, 0, false
	}
	for _, b := range text[:dot] {
		sec = sec*10 + int64(b-'0')
	}
	for _, b := range text[dot+1:] {
		if b < '0' || b > '9' {
			return 0, 0, false
		}
		usec = usec*10 + int64(b-'0')
	}
	for range 6 - frac {
		usec *= 10
	}
	return sec, usec, true
}

// splitMicros rounds f*1e6 (computed exactly, f finite and >= 0) to the
// nearest integer n, halves away from zero, and returns n/1e6 and n%1e6. For
// every f that is the float nearest to some whole number of microseconds
// n/1e6 it returns that n, which is what makes Append(Parse(line)) reproduce
// the line.
func splitMicros(f float64) (sec, usec int64, ok bool) {
	if f == 0 {
		return 0, 0, true
	}
	b := math.Float64bits(f)
	exp := int(b>>52) & 0x7ff
	mant := b & (1<<52 - 1)
	if exp == 0 {
		exp = 1 // subnormal
	} else {
		mant |= 1 << 52
	}
	e := exp - 1075 // f = mant * 2^e
	if e >= 0 {
		// f is a whole number of seconds.
		if f >= 1<<62 {
			return 0, 0, false
		}
		return int64(f), 0, true
	}
	hi, lo := bits.Mul64(mant, 1e6) // f*1e6 = (hi,lo) * 2^e, below 2^73
	shift := uint(-e)
	switch {
	case shift >= 76:
		return 0, 0, true // below half a microsecond
	case shift <= 64:
		var carry uint64
		lo, carry = bits.Add64(lo, 1<<(shift-1), 0)
		hi += carry
		lo = lo>>shift | hi<<(64-shift)
		hi >>= shift
	default:
		hi += 1 << (shift - 65)
		lo, hi = hi>>(shift-64), 0
	}
	if hi >= 1e6 {
		return 0, 0, false
	}
	q, r := bits.Div64(hi, lo, 1e6)
	if q >= 1<<62 {
		return 0, 0, false
	}
	return int64(q), int64(r), true
}

// isFloatByte reports whether b can appear in a Python float repr.
func isFloatByte(b byte) bool {
	return b >= '0' && b <= '9' || b == '.' || b == 'e' || b == 'E' || b == '+' || b == '-'
}
