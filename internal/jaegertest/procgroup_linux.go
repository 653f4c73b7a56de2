//go:build linux

package jaegertest

import (
	"os/exec"
	"syscall"
	"time"
)

// setProcessGroup starts the process in its own process group, and has the
// kernel kill it if the test process dies first (go test's -timeout panic
// skips t.Cleanup).
func setProcessGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

// stopProcessGroup sends SIGTERM to the process group, waits up to grace for
// the process to exit and then kills the group.
func stopProcessGroup(cmd *exec.Cmd, exited <-chan error, grace time.Duration) {
	pgid := -cmd.Process.Pid
	_ = syscall.Kill(pgid, syscall.SIGTERM)
	select {
	case <-exited:
	case <-time.After(grace):
		_ = syscall.Kill(pgid, syscall.SIGKILL)
		<-exited
	}
}
