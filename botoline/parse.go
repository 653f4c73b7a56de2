package botoline

import (
	"math"
	"strconv"
	"time"
)

// Parser parses lines into Records, sharing the operation names it has seen
// recently so that parsing a line whose operation is in its cache allocates
// nothing. The cache is bounded (1024 names) and owned by the Parser. The
// zero Parser reads times in time.Local. A Parser is not safe for concurrent
// use; give each goroutine its own.
type Parser struct {
	// Location is the zone the time column is read in; nil means
	// time.Local.
	Location *time.Location

	names names
}

// Parse reads one line, as boto's RequestLogger and Append write it:
//
//	'2014-02-26 21:38:27', '200', '0.791542', '592', 'DescribeVolumes'
//
// The line may end in "\n", "\r\n" or nothing. The time column, read in
// loc (time.Local when nil), becomes End; Start is End minus the duration
// column rounded to whole microseconds; size None becomes Size -1; the
// operation is unescaped (a field that Append capped keeps its trailing
// "..."). Append(nil, r, loc) gives the line back byte for byte for every line
// Append or boto wrote.
//
// A line that does not have this form yields a *SyntaxError naming the column
// and what is wrong; so does a duration that puts the start more than about
// 292,000 years from 1970. Parse keeps no reference to line and is safe for
// concurrent use; a Parser avoids its allocation of the operation name.
func Parse(line []byte, loc *time.Location) (Record, error) {
	p := Parser{Location: loc}
	return p.parse(line, false)
}

// Parse reads one line as the package-level Parse does, in p.Location.
func (p *Parser) Parse(line []byte) (Record, error) {
	return p.parse(line, true)
}

func (p *Parser) parse(line []byte, cached bool) (Record, error) {
	loc := p.Location
	if loc == nil {
		loc = time.Local
	}
	s := scanner{line: line}
	var r Record

	// Field 1: the time the call ended, to the second.
	if !s.open(1) {
		return r, s.err
	}
	end, ok := s.time(loc)
	if !ok {
		return r, s.err
	}

	// Field 2: the status code.
	if !s.next(2) {
		return r, s.err
	}
	status, ok := s.status()
	if !ok {
		return r, s.err
	}

	// Field 3: the duration in seconds, as Python prints a float.
	if !s.next(3) {
		return r, s.err
	}
	durCol := s.pos + 1
	sec, usec, neg, ok := s.duration()
	if !ok {
		return r, s.err
	}

	// Field 4: the size, or None.
	if !s.next(4) {
		return r, s.err
	}
	size, ok := s.size()
	if !ok {
		return r, s.err
	}

	// Field 5: the operation, escaped.
	if !s.next(5) {
		return r, s.err
	}
	var buf [256]byte
	op, ok := s.operation(buf[:0])
	if !ok {
		return r, s.err
	}
	if !s.lineEnd() {
		return r, s.err
	}

	start, ok := startTime(end, sec, usec, neg)
	if !ok {
		return Record{}, &SyntaxError{Column: durCol, Msg: "duration: out of range for the time column"}
	}
	r = Record{Start: start.In(loc), End: end, Status: status, Size: size}
	switch {
	case len(op) == 0:
	case cached:
		r.Operation = p.names.intern(op)
	default:
		r.Operation = string(op)
	}
	return r, nil
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

// scanner walks one line; err holds the first problem found.
type scanner struct {
	line []byte
	pos  int // index of the next byte to read
	err  *SyntaxError
}

var fieldNames = [...]string{1: "time", 2: "status", 3: "duration", 4: "size", 5: "operation"}

// fail records a problem at byte index i (0-based) and returns false.
func (s *scanner) fail(i int, msg string) bool {
	s.err = &SyntaxError{Column: i + 1, Msg: msg}
	return false
}

// open reads the quote that opens field n.
func (s *scanner) open(n int) bool {
	if s.pos >= len(s.line) || s.line[s.pos] != '\'' {
		if s.pos >= len(s.line) || (n == 1 && isEOL(s.line[s.pos:])) {
			if n == 1 {
				return s.fail(s.pos, "empty line")
			}
			return s.fail(s.pos, "line ends before field "+strconv.Itoa(n)+" ("+fieldNames[n]+")")
		}
		return s.fail(s.pos, "want ' to open field "+strconv.Itoa(n)+" ("+fieldNames[n]+")")
	}
	s.pos++
	return true
}

// next reads the "', '" that closes field n-1 and opens field n; the
// closing quote was consumed by the field reader.
func (s *scanner) next(n int) bool {
	if len(s.line)-s.pos < 2 || s.line[s.pos] != ',' || s.line[s.pos+1] != ' ' {
		if s.pos >= len(s.line) || isEOL(s.line[s.pos:]) {
			return s.fail(s.pos, "line ends after field "+strconv.Itoa(n-1)+"; want 5 fields")
		}
		return s.fail(s.pos, "want \", '\" after field "+strconv.Itoa(n-1)+" ("+fieldNames[n-1]+")")
	}
	s.pos += 2
	return s.open(n)
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
func (s *scanner) lineEnd() bool {
	if !isEOL(s.line[s.pos:]) {
		return s.fail(s.pos, "unexpected text after field 5 (operation); want the end of the line")
	}
	return true
}

// digits reads a run of ASCII digits and returns its value, its length and
// false when the value exceeds math.MaxInt64.
func (s *scanner) digits() (v uint64, n int, ok bool) {
	ok = true
	for s.pos < len(s.line) {
		b := s.line[s.pos]
		if b < '0' || b > '9' {
			break
		}
		if v >= 1e17 && (v > (math.MaxInt64-uint64(b-'0'))/10) {
			ok = false
		} else {
			v = v*10 + uint64(b-'0')
		}
		s.pos++
		n++
	}
	return v, n, ok
}

// fixed reads exactly two digits followed by sep.
func (s *scanner) fixed(sep byte) (int, bool) {
	if len(s.line)-s.pos < 3 {
		return 0, false
	}
	a, b, c := s.line[s.pos]-'0', s.line[s.pos+1]-'0', s.line[s.pos+2]
	if a > 9 || b > 9 || c != sep {
		return 0, false
	}
	s.pos += 3
	return int(a)*10 + int(b), true
}

// time reads "YYYY-MM-DD HH:MM:SS'"; years outside 0..9999 may have more or
// fewer digits and a minus sign, as AppendLine writes them.
func (s *scanner) time(loc *time.Location) (time.Time, bool) {
	start := s.pos
	bad := func() (time.Time, bool) {
		return time.Time{}, s.fail(start, "time: want 'YYYY-MM-DD HH:MM:SS'")
	}
	neg := s.pos < len(s.line) && s.line[s.pos] == '-'
	if neg {
		s.pos++
	}
	y, n, ok := s.digits()
	if n == 0 || !ok || y > 1<<40 || s.pos >= len(s.line) || s.line[s.pos] != '-' {
		return bad()
	}
	s.pos++
	year := int(y)
	if neg {
		year = -year
	}
	mon, ok := s.fixed('-')
	if !ok {
		return bad()
	}
	day, ok := s.fixed(' ')
	if !ok {
		return bad()
	}
	hour, ok := s.fixed(':')
	if !ok {
		return bad()
	}
	min, ok := s.fixed(':')
	if !ok {
		return bad()
	}
	sec, ok := s.fixed('\'')
	if !ok {
		return bad()
	}
	switch {
	case mon < 1 || mon > 12:
		return time.Time{}, s.fail(start+n+1+b2i(neg), "time: month "+strconv.Itoa(mon)+" out of range")
	case day < 1 || day > daysIn(time.Month(mon), year):
		return time.Time{}, s.fail(start+n+4+b2i(neg), "time: day "+strconv.Itoa(day)+" out of range")
	case hour > 23:
		return time.Time{}, s.fail(start+n+7+b2i(neg), "time: hour "+strconv.Itoa(hour)+" out of range")
	case min > 59:
		return time.Time{}, s.fail(start+n+10+b2i(neg), "time: minute "+strconv.Itoa(min)+" out of range")
	case sec > 59:
		return time.Time{}, s.fail(start+n+13+b2i(neg), "time: second "+strconv.Itoa(sec)+" out of range")
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
func (s *scanner) closeQuote(n int, start int, want string) bool {
	if s.pos >= len(s.line) || s.line[s.pos] != '\'' {
		if s.pos >= len(s.line) || isEOL(s.line[s.pos:]) {
			return s.fail(s.pos, fieldNames[n]+": line ends inside the field")
		}
		return s.fail(start, fieldNames[n]+": want "+want)
	}
	s.pos++
	return true
}

// empty reports field n, which holds none of the bytes it should, at start.
func (s *scanner) empty(n, start int, want string) bool {
	if isEOL(s.line[start:]) {
		return s.fail(start, fieldNames[n]+": line ends inside the field")
	}
	return s.fail(start, fieldNames[n]+": want "+want)
}

// status reads an integer status code (AppendLine writes any int).
func (s *scanner) status() (int, bool) {
	start := s.pos
	neg := s.pos < len(s.line) && s.line[s.pos] == '-'
	if neg {
		s.pos++
	}
	v, n, ok := s.digits()
	if n == 0 {
		return 0, s.empty(2, start, "an integer")
	}
	if !ok || uint64(int(v)) != v {
		return 0, s.fail(start, "status: out of range")
	}
	if !s.closeQuote(2, start, "an integer") {
		return 0, false
	}
	if neg {
		return -int(v), true
	}
	return int(v), true
}

// size reads "None" (-1) or a non-negative integer.
func (s *scanner) size() (int64, bool) {
	start := s.pos
	rest := s.line[s.pos:]
	if len(rest) >= 5 && string(rest[:5]) == "None'" {
		s.pos += 5
		return -1, true
	}
	v, n, ok := s.digits()
	if n == 0 {
		return 0, s.empty(4, start, "a non-negative integer or None")
	}
	if !ok {
		return 0, s.fail(start, "size: out of range")
	}
	if !s.closeQuote(4, start, "a non-negative integer or None") {
		return 0, false
	}
	return int64(v), true
}

// duration reads a Python float repr ("0.791542", "2.0", "5e-05", "1e+16")
// and returns it rounded to whole microseconds as seconds and microseconds.
func (s *scanner) duration() (sec, usec int64, neg, ok bool) {
	start := s.pos
	end := start
	for end < len(s.line) && isFloatByte(s.line[end]) {
		end++
	}
	if end == start {
		return 0, 0, false, s.empty(3, start, "a number of seconds")
	}
	text := s.line[start:end]
	if sec, usec, ok := decimalMicros(text); ok {
		s.pos = end
		return sec, usec, false, s.closeQuote(3, start, "a number of seconds")
	}
	var f float64
	var err error
	if len(text) <= 32 {
		f, err = strconv.ParseFloat(string(text), 64)
	} else {
		err = strconv.ErrRange // longer than any float repr
	}
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		s.pos = end
		if !s.closeQuote(3, start, "a number of seconds") {
			return 0, 0, false, false
		}
		return 0, 0, false, s.fail(start, "duration: "+strconv.Quote(string(text))+" is not a number of seconds")
	}
	s.pos = end
	if !s.closeQuote(3, start, "a number of seconds") {
		return 0, 0, false, false
	}
	neg = math.Signbit(f)
	sec, usec, ok = splitMicros(math.Abs(f))
	if !ok {
		return 0, 0, false, s.fail(start, "duration: out of range")
	}
	return sec, usec, neg, true
}

// operation reads the escaped operation field up to its closing quote and
// appends its unescaped value to buf, returning buf itself extended, or the
// field's bytes in the line when it has no escapes.
func (s *scanner) operation(buf []byte) ([]byte, bool) {
	start := s.pos
	plain := true
	i := start
scan:
	for {
		if i >= len(s.line) {
			return nil, s.fail(min(i, len(s.line)), "operation: line ends inside the field; want a closing '")
		}
		switch s.line[i] {
		case '\'':
			if i+1 < len(s.line) && s.line[i+1] == '\'' {
				plain = false
				i += 2
				continue
			}
			break scan
		case '\\':
			plain = false
			i += 2 // checked while unescaping
			continue
		}
		i++
	}
	s.pos = i + 1
	if plain {
		return s.line[start:i], true
	}
	out, bad, msg := appendUnescaped(buf, s.line[start:i])
	if bad >= 0 {
		return nil, s.fail(start+bad, "operation: "+msg)
	}
	return out, true
}
