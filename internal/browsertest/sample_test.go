package browsertest

import (
	"math"
	"math/rand/v2"
	"time"

	"github.com/requesthook/requesthook/botoline"
)

// sampleStart is when the sample log begins; it spans two hours, which the
// report cuts into 120 buckets of a minute.
var sampleStart = time.Date(2024, 3, 1, 8, 0, 0, 0, time.UTC)

// hostileOp is an operation name that must show as text, escaped.
const hostileOp = "<script>alert(1)</script>\x1b[31m\u2028"

// sampleOp is what the sample log holds of one operation.
type sampleOp struct {
	calls    int
	minutes  map[int]bool // minutes (from sampleStart) with calls
	statuses map[int]bool // failure statuses
}

// sampleLog returns a two-hour log of four operations (one with a hostile
// name, one with an eight-minute gap, one with an incident of slow and
// failing calls) and what it holds per operation.
func sampleLog() ([]byte, map[string]*sampleOp) {
	rng := rand.New(rand.NewPCG(3, 5))
	ops := make(map[string]*sampleOp)
	var b []byte
	add := func(op string, end time.Time, d time.Duration, status int, size int64) {
		s := ops[op]
		if s == nil {
			s = &sampleOp{minutes: make(map[int]bool), statuses: make(map[int]bool)}
			ops[op] = s
		}
		s.calls++
		s.minutes[int(end.Sub(sampleStart)/time.Minute)] = true
		if status == 0 || status >= 400 {
			s.statuses[status] = true
		}
		b = botoline.Append(b, botoline.Record{Start: end.Add(-d), End: end, Status: status, Size: size, Operation: op}, time.UTC)
	}
	latency := func(median time.Duration) time.Duration {
		return time.Duration(float64(median) * math.Exp(rng.NormFloat64()*0.6))
	}
	size := func() int64 { return int64(math.Exp(rng.Float64() * 12)) }
	for sec := 0; sec < 7200; sec++ {
		end := sampleStart.Add(time.Duration(sec) * time.Second)
		incident := sec >= 70*60 && sec < 80*60
		if sec%2 == 0 {
			d, status, sz := latency(40*time.Millisecond), 200, size()
			if incident {
				d *= 8
			}
			switch r := rng.IntN(100); {
			case incident && r < 20:
				status = 503
			case r < 1:
				status = 500
			case r == 1 && sec%4 == 0:
				status, sz = 0, 0
			case r < 12:
				sz = -1 // None
			}
			add("DescribeInstances", end, d, status, sz)
		}
		if sec%3 == 0 {
			status := 200
			if rng.IntN(100) < 2 {
				status = 400
			}
			add("GetItem", end, latency(8*time.Millisecond), status, size())
		}
		if sec%10 == 5 && (sec < 40*60 || sec >= 48*60) {
			add("PutItem", end, latency(15*time.Millisecond), 200, 0)
		}
		if sec%1300 == 7 {
			add(hostileOp, end, latency(time.Second), 200, size())
		}
	}
	return b, ops
}
