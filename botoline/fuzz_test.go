package botoline

import (
	"math"
	"strconv"
	"strings"
	"testing"
	"time"
)

// FuzzAppendLine checks that any call renders as exactly one well-formed
// line: five quoted fields, the right time, status, size and a duration that
// parses back to Python's value in Python's notation, and an operation field
// that unescapes to the operation (or, capped, re-escapes to itself).
// Seed corpus: testdata/fuzz/FuzzAppendLine.
func FuzzAppendLine(f *testing.F) {
	f.Add("DescribeVolumes", 200, int64(592), int64(1393450706208458000), int64(791542000), false)
	f.Add("it's\n\\", 503, int64(-1), int64(0), int64(-1), true)
	f.Add("\xff\u2028\u0085\x00", 0, int64(0), int64(-62135596800000000), int64(50000), false)
	f.Add(strings.Repeat("'", 200), 404, int64(math.MaxInt64), int64(253402300799999999), int64(1e18), false)
	f.Fuzz(func(t *testing.T, op string, status int, size int64, endNs, durNs int64, failed bool) {
		end := time.Unix(0, endNs).UTC()
		c := Record{Start: end.Add(-time.Duration(durNs)), End: end, Status: status, Size: size, Operation: op}
		if failed {
			c.Size = 0
		}
		prefix := "prefix"
		line := Append([]byte(prefix), c, time.UTC)
		got, ok := strings.CutPrefix(string(line), prefix)
		if !ok {
			t.Fatalf("AppendLine changed dst: %q", line)
		}
		if strings.Count(got, "\n") != 1 {
			t.Fatalf("line %q: not exactly one newline", got)
		}
		fields, err := parseLine(got)
		if err != nil {
			t.Fatalf("line %q: %v", got, err)
		}
		if want := end.Format("2006-01-02 15:04:05"); fields[0] != want {
			t.Errorf("time %q, want %q", fields[0], want)
		}
		if want := strconv.Itoa(status); fields[1] != want {
			t.Errorf("status %q, want %q", fields[1], want)
		}
		checkDurationField(t, fields[2], Duration(c.Start, c.End))
		wantSize := strconv.FormatInt(size, 10)
		switch {
		case failed:
			wantSize = "0"
		case size < 0:
			wantSize = "None"
		}
		if fields[3] != wantSize {
			t.Errorf("size %q, want %q", fields[3], wantSize)
		}
		checkField(t, op, strings.ReplaceAll(fields[4], "'", "''"))
	})
}

// checkDurationField checks that s is want in Python's float notation.
func checkDurationField(t *testing.T, s string, want float64) {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v != want {
		t.Fatalf("duration %q = %v (%v), want %v", s, v, err, want)
	}
	a := math.Abs(want)
	sci := a != 0 && (a < 1e-4 || a >= 1e16)
	if strings.Contains(s, "e") != sci {
		t.Fatalf("duration %q of %v: wrong notation", s, want)
	}
	if !sci && !strings.Contains(s, ".") {
		t.Fatalf("duration %q has no decimal point", s)
	}
	if sci && !strings.Contains(s, "e-") && !strings.Contains(s, "e+") {
		t.Fatalf("duration %q: exponent without sign", s)
	}
}
