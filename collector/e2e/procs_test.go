//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// repoRoot is the root of the clone, relative to this package.
const repoRoot = "../.."

// buildWith runs a build script that prints a binary's path as its last
// line, and returns that path.
func buildWith(tb testing.TB, script, envOverride string) string {
	tb.Helper()
	if bin := os.Getenv(envOverride); bin != "" {
		return bin
	}
	ctx, cancel := context.WithTimeout(context.Background(), 25*time.Minute)
	defer cancel()
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, "sh", script)
	cmd.Dir = repoRoot
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		tb.Fatalf("sh %s: %v\n%s", script, err, stderr.String())
	}
	out := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	bin := out[len(out)-1]
	if _, err := os.Stat(bin); err != nil {
		tb.Fatalf("sh %s printed %q, which is not a file: %v", script, bin, err)
	}
	tb.Logf("%s: %s (ready in %s)", script, bin, time.Since(start).Round(time.Millisecond))
	return bin
}

// freePorts returns n distinct free 127.0.0.1:port addresses.
func freePorts(tb testing.TB, n int) []string {
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

// process is a server started by the test, stopped at cleanup.
type process struct {
	cmd     *exec.Cmd
	logPath string
	exited  chan error
}

// startProcess starts bin with args and env (added to the test's), its
// output in a log file, in its own process group that the kernel kills if
// the test dies, and waits until every address in ready accepts
// connections and the log holds readyLog.
func startProcess(tb testing.TB, name, bin string, args, env []string, ready []string, readyLog string) *process {
	tb.Helper()
	p := &process{logPath: filepath.Join(tb.TempDir(), name+".log"), exited: make(chan error, 1)}
	logFile, err := os.Create(p.logPath)
	if err != nil {
		tb.Fatal(err)
	}
	p.cmd = exec.Command(bin, args...)
	p.cmd.Stdout, p.cmd.Stderr = logFile, logFile
	p.cmd.Env = append(os.Environ(), env...)
	p.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := p.cmd.Start(); err != nil {
		tb.Fatalf("start %s: %v", name, err)
	}
	go func() { p.exited <- p.cmd.Wait(); logFile.Close() }()
	tb.Cleanup(func() {
		p.stop()
		if tb.Failed() || os.Getenv("E2E_LOGS") != "" {
			tb.Logf("%s's log:\n%s", name, tailFile(p.logPath, 40))
		}
	})
	deadline := time.Now().Add(90 * time.Second)
	for {
		select {
		case err := <-p.exited:
			p.exited <- err
			tb.Fatalf("%s exited during start-up (%v):\n%s", name, err, tailFile(p.logPath, 40))
		case <-time.After(100 * time.Millisecond):
		}
		if allListen(ready) && logHas(p.logPath, readyLog) {
			return p
		}
		if time.Now().After(deadline) {
			tb.Fatalf("%s not ready within 90s:\n%s", name, tailFile(p.logPath, 40))
		}
	}
}

// stop sends SIGTERM to the process group and waits for it (SIGKILL after
// 20s).
func (p *process) stop() {
	if p.cmd.Process == nil {
		return
	}
	_ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGTERM)
	select {
	case err := <-p.exited:
		p.exited <- err
	case <-time.After(20 * time.Second):
		_ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
	}
}

// allListen reports whether every address accepts a connection.
func allListen(addrs []string) bool {
	for _, a := range addrs {
		c, err := net.DialTimeout("tcp", a, time.Second)
		if err != nil {
			return false
		}
		c.Close()
	}
	return true
}

func logHas(path, s string) bool {
	b, err := os.ReadFile(path)
	return err == nil && strings.Contains(string(b), s)
}

func tailFile(path string, n int) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return err.Error()
	}
	ls := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(ls) > n {
		ls = ls[len(ls)-n:]
	}
	return strings.Join(ls, "\n")
}

// httpClient keeps no idle connections, so none holds up a shutdown.
var httpClient = &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 10 * time.Second}

// post posts body to url and fails unless the answer is 2xx.
func post(tb testing.TB, url, contentType string, body []byte) {
	tb.Helper()
	resp, err := httpClient.Post(url, contentType, bytes.NewReader(body))
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode/100 != 2 {
		tb.Fatalf("POST %s: %s: %s", url, resp.Status, b)
	}
}

// waitFor polls cond every 100ms until it is true or timeout passes.
func waitFor(timeout time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(100 * time.Millisecond)
	}
	return true
}

// readLines returns the lines of the file at path ("" lines for none).
func readLines(path string) []string {
	b, err := os.ReadFile(path)
	if err != nil || len(b) == 0 {
		return nil
	}
	return strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
}
