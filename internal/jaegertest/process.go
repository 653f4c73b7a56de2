package jaegertest

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// FreePorts returns n distinct free 127.0.0.1:port addresses. Another
// process may take one before the caller listens on it: Start retries.
func FreePorts(tb testing.TB, n int) []string {
	tb.Helper()
	var addrs []string
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			tb.Fatal(err)
		}
		defer l.Close()
		addrs = append(addrs, l.Addr().String())
	}
	return addrs
}

// Command is a server for StartProcess to start.
type Command struct {
	Name string   // names the process and its log file
	Path string   // the binary
	Args []string // its arguments
	Env  []string // added to the test's environment

	// The process is ready when every address in Listen accepts a
	// connection, its log holds ReadyLog (if set) and Ready (if set)
	// reports true.
	Listen   []string
	ReadyLog string
	Ready    func() bool
}

// Process is a server started by StartProcess.
type Process struct {
	Name    string
	LogPath string // its standard output and error

	cmd    *exec.Cmd
	exited chan error // receives Wait's result, once
	done   bool       // exited has been received from
}

// startTimeout bounds a start-up; stopGrace is how long Stop waits for the
// process group to exit before it kills it.
const (
	startTimeout = 90 * time.Second
	stopGrace    = 20 * time.Second
)

// StartProcess starts c in its own process group with its output in a log
// file and waits until it is ready. tb.Cleanup stops it and, if the test
// failed or E2E_LOGS is set, shows the end of its log. If it exits or is not
// ready within 90s, StartProcess stops it and returns an error with the end
// of its log.
func StartProcess(tb testing.TB, c Command) (*Process, error) {
	tb.Helper()
	p := &Process{Name: c.Name, LogPath: filepath.Join(tb.TempDir(), c.Name+".log"), exited: make(chan error, 1)}
	logFile, err := os.Create(p.LogPath)
	if err != nil {
		return nil, err
	}
	p.cmd = exec.Command(c.Path, c.Args...)
	p.cmd.Stdout, p.cmd.Stderr = logFile, logFile
	p.cmd.Env = append(os.Environ(), c.Env...)
	setProcessGroup(p.cmd)
	if err := p.cmd.Start(); err != nil {
		logFile.Close()
		return nil, fmt.Errorf("start %s: %w", c.Name, err)
	}
	go func() { p.exited <- p.cmd.Wait(); logFile.Close() }()
	tb.Cleanup(func() {
		start := time.Now()
		if p.Stop() {
			tb.Logf("%s stopped in %s", c.Name, time.Since(start).Round(time.Millisecond))
		}
		if tb.Failed() || os.Getenv("E2E_LOGS") != "" {
			tb.Logf("%s's log (%s):\n%s", c.Name, p.LogPath, p.Tail(60))
		}
	})

	deadline := time.Now().Add(startTimeout)
	for {
		select {
		case err := <-p.exited:
			p.done = true
			return nil, fmt.Errorf("%s exited during start-up (%v); its log:\n%s", c.Name, err, p.Tail(40))
		case <-time.After(100 * time.Millisecond):
		}
		if AllListen(c.Listen...) && (c.ReadyLog == "" || p.LogHas(c.ReadyLog)) && (c.Ready == nil || c.Ready()) {
			return p, nil
		}
		if time.Now().After(deadline) {
			p.Stop()
			return nil, fmt.Errorf("%s was not ready within %s (addresses %s); its log:\n%s",
				c.Name, startTimeout, strings.Join(c.Listen, ", "), p.Tail(40))
		}
	}
}

// Stop stops the process group, asking first and killing it after 20s, and
// waits for the process. It reports whether the process was still running.
// It must not be called concurrently.
func (p *Process) Stop() bool {
	if p.done {
		return false
	}
	stopProcessGroup(p.cmd, p.exited, stopGrace)
	p.done = true
	return true
}

// LogHas reports whether the process's log contains s.
func (p *Process) LogHas(s string) bool {
	b, err := os.ReadFile(p.LogPath)
	return err == nil && strings.Contains(string(b), s)
}

// Tail returns the last n lines of the process's log.
func (p *Process) Tail(n int) string {
	b, err := os.ReadFile(p.LogPath)
	if err != nil {
		return err.Error()
	}
	ls := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(ls) > n {
		ls = ls[len(ls)-n:]
	}
	return strings.Join(ls, "\n")
}

// AllListen reports whether every address accepts a TCP connection.
func AllListen(addrs ...string) bool {
	for _, a := range addrs {
		c, err := net.DialTimeout("tcp", a, time.Second)
		if err != nil {
			return false
		}
		c.Close()
	}
	return true
}
