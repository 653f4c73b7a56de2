package bridge_test

import (
	"bytes"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/requesthook/requesthook/bridge"
)

// BenchmarkParseLine measures ParseLine on a boto line. The baseline
// sub-benchmarks show what the line costs with the standard library's
// general tools: bytes.Split into fields plus time.ParseInLocation,
// strconv.Atoi, strconv.ParseFloat and a string conversion.
func BenchmarkParseLine(b *testing.B) {
	line := []byte("'2014-02-26 21:38:27', '200', '0.791542', '592', 'DescribeVolumes'\n")
	b.Run("plain", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(line)))
		for b.Loop() {
			if _, err := bridge.ParseLine(line, time.UTC); err != nil {
				b.Fatal(err)
			}
		}
	})
	escaped := []byte("'2014-02-26 21:38:27', '0', '5e-05', '0', 'it''s\\x00\\u2028'\r\n")
	b.Run("escaped", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(escaped)))
		for b.Loop() {
			if _, err := bridge.ParseLine(escaped, time.UTC); err != nil {
				b.Fatal(err)
			}
		}
	})
	// Many distinct operations: beyond the cache, each miss allocates.
	ops := make([][]byte, 4096)
	for i := range ops {
		ops[i] = fmt.Appendf(nil, "'2014-02-26 21:38:27', '200', '0.791542', '592', 'Operation%d'\n", i)
	}
	b.Run("4096-operations", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			if _, err := bridge.ParseLine(ops[i%len(ops)], time.UTC); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
	b.Run("baseline-stdlib", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(line)))
		for b.Loop() {
			f := bytes.Split(bytes.TrimSuffix(line, []byte("\n")), []byte(", "))
			for i := range f {
				f[i] = bytes.Trim(f[i], "'")
			}
			end, err := time.ParseInLocation("2006-01-02 15:04:05", string(f[0]), time.UTC)
			st, err2 := strconv.Atoi(string(f[1]))
			d, err3 := strconv.ParseFloat(string(f[2]), 64)
			sz, err4 := strconv.ParseInt(string(f[3]), 10, 64)
			op := string(f[4])
			if err != nil || err2 != nil || err3 != nil || err4 != nil || st != 200 || sz != 592 || op == "" || d == 0 || end.IsZero() {
				b.Fatal("baseline failed")
			}
		}
	})
}
