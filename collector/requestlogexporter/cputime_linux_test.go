//go:build linux

package requestlogexporter

import (
	"runtime"
	"syscall"
	"testing"
	"time"
)

// reportCPU locks the benchmark to its thread and, when it ends, reports
// the CPU time that thread spent per span ("cpu-ns/span"): on a machine
// shared with other work the wall-clock ns/op swings with the load, the
// thread's CPU time much less. Work the runtime does on other threads (the
// garbage collector's) is not counted.
func reportCPU(b *testing.B, spans int) {
	runtime.LockOSThread()
	start := threadCPU()
	b.Cleanup(func() {
		used := threadCPU() - start
		runtime.UnlockOSThread()
		b.ReportMetric(float64(used.Nanoseconds())/float64(b.N)/float64(spans), "cpu-ns/span")
	})
}

// threadCPU returns the CPU time (user and system) of the calling thread.
func threadCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(1 /* RUSAGE_THREAD */, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
