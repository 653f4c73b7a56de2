package main

import (
	"io"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// BenchmarkReportBinary runs the built binary's report over the log of
// benchLog and reports its peak resident memory (the kernel's maxrss of the
// child) in MiB and the CPU time it used (user and system, both cores
// together), which, unlike the wall time, other work on the machine does not
// stretch.
func BenchmarkReportBinary(b *testing.B) {
	path := benchLog(b)
	bin := binary(b)
	out := filepath.Join(b.TempDir(), "report.html")
	var peak int64
	var cpu time.Duration
	for b.Loop() {
		cmd := exec.Command(bin, "report", "-tz", "UTC", "-o", out, path)
		cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
		if err := cmd.Run(); err != nil {
			b.Fatal(err)
		}
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			peak = max(peak, ru.Maxrss) // KiB on Linux
		}
		cpu += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	b.ReportMetric(float64(peak)/1024, "peak-RSS-MiB")
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
}
