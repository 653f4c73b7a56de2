package exporter

import (
	"strconv"
	"time"

	"github.com/requesthook/requesthook/otelhook"
)

// AppendLine appends the line boto's RequestLogger writes for c to dst and
// returns the extended buffer:
//
//	'<time>', '<status>', '<duration>', '<size>', '<operation>'\n
//
// time is c.End in loc (time.Local when loc is nil) as "2006-01-02 15:04:05";
// status is c.StatusCode; duration is computed and printed the way Python
// computes and prints it (see the package documentation); size is 0 when c.Err
// is non-nil, None when c.Size is negative and c.Size otherwise; operation is
// c.Operation escaped and capped as the package documentation describes.
//
// AppendLine does not allocate when dst has room for the line. It is safe for
// concurrent use.
func AppendLine(dst []byte, c otelhook.Call, loc *time.Location) []byte {
	if loc == nil {
		loc = time.Local
	}
	dst = append(dst, '\'')
	dst = appendTime(dst, c.End.In(loc))
	dst = append(dst, "', '"...)
	dst = strconv.AppendInt(dst, int64(c.StatusCode), 10)
	dst = append(dst, "', '"...)
	dst = appendDuration(dst, c.Start, c.End)
	dst = append(dst, "', '"...)
	switch {
	case c.Err != nil:
		dst = append(dst, '0')
	case c.Size < 0:
		dst = append(dst, "None"...)
	default:
		dst = strconv.AppendInt(dst, c.Size, 10)
	}
	dst = append(dst, "', '"...)
	dst = appendField(dst, c.Operation)
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
