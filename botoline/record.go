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
	dst = strconv.AppendInt(dst, int64(r.Status), 10)
	dst = append(dst, "', '"...)
	dst = appendDuration(dst, r.Start, r.End)
	dst = append(dst, "', '"...)
	if r.Size < 0 {
		dst = append(dst, "None"...)
	} else {
		dst = strconv.AppendInt(dst, r.Size, 10)
	}
	dst = append(dst, "', '"...)
	dst = AppendField(dst, r.Operation)
	return append(dst, "'\n"...)
}

// appendTime appends t as "2006-01-02 15:04:05", like Python's
// datetime.strftime('%Y-%m-%d %H:%M:%S') for the years Python knows (1 to
// 9999); other years are printed in full.
func appendTime(dst []byte, t time.Time) []byte {
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
