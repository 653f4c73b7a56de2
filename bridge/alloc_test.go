//go:build !race

package bridge_test

import (
	"testing"
	"time"

	"github.com/requesthook/requesthook/bridge"
)

// TestParseLineAllocs pins ParseLine at zero allocations for plain lines,
// including an escaped operation, once the operation name is in the cache.
func TestParseLineAllocs(t *testing.T) {
	for _, line := range []string{
		"'2014-02-26 21:38:27', '200', '0.791542', '592', 'DescribeVolumes'\n",
		"'2014-02-26 21:38:27', '503', '5e-05', 'None', 'PutItem'\r\n",
		"'2014-02-26 21:38:27', '0', '1000000.5', '0', 'it''s\\n'\n",
	} {
		b := []byte(line)
		if _, err := bridge.ParseLine(b, time.UTC); err != nil {
			t.Fatal(err)
		}
		if n := testing.AllocsPerRun(1000, func() {
			if _, err := bridge.ParseLine(b, time.UTC); err != nil {
				t.Fatal(err)
			}
		}); n != 0 {
			t.Errorf("ParseLine(%q): %v allocs/op, want 0", line, n)
		}
	}
}
