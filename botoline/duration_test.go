package botoline

import (
	"github.com/requesthook/requesthook/internal/pyrun"

	"encoding/binary"
	"encoding/hex"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestAppendFloat(t *testing.T) {
	tests := []struct {
		f    float64
		want string
	}{
		{0, "0.0"},
		{2, "2.0"},
		{100, "100.0"},
		{0.791542, "0.791542"},
		{1000000.5, "1000000.5"},
		{0.0001, "0.0001"},
		{9.9e-05, "9.9e-05"},
		{5e-05, "5e-05"},
		{1e-06, "1e-06"},
		{-1e-06, "-1e-06"},
		{-2.5, "-2.5"},
		{1234567890123456, "1234567890123456.0"},
		{9999999999999998, "9999999999999998.0"},
		{1e16, "1e+16"},
		{1.5e300, "1.5e+300"},
		{5e-324, "5e-324"},
		{0.30000000000000004, "0.30000000000000004"},
		{math.Inf(1), "inf"},
		{math.Inf(-1), "-inf"},
		{math.NaN(), "nan"},
	}
	for _, tt := range tests {
		if got := string(AppendFloat(nil, tt.f)); got != tt.want {
			t.Errorf("AppendFloat(%v) = %q, want %q", tt.f, got, tt.want)
		}
	}
}

func TestDuration(t *testing.T) {
	base := time.Date(2014, 2, 26, 21, 38, 26, 0, time.UTC)
	tests := []struct {
		name       string
		start, end time.Time
		want       string
	}{
		{"golden", base.Add(208458 * time.Microsecond), base.Add(time.Second), "0.791542"},
		{"zero", base, base, "0.0"},
		{"truncated to µs", base.Add(999 * time.Nanosecond), base.Add(1999 * time.Nanosecond), "1e-06"},
		{"sub-µs apart, same µs", base.Add(100), base.Add(900), "0.0"},
		{"negative", base.Add(time.Second), base, "-1.0"},
		{"negative µs", base.Add(1), base.Add(-1), "-1e-06"},
		{"days", base, base.Add(20*24*time.Hour + 250*time.Millisecond), "1728000.25"},
		{"before 1970", time.Date(1960, 1, 1, 0, 0, 0, 500, time.UTC), time.Date(1960, 1, 1, 0, 0, 1, 0, time.UTC), "1.0"},
		{"time zones do not matter", base.In(time.FixedZone("X", 3600)), base.Add(2 * time.Second), "2.0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(AppendFloat(nil, Duration(tt.start, tt.end))); got != tt.want {
				t.Errorf("duration %v → %v = %q, want %q", tt.start, tt.end, got, tt.want)
			}
		})
	}
}

// TestAppendDuration checks that the duration column Append writes is
// AppendFloat(Duration(start, end)) for durations of every magnitude, both
// signs, start times before and after 1970 and times between microseconds,
// around the bounds of its positional fast path (100 µs and 1e15 µs).
func TestAppendDuration(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	var deltas []int64
	for n := int64(-3000); n <= 3000; n++ {
		deltas = append(deltas, n)
	}
	for _, edge := range []int64{100, 1e6, 1e15, 1e16, 1 << 53} {
		for n := edge - 3; n <= edge+3; n++ {
			deltas = append(deltas, n, -n)
		}
	}
	for range 200000 {
		d := r.Int64N(int64(math.Pow10(1 + r.IntN(18))))
		if r.IntN(4) == 0 {
			d = -d
		}
		deltas = append(deltas, d)
	}
	starts := []time.Time{
		time.Date(2026, 11, 24, 14, 48, 21, 0, time.UTC),
		time.Date(2026, 11, 24, 14, 48, 21, 999, time.UTC),
		time.Date(1960, 1, 1, 0, 0, 0, 500, time.UTC),
	}
	for i, d := range deltas {
		start := starts[i%len(starts)]
		end := time.UnixMicro(start.UnixMicro() + d).Add(time.Duration(r.IntN(1000)))
		want := string(AppendFloat(nil, Duration(start, end)))
		if got := string(appendDuration(nil, start, end)); got != want {
			t.Fatalf("appendDuration(%v, %v) = %q, want %q", start, end, got, want)
		}
	}
}

// TestDurationMatchesPython compares the duration of many calls, from a
// microsecond to centuries long and negative ones, with what Python computes
// and prints for the same timedelta.
func TestDurationMatchesPython(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var deltas []int64
	for range 20000 {
		d := r.Int64N(int64(math.Pow10(1 + r.IntN(16))))
		if r.IntN(8) == 0 {
			d = -d
		}
		deltas = append(deltas, d)
	}
	deltas = append(deltas, 0, 1, -1, 999999, 1000000, 86399999999, 86400000000, math.MaxInt64/2, math.MinInt64/2)
	var in strings.Builder
	for _, d := range deltas {
		in.WriteString(strconv.FormatInt(d, 10))
		in.WriteByte('\n')
	}
	const script = `
import sys, datetime
for line in sys.stdin:
    td = datetime.timedelta(microseconds=int(line))
    duration = (td.microseconds + (td.seconds + td.days*24*3600) * 1e6) / 1e6
    print(str(duration))
`
	out := strings.Split(strings.TrimSuffix(string(pyrun.Run(t, script, []byte(in.String()))), "\n"), "\n")
	if len(out) != len(deltas) {
		t.Fatalf("python printed %d durations for %d deltas", len(out), len(deltas))
	}
	start := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	for i, d := range deltas {
		end := time.UnixMicro(start.UnixMicro() + d)
		if got := string(AppendFloat(nil, Duration(start, end))); got != out[i] {
			t.Errorf("duration of %d µs = %q, Python prints %q", d, got, out[i])
		}
		if got := string(appendDuration(nil, start, end)); got != out[i] {
			t.Errorf("appendDuration of %d µs = %q, Python prints %q", d, got, out[i])
		}
	}
}

// TestAppendFloatMatchesPython compares appendPyFloat with Python's
// str(float) on random bit patterns and on values around the notation
// thresholds.
func TestAppendFloatMatchesPython(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	var fs []float64
	for range 20000 {
		f := math.Float64frombits(r.Uint64())
		if math.IsNaN(f) || math.IsInf(f, 0) {
			continue
		}
		fs = append(fs, f)
	}
	for _, edge := range []float64{1e-4, 1e16, 1e-5, 1e15, 1} {
		f := edge
		for range 5 {
			f = math.Nextafter(f, 0)
			fs = append(fs, f, -f)
		}
		f = edge
		for range 5 {
			fs = append(fs, f, -f)
			f = math.Nextafter(f, math.Inf(1))
		}
	}
	for range 5000 { // durations of up to a day with µs resolution
		fs = append(fs, float64(r.Int64N(86400e6))/1e6)
	}
	var in strings.Builder
	b := make([]byte, 8)
	for _, f := range fs {
		binary.LittleEndian.PutUint64(b, math.Float64bits(f))
		in.WriteString(hex.EncodeToString(b))
		in.WriteByte('\n')
	}
	const script = `
import sys, struct
for line in sys.stdin:
    print(str(struct.unpack('<d', bytes.fromhex(line.strip()))[0]))
`
	out := strings.Split(strings.TrimSuffix(string(pyrun.Run(t, script, []byte(in.String()))), "\n"), "\n")
	if len(out) != len(fs) {
		t.Fatalf("python printed %d floats for %d", len(out), len(fs))
	}
	for i, f := range fs {
		if got := string(AppendFloat(nil, f)); got != out[i] {
			t.Errorf("AppendFloat(%b) = %q, Python prints %q", f, got, out[i])
		}
	}
}
