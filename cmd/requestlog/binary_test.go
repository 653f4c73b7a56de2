package main

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/requesthook/requesthook/internal/logstorm"

	"github.com/requesthook/requesthook/internal/lockedbuf"
)

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// binary builds the requestlog command once per test run.
func binary(t testing.TB) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to build the binary with:", err)
	}
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "requestlog-test-")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "requestlog")
		out, err := exec.Command(goTool, "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			buildErr = errors.New(err.Error() + "\n" + string(out))
		}
	})
	if buildErr != nil {
		t.Fatalf("go build: %v", buildErr)
	}
	return binPath
}

func TestMain(m *testing.M) {
	code := m.Run()
	if binPath != "" {
		os.RemoveAll(filepath.Dir(binPath))
	}
	if benchPath != "" {
		os.RemoveAll(filepath.Dir(benchPath))
	}
	os.Exit(code)
}

// runBinary runs the built command and returns its exit status and output.
func runBinary(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), binary(t), args...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		code = ee.ExitCode()
	default:
		t.Fatal(err)
	}
	return code, out.String(), errOut.String()
}

// TestBinaryStats runs the built command on real files: same output as
// run, exit status 1 for a missing file, 2 for bad usage.
func TestBinaryStats(t *testing.T) {
	path, _ := writeGolden(t, "junk\n")
	missing := filepath.Join(t.TempDir(), "missing.log")
	code, out, errOut := runBinary(t, "", "stats", "-tz", "UTC", path, missing)
	wantCode, wantOut, wantErr := runCmd(t, t.Context(), "", "stats", "-tz", "UTC", path, missing)
	if code != 1 || code != wantCode || out != wantOut || errOut != wantErr {
		t.Errorf("binary: exit %d\n%s\n%s\nrun: exit %d\n%s\n%s", code, out, errOut, wantCode, wantOut, wantErr)
	}
	// A missing file: no summary (it used to print the others' totals).
	if out != "" || !strings.Contains(errOut, path+":83: column 1:") || !strings.Contains(errOut, "no summary printed") {
		t.Errorf("stdout %q\nstderr %q", out, errOut)
	}
	if code, out, _ = runBinary(t, "", "stats", "-tz", "UTC", path); code != 0 || !strings.Contains(out, "DescribeVolumes") {
		t.Errorf("exit %d, stdout %q", code, out)
	}
	if code, out, _ = runBinary(t, "", "--version"); code != 0 || !strings.HasPrefix(out, "requestlog ") || strings.Count(out, "\n") != 1 {
		t.Errorf("--version: exit %d, stdout %q", code, out)
	}
	log, _ := os.ReadFile(path)
	code, out, _ = runBinary(t, string(log), "stats", "-json", "-by", "minute", "-")
	if code != 0 || !strings.Contains(out, `"malformed": 1`) {
		t.Errorf("stdin: exit %d, %s", code, out)
	}
	if code, _, errOut := runBinary(t, ""); code != 2 || !strings.Contains(errOut, "Usage:") {
		t.Errorf("no arguments: exit %d, stderr %q", code, errOut)
	}
}

// TestBinaryTailRotation follows a file with the built command while it is
// rotated (renamed, then a new file created at its name), and stops it with
// SIGINT through its context.
func TestBinaryTailRotation(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "requests.log")
	logstorm.AppendTo(t, path, logLine(1))

	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	cmd := exec.CommandContext(ctx, binary(t), "tail", "-f", "-interval", "20ms", path)
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 10 * time.Second
	var stdout, stderr lockedbuf.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "first line", stdout.String, logLine(1))
	logstorm.AppendTo(t, path, logLine(2))
	waitFor(t, "appended line", stdout.String, logLine(2))

	if err := os.Rename(path, path+".1"); err != nil {
		t.Fatal(err)
	}
	logstorm.AppendTo(t, path+".1", logLine(3)) // a writer still holding the old file
	logstorm.AppendTo(t, path, logLine(4)+"not a line\n"+logLine(5))
	waitFor(t, "new file", stdout.String, logLine(5))
	waitFor(t, "malformed line", stderr.String, path+":2: column 1: want ' to open field 1 (time)")

	cancel() // SIGINT
	// Wait reports the cancellation itself; the exit status is what counts.
	if err := cmd.Wait(); !errors.Is(err, context.Canceled) {
		t.Fatalf("Wait = %v", err)
	}
	if code := cmd.ProcessState.ExitCode(); code != 0 {
		t.Fatalf("tail -f exited with %d after SIGINT; stderr %s", code, stderr.String())
	}
	if want := logLine(1) + logLine(2) + logLine(3) + logLine(4) + logLine(5); stdout.String() != want {
		t.Errorf("stdout\n%s\nwant\n%s", stdout.String(), want)
	}
}
