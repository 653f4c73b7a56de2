package main

import (
	"bufio"
	"context"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/requesthook/requesthook/botoline"
	"github.com/requesthook/requesthook/otelhook"
)

const benchLines = 1_000_000

var (
	benchOnce sync.Once
	benchPath string
)

// benchLog writes a 1,000,000-line log once: 40 operations, statuses mostly
// 200 with 4xx, 5xx and failures, log-normal-ish durations from 50µs to
// minutes, sizes or None.
func benchLog(b *testing.B) string {
	b.Helper()
	benchOnce.Do(func() {
		dir, err := os.MkdirTemp("", "requestlog-bench-")
		if err != nil {
			b.Fatal(err)
		}
		benchPath = filepath.Join(dir, "requests.log")
		f, err := os.Create(benchPath)
		if err != nil {
			b.Fatal(err)
		}
		w := bufio.NewWriterSize(f, 1<<20)
		rng := rand.New(rand.NewPCG(7, 11))
		ops := make([]string, 40)
		for i := range ops {
			ops[i] = []string{"DescribeVolumes", "DescribeInstances", "GetItem", "PutItem", "Query", "SendMessage", "ReceiveMessage", "GetObject"}[i%8] + string(rune('A'+i/8))
		}
		end := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
		var buf []byte
		for i := range benchLines {
			end = end.Add(time.Duration(rng.Int64N(int64(20 * time.Millisecond))))
			d := time.Duration(float64(50*time.Microsecond) * (1 + rng.ExpFloat64()*rng.ExpFloat64()*200))
			c := otelhook.Call{Start: end.Add(-d), End: end, Operation: ops[rng.IntN(len(ops))], StatusCode: 200, Size: rng.Int64N(1 << 20)}
			switch r := rng.IntN(100); {
			case r < 3:
				c.StatusCode = 503
			case r < 5:
				c.StatusCode = 400 + rng.IntN(30)
			case r < 6:
				c.StatusCode, c.Err = 0, io.ErrUnexpectedEOF
			case r < 15:
				c.Size = -1
			}
			_ = i
			buf = botoline.Append(buf[:0], c.Record(), time.UTC)
			w.Write(buf)
		}
		if err := w.Flush(); err != nil {
			b.Fatal(err)
		}
		if err := f.Close(); err != nil {
			b.Fatal(err)
		}
	})
	return benchPath
}

// BenchmarkStats runs "requestlog stats" in-process over a 1,000,000-line
// log (one op = the whole log). The baseline reads the same file line by
// line with bufio.Scanner and does nothing else: the I/O floor.
func BenchmarkStats(b *testing.B) {
	path := benchLog(b)
	fi, _ := os.Stat(path)
	for _, by := range []string{"operation", "status", "minute"} {
		b.Run("by="+by, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(fi.Size())
			for b.Loop() {
				if code := run(context.Background(), []string{"stats", "-tz", "UTC", "-by", by, path}, nil, io.Discard, io.Discard); code != 0 {
					b.Fatalf("exit %d", code)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/benchLines, "ns/line")
		})
	}
	b.Run("baseline-scan-only", func(b *testing.B) {
		b.SetBytes(fi.Size())
		for b.Loop() {
			f, err := os.Open(path)
			if err != nil {
				b.Fatal(err)
			}
			s := bufio.NewScanner(f)
			n := 0
			for s.Scan() {
				n++
			}
			f.Close()
			if n != benchLines {
				b.Fatalf("%d lines", n)
			}
		}
	})
}
