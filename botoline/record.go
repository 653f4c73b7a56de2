package botoline

import (
	"strconv"
	"time"
)

// Record holds the five fields of one line.
type Record struct {
	// Start and End bound the call. The time column is End; the duration
	// column is computed from both as Python computes it.
	Start, End time.Time
	// Status is the HTTP status code, 0 when no response arrived.
	Status int
	// Size is the response size in bytes; a negative Size is written as
	// None.
	Size int64
	// Operation is the API operation, unescaped.
	Operation string
}

// Append appends the line for r to dst and returns the extended buffer:
//
//	'<time>', '<status>', '<duration>', '<size>', '<operation>'\n
//
// The time column is r.End in loc (time.Local when loc is nil). Append does
// not allocate when dst has room for the line. It is safe for concurrent use.
func Append(dst []byte, r Record, loc *time.Location) []byte {
	if loc == nil {
		loc = time.Local
	}
	dst = append(dst, '\'')
	dst = appendTime(dst, r.End.In(loc))
	dst = append(dst, "', '"...)
	dst = appendInt(dst, int64(r.Status))
	dst = append(dst, "', '"...)
	dst = appendDuration(dst, r.Start, r.End)
	dst = append(dst, "', '"...)
	if r.Size < 0 {
		dst = append(dst, "None"...)
	} else {
		dst = appendInt(dst, r.Size)
	}
	dst = append(dst, "', '"...)
	dst = AppendField(dst, r.Operation)
	return append(dst, "'\n"...)
}

// appendInt appends n in decimal, as strconv.AppendInt does, writing the
// short numbers of a line (status codes, most sizes) directly.
func appendInt(dst []byte, n int64) []byte {
	switch {
	case n < 0 || n >= 10000:
		return strconv.AppendInt(dst, n, 10)
	case n < 10:
		return append(dst, byte('0'+n))
	case n < 100:
		return append(dst, byte('0'+n/10), byte('0'+n%10))
	case n < 1000:
		return append(dst, byte('0'+n/100), byte('0'+n/10%10), byte('0'+n%10))
	}
	return append(dst, byte('0'+n/1000), byte('0'+n/100%10), byte('0'+n/10%10), byte('0'+n%10))
}

// Unix times of the first and the last second of the years 1 to 9999.
const (
	minUnix = -62135596800
	maxUnix = 253402300799
)

// appendTime appends t as "2006-01-02 15:04:05", like Python's
// datetime.strftime('%Y-%m-%d %H:%M:%S') for the years Python knows (1 to
// 9999); other years are printed in full. Within those years the date is
// computed from t's seconds in its zone with one zone lookup (Howard
// Hinnant's civil_from_days), where t.Date and t.Clock look the zone up
// twice.
func appendTime(dst []byte, t time.Time) []byte {
	_, offset := t.Zone()
	sec := t.Unix() + int64(offset)
	if sec < minUnix || sec > maxUnix {
		return appendTimeSlow(dst, t)
	}
	// Days and seconds from 0000-03-01, which is day 0 of a 400-year era,
	// so that every quantity below is non-negative.
	const toMarch1 = 719468 * 86400 // 1970-01-01 is day 719468 from 0000-03-01
	s := uint64(sec + toMarch1)
	days, daySec := s/86400, s%86400
	era, doe := days/146097, days%146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	day := doy - (153*mp+2)/5 + 1
	month := mp + 3
	year := era*400 + yoe
	if month > 12 {
		month -= 12
		year++
	}
	hour, minute, second := daySec/3600, daySec/60%60, daySec%60
	cc, yy := 2*(year/100), 2*(year%100)
	month, day, hour, minute, second = 2*month, 2*day, 2*hour, 2*minute, 2*second
	return append(dst,
		pairs[cc], pairs[cc+1], pairs[yy], pairs[yy+1],
		'-', pairs[month], pairs[month+1],
		'-', pairs[day], pairs[day+1],
		' ', pairs[hour], pairs[hour+1],
		':', pairs[minute], pairs[minute+1],
		':', pairs[second], pairs[second+1])
}

// pairs holds the two digits of 0 to 99 at 2*n.
const pairs = "00010203040506070809101112131415161718192021222324252627282930313233343536373839" +
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879" +
	"8081828384858687888990919293949596979899"

// appendTimeSlow is appendTime for any year, with time's calendar.
func appendTimeSlow(dst []byte, t time.Time) []byte {
	year, month, day := t.Date()
	hour, minute, sec := t.Clock()
	if year >= 0 && year <= 9999 {
		dst = append(dst,
			byte('0'+year/1000), byte('0'+year/100%10), byte('0'+year/10%10), byte('0'+year%10))
	} else {
		dst = strconv.AppendInt(dst, int64(year), 10)
	}
	return append(dst,
		'-', byte('0'+int(month)/10), byte('0'+int(month)%10),
		'-', byte('0'+day/10), byte('0'+day%10),
		' ', byte('0'+hour/10), byte('0'+hour%10),
		':', byte('0'+minute/10), byte('0'+minute%10),
		':', byte('0'+sec/10), byte('0'+sec%10))
}
