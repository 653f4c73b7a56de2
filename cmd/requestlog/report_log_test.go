package main

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/requesthook/requesthook/botoline"
)

// reportT0 is when the calls of knownLog start.
var reportT0 = time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC)

// knownLog returns the lines of a small log whose report is known:
//
//   - GetItem: 30 calls, one every 10 s from 10:00:00 to 10:04:50, lasting
//     10 ms times their 1-based number, all 200, of 1000 bytes (even
//     numbers) or 5000 bytes (odd ones);
//   - PutItem: 10 calls, one every 30 s from 10:00:05, lasting 0.5 s; the
//     first and the sixth 503, the fourth without response (status 0, size
//     0), the eighth of size None, the others 200 with 200 bytes.
//
// 40 calls over 290 s make 10 buckets of 30 s, each with three GetItem
// calls and one PutItem call.
func knownLog() []byte {
	var b []byte
	for i := range 30 {
		end := reportT0.Add(time.Duration(i) * 10 * time.Second)
		size := int64(1000)
		if i%2 == 1 {
			size = 5000
		}
		d := time.Duration(i+1) * 10 * time.Millisecond
		b = botoline.Append(b, botoline.Record{Start: end.Add(-d), End: end, Status: 200, Size: size, Operation: "GetItem"}, time.UTC)
		if i%3 == 0 {
			j := i / 3
			end := reportT0.Add(5*time.Second + time.Duration(j)*30*time.Second)
			r := botoline.Record{Start: end.Add(-500 * time.Millisecond), End: end, Status: 200, Size: 200, Operation: "PutItem"}
			switch j {
			case 0, 5:
				r.Status = 503
			case 3:
				r.Status, r.Size = 0, 0
			case 7:
				r.Size = -1
			}
			b = botoline.Append(b, r, time.UTC)
		}
	}
	return b
}

// writeLog writes lines to a file of a test's own.
func writeLog(t *testing.T, lines []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "requests.log")
	if err := os.WriteFile(path, lines, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// fmtAny prints a value for comparison.
func fmtAny(v any) string { return fmt.Sprintf("%v", v) }
