//go:build e2e && linux

package main

import (
	"os/exec"
	"syscall"
	"time"
)

// setProcessGroup starts Jaeger in its own process group, and has the kernel
// kill it if the test process dies first (go test's -timeout panic skips
// t.Cleanup).
func setProcessGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

// stopProcessGroup sends SIGTERM to Jaeger's process group, waits up to
// grace for it to exit and then kills the group.
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
