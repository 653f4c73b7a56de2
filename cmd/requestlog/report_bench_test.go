package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkReport runs "requestlog report" in-process over the 1,000,000-line
// log of benchLog and writes the page to a file (one op = the whole log).
func BenchmarkReport(b *testing.B) {
	path := benchLog(b)
	fi, _ := os.Stat(path)
	out := filepath.Join(b.TempDir(), "report.html")
	b.ReportAllocs()
	b.SetBytes(fi.Size())
	for b.Loop() {
		if code := run(context.Background(), []string{"report", "-tz", "UTC", "-o", out, path}, nil, nil, os.Stderr); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/benchLines, "ns/line")
	if fi, err := os.Stat(out); err == nil {
		b.ReportMetric(float64(fi.Size())/1024, "page-KiB")
	}
}
