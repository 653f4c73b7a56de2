package botoline_test

import (
	"bytes"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/requesthook/requesthook/botoline"
)

var benchEnd = time.Date(2014, 2, 26, 21, 38, 27, 208458000, time.UTC)

func benchRecord(d time.Duration, op string) botoline.Record {
	return botoline.Record{Start: benchEnd.Add(-d), End: benchEnd, Status: 200, Size: 592, Operation: op}
}

// BenchmarkAppend measures rendering one line; the strconv-free figure is
// the one BENCHMARKS.md tracks (0 allocs, lines/s).
func BenchmarkAppend(b *testing.B) {
	tests := []struct {
		name string
		rec  botoline.Record
		loc  *time.Location
	}{
		{"UTC", benchRecord(791542*time.Microsecond, "DescribeVolumes"), time.UTC},
		{"Local", benchRecord(791542*time.Microsecond, "DescribeVolumes"), time.Local},
		{"escaped", benchRecord(791542*time.Microsecond, "Describe'Volumes\n\u2028\xff"), time.UTC},
		{"scientific", benchRecord(50*time.Microsecond, "DescribeVolumes"), time.UTC},
	}
	for _, tt := range tests {
		b.Run(tt.name, func(b *testing.B) {
			buf := make([]byte, 0, 256)
			b.ReportAllocs()
			for b.Loop() {
				buf = botoline.Append(buf[:0], tt.rec, tt.loc)
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "lines/s")
		})
	}
	b.Run("baseline-fmt", func(b *testing.B) {
		r := benchRecord(791542*time.Microsecond, "DescribeVolumes")
		buf := make([]byte, 0, 256)
		b.ReportAllocs()
		for b.Loop() {
			buf = fmt.Appendf(buf[:0], "'%s', '%d', '%s', '%d', '%s'\n", r.End.Format("2006-01-02 15:04:05"),
				r.Status, strconv.FormatFloat(r.End.Sub(r.Start).Seconds(), 'g', -1, 64), r.Size, r.Operation)
		}
	})
}

var sink []byte

// BenchmarkAppendFloat compares AppendFloat with strconv's shortest 'g'
// format, which it builds on.
func BenchmarkAppendFloat(b *testing.B) {
	for _, f := range []float64{0.791542, 5e-05, 100} {
		b.Run(strconv.FormatFloat(f, 'g', -1, 64), func(b *testing.B) {
			b.Run("AppendFloat", func(b *testing.B) {
				for b.Loop() {
					sink = botoline.AppendFloat(sink[:0], f)
				}
			})
			b.Run("baseline-strconv", func(b *testing.B) {
				for b.Loop() {
					sink = strconv.AppendFloat(sink[:0], f, 'g', -1, 64)
				}
			})
		})
	}
}

// BenchmarkParse measures parsing a boto line with a Parser. The baseline
// sub-benchmark shows what the line costs with the standard library's general
// tools: bytes.Split into fields plus time.ParseInLocation, strconv.Atoi,
// strconv.ParseFloat and a string conversion.
func BenchmarkParse(b *testing.B) {
	line := []byte("'2014-02-26 21:38:27', '200', '0.791542', '592', 'DescribeVolumes'\n")
	b.Run("plain", func(b *testing.B) {
		p := botoline.Parser{Location: time.UTC}
		b.ReportAllocs()
		b.SetBytes(int64(len(line)))
		for b.Loop() {
			if _, err := p.Parse(line); err != nil {
				b.Fatal(err)
			}
		}
	})
	escaped := []byte("'2014-02-26 21:38:27', '0', '5e-05', '0', 'it''s\\x00\\u2028'\r\n")
	b.Run("escaped", func(b *testing.B) {
		p := botoline.Parser{Location: time.UTC}
		b.ReportAllocs()
		b.SetBytes(int64(len(escaped)))
		for b.Loop() {
			if _, err := p.Parse(escaped); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("no-cache", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := botoline.Parse(line, time.UTC); err != nil {
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
		p := botoline.Parser{Location: time.UTC}
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			if _, err := p.Parse(ops[i%len(ops)]); err != nil {
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
