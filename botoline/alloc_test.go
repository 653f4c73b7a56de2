//go:build !race

package botoline_test

import (
	"testing"
	"time"

	"github.com/requesthook/requesthook/botoline"
)

// TestParserAllocs pins Parser.Parse at zero allocations for plain lines,
// including an escaped operation, once the operation name is in its cache.
func TestParserAllocs(t *testing.T) {
	for _, line := range []string{
		"'2014-02-26 21:38:27', '200', '0.791542', '592', 'DescribeVolumes'\n",
		"'2014-02-26 21:38:27', '503', '5e-05', 'None', 'PutItem'\r\n",
		"'2014-02-26 21:38:27', '0', '1000000.5', '0', 'it''s\\n'\n",
	} {
		b := []byte(line)
		p := botoline.Parser{Location: time.UTC}
		if _, err := p.Parse(b); err != nil {
			t.Fatal(err)
		}
		if n := testing.AllocsPerRun(1000, func() {
			if _, err := p.Parse(b); err != nil {
				t.Fatal(err)
			}
		}); n != 0 {
			t.Errorf("Parser.Parse(%q): %v allocs/op, want 0", line, n)
		}
	}
}

// TestAppendAllocs pins Append at zero allocations.
func TestAppendAllocs(t *testing.T) {
	end := time.Date(2014, 2, 26, 21, 38, 27, 0, time.UTC)
	for name, c := range map[string]struct {
		loc *time.Location
		op  string
	}{
		"UTC":     {time.UTC, "DescribeVolumes"},
		"Local":   {time.Local, "DescribeVolumes"},
		"escaped": {time.UTC, "Describe'Volumes\n\u2028\xff" + string(make([]byte, 200))},
	} {
		r := botoline.Record{Start: end.Add(-50 * time.Microsecond), End: end, Status: 200, Size: 592, Operation: c.op}
		buf := make([]byte, 0, 512)
		if n := testing.AllocsPerRun(1000, func() { buf = botoline.Append(buf[:0], r, c.loc) }); n != 0 {
			t.Errorf("%s: Append allocates %v times, want 0", name, n)
		}
	}
}
