package botoline_test

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/requesthook/requesthook/botoline"
)

// FuzzParseLine checks that ParseLine never panics, that whatever it accepts
// AppendLine writes back in a form ParseLine reads to the same bytes, and
// that for any Call built from the fuzz input, ParseLine reads
// AppendLine's line into a Call that AppendLine renders identically. The
// seed corpus is in testdata/fuzz/FuzzParseLine.
func FuzzParseLine(f *testing.F) {
	f.Add([]byte("'2014-02-26 21:38:27', '200', '0.791542', '592', 'DescribeVolumes'\n"),
		int64(1393450707), int64(791542000), 200, int64(592), "DescribeVolumes", false)
	loc := time.FixedZone("UTC+5:30", 5*3600+1800)
	f.Fuzz(func(t *testing.T, line []byte, endSec, durNs int64, status int, size int64, op string, failed bool) {
		// 1. Arbitrary bytes: no panic; an accepted line is stable.
		if c, err := botoline.Parse(line, loc); err == nil {
			first := botoline.Append(nil, c, loc)
			c2, err := botoline.Parse(first, loc)
			if err != nil {
				t.Fatalf("ParseLine(AppendLine(ParseLine(%q))) = %v; AppendLine wrote %q", line, err, first)
			}
			if again := botoline.Append(nil, c2, loc); !bytes.Equal(again, first) {
				t.Fatalf("unstable: %q -> %q -> %q", line, first, again)
			}
		} else {
			var se *botoline.SyntaxError
			if !errors.As(err, &se) || se.Column < 1 || se.Column > len(line)+1 {
				t.Fatalf("ParseLine(%q) error %v: want a *SyntaxError with a column in 1..%d", line, err, len(line)+1)
			}
		}

		// 2. A Call from the fuzz input, ending in the years 1 to 9999 that
		// Python's datetime knows, lasting any time.Duration.
		const first, last = -62135596800, 253402300799 // 0001-01-01, 9999-12-31
		span := int64(last - first + 1)
		sec := first + (endSec%span+span)%span
		end := time.Unix(sec, (durNs%1e9+1e9)%1e9)
		c := botoline.Record{
			Start: end.Add(-time.Duration(durNs)), End: end,
			Status: status, Size: size, Operation: op,
		}
		if failed {
			c.Size = 0
		}
		want := botoline.Append(nil, c, loc)
		got, err := botoline.Parse(want, loc)
		if err != nil {
			t.Fatalf("ParseLine(%q) = %v (call %+v)", want, err, c)
		}
		if again := botoline.Append(nil, got, loc); !bytes.Equal(again, want) {
			t.Fatalf("round trip of call %+v:\n got %q\nwant %q", c, again, want)
		}
		if got.Status != c.Status {
			t.Fatalf("StatusCode = %d, want %d", got.Status, c.Status)
		}
	})
}
