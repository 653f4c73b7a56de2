//go:build unix

package main

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/requesthook/requesthook/internal/lockedbuf"
)

var linesRE = regexp.MustCompile(`Legacy log: (\d+) lines appended`)

// TestRunSIGHUP: with -interval the example keeps calling; logrotate's
// "rename, then SIGHUP" leaves the old lines in the renamed file and the new
// ones in a fresh file, and SIGHUP does not stop the program.
func TestRunSIGHUP(t *testing.T) {
	clearOTelEnv(t)
	t.Setenv("OTEL_TRACES_EXPORTER", "none")
	dir := t.TempDir()
	logPath := filepath.Join(dir, "request_log.csv")
	rotated := logPath + ".1"

	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var stdout, stderr lockedbuf.Buffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"-log", logPath, "-interval", "20ms"}, &stdout, &stderr) }()

	waitFor := func(what string, cond func() bool) {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for !cond() {
			if time.Now().After(deadline) {
				t.Fatalf("timed out waiting for %s; stderr:\n%s", what, stderr.String())
			}
			select {
			case err := <-done:
				t.Fatalf("run returned early while waiting for %s: %v\n%s", what, err, stderr.String())
			case <-time.After(10 * time.Millisecond):
			}
		}
	}
	rounds := func() int { return strings.Count(stdout.String(), "Legacy log: 4 lines appended") }
	// lines sums what the summaries report, including a last round that the
	// cancellation cut short.
	lines := func() int {
		n := 0
		for _, m := range linesRE.FindAllStringSubmatch(stdout.String(), -1) {
			k, _ := strconv.Atoi(m[1])
			n += k
		}
		return n
	}

	waitFor("the first round", func() bool { return rounds() >= 1 })
	if err := os.Rename(logPath, rotated); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Kill(os.Getpid(), syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	waitFor("the reopen", func() bool { return strings.Contains(stderr.String(), "SIGHUP: reopened "+logPath) })
	n := rounds()
	waitFor("two more rounds", func() bool { return rounds() >= n+2 })
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("run did not return after its context was cancelled")
	}

	old, cur := readLog(t, rotated), readLog(t, logPath)
	if len(old) == 0 || len(cur) == 0 {
		t.Fatalf("rotated file has %d lines, new file %d; want both non-empty", len(old), len(cur))
	}
	// Every request's line is in one file or the other, whole.
	if total, want := len(old)+len(cur), lines(); total != want {
		t.Errorf("%d lines in both files, want %d as the summaries report", total, want)
	}
}
