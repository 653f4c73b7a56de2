//go:build e2e && !linux

package main

import (
	"os"
	"os/exec"
	"time"
)

// setProcessGroup does nothing here: Jaeger starts no child processes.
func setProcessGroup(*exec.Cmd) {}

// stopProcessGroup asks Jaeger to stop, waits up to grace and then kills it.
func stopProcessGroup(cmd *exec.Cmd, exited <-chan error, grace time.Duration) {
	_ = cmd.Process.Signal(os.Interrupt)
	select {
	case <-exited:
	case <-time.After(grace):
		_ = cmd.Process.Kill()
		<-exited
	}
}
