package botoline

import (
	"math"
	"strconv"
	"testing"
)

// FuzzDecimalMicros checks the integer fast path for durations against the
// float path it stands in for: both must give the same microseconds.
func FuzzDecimalMicros(f *testing.F) {
	for _, s := range []string{"0.791542", "2.0", "999999999.999999", "0.000001", "12.5", "1e-05", "1.2.3", ".5", "5."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		sec, usec, ok := decimalMicros([]byte(text))
		if !ok {
			return
		}
		v, err := strconv.ParseFloat(text, 64)
		if err != nil {
			t.Fatalf("fast path took %q, which ParseFloat rejects: %v", text, err)
		}
		wsec, wusec, wok := splitMicros(math.Abs(v))
		if !wok || sec != wsec || usec != wusec {
			t.Fatalf("%q: fast path %d s %d µs, float path %d s %d µs", text, sec, usec, wsec, wusec)
		}
	})
}
