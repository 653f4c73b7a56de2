package main

import (
	"io"
	"os/exec"
	"syscall"
	"testing"
)

// BenchmarkStatsBinary runs the built binary over the same log and reports
// its peak resident memory (the kernel's maxrss of the child) in MiB.
func BenchmarkStatsBinary(b *testing.B) {
	path := benchLog(b)
	bin := binary(b)
	var peak int64
	for b.Loop() {
		cmd := exec.Command(bin, "stats", "-tz", "UTC", path)
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
