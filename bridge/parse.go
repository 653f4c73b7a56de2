package bridge

import (
	"math"
	"math/bits"
	"strconv"
	"time"

	"github.com/requesthook/requesthook/otelhook"
)

// ParseLine reads one request-log line, as boto's RequestLogger and
// exporter.AppendLine write it:
//
//	'2014-02-26 21:38:27', '200', '0.791542', '592', 'DescribeVolumes'
//
// The line may end in "\n", "\r\n" or nothing. The time column is read in loc
// (time.Local when loc is nil) and becomes Call.End; Call.Start is End minus
// the duration column rounded to whole microseconds. The fields map to the
// Call so that exporter.AppendLine(nil, c, loc) gives the line back byte for
// byte for every line AppendLine or boto wrote:
//
//   - status becomes StatusCode;
//   - size "None" becomes Size -1; a number becomes Size;
//   - status 0 with size 0 (AppendLine's rendering of a Call whose Err is set
//     and which got no response) becomes Err = ErrNoResponse and Size -1;
//   - the operation is unescaped (a doubled quote, \\, \n, \r, \t, \xNN,
//     \uNNNN) into Operation; a field that the exporter cut at its maximum
//     length keeps its trailing "...";
//   - Attempt is 1; Service, Method, URL and RequestID, which the log does not
//     record, are empty.
//
// A line that does not have this form yields a *SyntaxError naming the column
// and what is wrong; so does a duration that puts the start more than about
// 292,000 years from 1970, beyond what a duration is computed in. ParseLine keeps no reference to line. Parsing a line
// whose operation was seen recently does not allocate: operation names are
// shared through a small fixed-size cache. ParseLine is safe for concurrent
// use.
func ParseLine(line []byte, loc *time.Location) (otelhook.Call, error) {
	if loc == nil {
		loc = time.Local
	}
	p := parser{line: line}
	var c otelhook.Call

	// Field 1: the time the call ended, to the second.
	if !p.open(1) {
		return c, p.err
	}
	end, ok := p.time(loc)
	if !ok {
		return c, p.err
	}
	c.End = end

	// Field 2: the status code.
	if !p.next(2) {
		return c, p.err
	}
	status, ok := p.status()
	if !ok {
		return c, p.err
	}
	c.StatusCode = status

	// Field 3: the duration in seconds, as Python prints a float.
	if !p.next(3) {
		return c, p.err
	}
	durCol := p.pos + 1
	sec, usec, neg, ok := p.duration()
	if !ok {
		return c, p.err
	}

	// Field 4: the size, or None.
	if !p.next(4) {
		return c, p.err
	}
	size, ok := p.size()
	if !ok {
		return c, p.err
	}

	// Field 5: the operation, escaped.
	if !p.next(5) {
		return c, p.err
	}
	op, ok := p.operation()
	if !ok {
		return c, p.err
	}
	if !p.lineEnd() {
		return c, p.err
	}

	start, ok := startTime(end, sec, usec, neg)
	if !ok {
		return otelhook.Call{}, &SyntaxError{Column: durCol, Msg: "duration: out of range for the time column"}
	}
	c.Start = start.In(loc)
	c.Operation = op
	c.Attempt = 1
	c.Size = size
	if status == 0 && size == 0 {
		c.Err = ErrNoResponse
		c.Size = -1
	}
	return c, nil
}

// startTime returns end minus (or, when neg, plus) sec seconds and usec
// microseconds. It reports false when the start is so far from the end that
// its Unix time in microseconds, which the duration is computed from, would
// not fit in an int64 (about 292,000 years either side of 1970).
func startTime(end time.Time, sec, usec int64, neg bool) (time.Time, bool) {
	const limit = math.MaxInt64/1_000_000 - 1 // whole seconds whose microseconds fit
	if sec > limit {
		return time.Time{}, false
	}
	s, ns := end.Unix(), int64(end.Nanosecond())
	if neg {
		s, ns = s+sec, ns+usec*1000
	} else {
		s, ns = s-sec, ns-usec*1000
	}
	if s < -limit || s > limit { // |end| is below 2^38 s, so s did not overflow
		return time.Time{}, false
	}
	return time.Unix(s, ns), true
}

// parser walks one line; err holds the first problem found.
type parser struct {
	line []byte
	pos  int // index of the next byte to read
	err  *SyntaxError
}

var fieldNames = [...]string{1: "time", 2: "status", 3: "duration", 4: "size", 5: "operation"}

// fail records a problem at byte index i (0-based) and returns false.
func (p *parser) fail(i int, msg string) bool {
	p.err = &SyntaxError{Column: i + 1, Msg: msg}
	return false
}

// open reads the quote that opens field n.
func (p *parser) open(n int) bool {
	if p.pos >= len(p.line) || p.line[p.pos] != '\'' {
		if p.pos >= len(p.line) || (n == 1 && isEOL(p.line[p.pos:])) {
			if n == 1 {
				return p.fail(p.pos, "empty line")
			}
			return p.fail(p.pos, "line ends before field "+strconv.Itoa(n)+" ("+fieldNames[n]+")")
		}
		return p.fail(p.pos, "want ' to open field "+strconv.Itoa(n)+" ("+fieldNames[n]+")")
	}
	p.pos++
	return true
}

// next reads the "', '" that closes field n-1 and opens field n; the
// closing quote was consumed by the field reader.
func (p *parser) next(n int) bool {
	if len(p.line)-p.pos < 2 || p.line[p.pos] != ',' || p.line[p.pos+1] != ' ' {
		if p.pos >= len(p.line) || isEOL(p.line[p.pos:]) {
			return p.fail(p.pos, "line ends after field "+strconv.Itoa(n-1)+"; want 5 fields")
		}
		return p.fail(p.pos, "want \", '\" after field "+strconv.Itoa(n-1)+" ("+fieldNames[n-1]+")")
	}
	p.pos += 2
	return p.open(n)
}

// isEOL reports whether b is a line ending ("\n", "\r\n", "\r" or empty).
func isEOL(b []byte) bool {
	switch len(b) {
	case 0:
		return true
	case 1:
		return b[0] == '\n' || b[0] == '\r'
	case 2:
		return b[0] == '\r' && b[1] == '\n'
	}
	return false
}

// lineEnd checks that nothing but a line ending follows the last field.
func (p *parser) lineEnd() bool {
	if !isEOL(p.line[p.pos:]) {
		return p.fail(p.pos, "unexpected text after field 5 (operation); want the end of the line")
	}
	return true
}

// digits reads a run of ASCII digits and returns its value, its length and
// false when the value exceeds math.MaxInt64.
func (p *parser) digits() (v uint64, n int, ok bool) {
	ok = true
	for p.pos < len(p.line) {
		b := p.line[p.pos]
		if b < '0' || b > '9' {
			break
		}
		if v >= 1e17 && (v > (math.MaxInt64-uint64(b-'0'))/10) {
			ok = false
		} else {
			v = v*10 + uint64(b-'0')
		}
		p.pos++
		n++
	}
	return v, n, ok
}

// fixed reads exactly two digits followed by sep.
func (p *parser) fixed(sep byte) (int, bool) {
	if len(p.line)-p.pos < 3 {
		return 0, false
	}
	a, b, c := p.line[p.pos]-'0', p.line[p.pos+1]-'0', p.line[p.pos+2]
	if a > 9 || b > 9 || c != sep {
		return 0, false
	}
	p.pos += 3
	return int(a)*10 + int(b), true
}

// time reads "YYYY-MM-DD HH:MM:SS'"; years outside 0..9999 may have more or
// fewer digits and a minus sign, as AppendLine writes them.
func (p *parser) time(loc *time.Location) (time.Time, bool) {
	start := p.pos
	bad := func() (time.Time, bool) {
		return time.Time{}, p.fail(start, "time: want 'YYYY-MM-DD HH:MM:SS'")
	}
	neg := p.pos < len(p.line) && p.line[p.pos] == '-'
	if neg {
		p.pos++
	}
	y, n, ok := p.digits()
	if n == 0 || !ok || y > 1<<40 || p.pos >= len(p.line) || p.line[p.pos] != '-' {
		return bad()
	}
	p.pos++
	year := int(y)
	if neg {
		year = -year
	}
	mon, ok := p.fixed('-')
	if !ok {
		return bad()
	}
	day, ok := p.fixed(' ')
	if !ok {
		return bad()
	}
	hour, ok := p.fixed(':')
	if !ok {
		return bad()
	}
	min, ok := p.fixed(':')
	if !ok {
		return bad()
	}
	sec, ok := p.fixed('\'')
	if !ok {
		return bad()
	}
	switch {
	case mon < 1 || mon > 12:
		return time.Time{}, p.fail(start+n+1+b2i(neg), "time: month "+strconv.Itoa(mon)+" out of range")
	case day < 1 || day > daysIn(time.Month(mon), year):
		return time.Time{}, p.fail(start+n+4+b2i(neg), "time: day "+strconv.Itoa(day)+" out of range")
	case hour > 23:
		return time.Time{}, p.fail(start+n+7+b2i(neg), "time: hour "+strconv.Itoa(hour)+" out of range")
	case min > 59:
		return time.Time{}, p.fail(start+n+10+b2i(neg), "time: minute "+strconv.Itoa(min)+" out of range")
	case sec > 59:
		return time.Time{}, p.fail(start+n+13+b2i(neg), "time: second "+strconv.Itoa(sec)+" out of range")
	}
	return time.Date(year, time.Month(mon), day, hour, min, sec, 0, loc), true
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// daysIn returns the number of days in month m of year y.
func daysIn(m time.Month, y int) int {
	switch m {
	case time.February:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// closeQuote consumes the quote that ends field n.
func (p *parser) closeQuote(n int, start int, want string) bool {
	if p.pos >= len(p.line) || p.line[p.pos] != '\'' {
		if p.pos >= len(p.line) || isEOL(p.line[p.pos:]) {
			return p.fail(p.pos, fieldNames[n]+": line ends inside the field")
		}
		return p.fail(start, fieldNames[n]+": want "+want)
	}
	p.pos++
	return true
}

// empty reports field n, which holds none of the bytes it should, at start.
func (p *parser) empty(n, start int, want string) bool {
	if isEOL(p.line[start:]) {
		return p.fail(start, fieldNames[n]+": line ends inside the field")
	}
	return p.fail(start, fieldNames[n]+": want "+want)
}

// status reads an integer status code (AppendLine writes any int).
func (p *parser) status() (int, bool) {
	start := p.pos
	neg := p.pos < len(p.line) && p.line[p.pos] == '-'
	if neg {
		p.pos++
	}
	v, n, ok := p.digits()
	if n == 0 {
		return 0, p.empty(2, start, "an integer")
	}
	if !ok || uint64(int(v)) != v {
		return 0, p.fail(start, "status: out of range")
	}
	if !p.closeQuote(2, start, "an integer") {
		return 0, false
	}
	if neg {
		return -int(v), true
	}
	return int(v), true
}

// size reads "None" (-1) or a non-negative integer.
func (p *parser) size() (int64, bool) {
	start := p.pos
	rest := p.line[p.pos:]
	if len(rest) >= 5 && string(rest[:5]) == "None'" {
		p.pos += 5
		return -1, true
	}
	v, n, ok := p.digits()
	if n == 0 {
		return 0, p.empty(4, start, "a non-negative integer or None")
	}
	if !ok {
		return 0, p.fail(start, "size: out of range")
	}
	if !p.closeQuote(4, start, "a non-negative integer or None") {
		return 0, false
	}
	return int64(v), true
}

// duration reads a Python float repr ("0.791542", "2.0", "5e-05", "1e+16")
// and returns it rounded to whole microseconds as seconds and microseconds.
func (p *parser) duration() (sec, usec int64, neg, ok bool) {
	start := p.pos
	end := start
	for end < len(p.line) && isFloatByte(p.line[end]) {
		end++
	}
	if end == start {
		return 0, 0, false, p.empty(3, start, "a number of seconds")
	}
	text := p.line[start:end]
	if sec, usec, ok := decimalMicros(text); ok {
		p.pos = end
		return sec, usec, false, p.closeQuote(3, start, "a number of seconds")
	}
	var f float64
	var err error
	if len(text) <= 32 {
		f, err = strconv.ParseFloat(string(text), 64)
	} else {
		err = strconv.ErrRange // longer than any float repr
	}
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		p.pos = end
		if !p.closeQuote(3, start, "a number of seconds") {
			return 0, 0, false, false
		}
		return 0, 0, false, p.fail(start, "duration: "+strconv.Quote(string(text))+" is not a number of seconds")
	}
	p.pos = end
	if !p.closeQuote(3, start, "a number of seconds") {
		return 0, 0, false, false
	}
	neg = math.Signbit(f)
	sec, usec, ok = splitMicros(math.Abs(f))
	if !ok {
		return 0, 0, false, p.fail(start, "duration: out of range")
	}
	return sec, usec, neg, true
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

func isFloatByte(b byte) bool {
	return b >= '0' && b <= '9' || b == '.' || b == 'e' || b == 'E' || b == '+' || b == '-'
}

// splitMicros rounds f*1e6 (computed exactly, f finite and >= 0) to the
// nearest integer n, halves away from zero, and returns n/1e6 and n%1e6. For
// every f that is the float nearest to some whole number of microseconds
// n/1e6 it returns that n, which is what makes AppendLine(ParseLine(line))
// reproduce the line.
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
