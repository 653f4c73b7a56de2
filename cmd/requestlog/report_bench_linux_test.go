package main

import (
	"io"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
)

// BenchmarkReportBinary runs the built binary's report over the log of
// benchLog and reports its peak resident memory (the kernel's maxrss of the
// child) in MiB.
func BenchmarkReportBinary(b *testing.B) {
	path := benchLog(b)
	bin := binary(b)
	out := filepath.Join(b.TempDir(), "report.html")
	var peak int64
	for b.Loop() {
		cmd := exec.Command(bin, "report", "-tz", "UTC", "-o", out, path)
		cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
		if err := cmd.Run(); err != nil {
			b.Fatal(err)
		}
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			peak = max(peak, ru.Maxrss) // KiB on Linux
		}
	}
	b.ReportMetric(float64(peak)/1024, "peak-RSS-MiB")
}
