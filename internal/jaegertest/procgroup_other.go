//go:build !linux

package jaegertest

import (
	"os"
	"os/exec"
	"time"
)

// setProcessGroup does nothing here: the servers the tests start (Jaeger,
// the Collector) start no child processes.
func setProcessGroup(*exec.Cmd) {}

// stopProcessGroup asks the process to stop (where it can be asked: not on
// Windows), waits up to grace and then kills it.
func stopProcessGroup(cmd *exec.Cmd, exited <-chan error, grace time.Duration) {
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		grace = 0
	}
	select {
	case <-exited:
	case <-time.After(grace):
		_ = cmd.Process.Kill()
		<-exited
	}
}
