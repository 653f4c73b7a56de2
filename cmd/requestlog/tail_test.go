package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/requesthook/requesthook/apicall"
	"github.com/requesthook/requesthook/botoline"
	"github.com/requesthook/requesthook/internal/golden"
	"github.com/requesthook/requesthook/internal/lockedbuf"
)

func TestTailLastLines(t *testing.T) {
	path, cases := writeGolden(t, "bad\n"+strings.TrimSuffix(cases0(t).Line, "\n"))
	code, out, errOut := runCmd(t, t.Context(), "", "tail", "-n", "3", path)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if want := cases[len(cases)-1].Line + cases[0].Line; out != want {
		t.Errorf("stdout %q, want %q", out, want)
	}
	if want := fmt.Sprintf("%s:%d: column 1: want ' to open field 1 (time)\n", path, len(cases)+1); errOut != want {
		t.Errorf("stderr %q, want %q", errOut, want)
	}
	code, out, _ = runCmd(t, t.Context(), "", "tail", "-n", "0", path)
	if code != 0 || out != "" {
		t.Errorf("-n 0: exit %d, stdout %q", code, out)
	}
	code, out, _ = runCmd(t, t.Context(), cases[0].Line+cases[1].Line, "tail", "-")
	if code != 0 || out != cases[0].Line+cases[1].Line {
		t.Errorf("stdin: exit %d, stdout %q", code, out)
	}
}

func cases0(t *testing.T) golden.Case { return golden.Load(t)[0] }

// waitFor polls buf until it holds want (or fails after 10s).
func waitFor(t *testing.T, what string, get func() string, want string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(get(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("%s: waited for %q, have %q", what, want, get())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func appendTo(t *testing.T, path, s string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(s); err != nil {
		t.Fatal(err)
	}
}

// logLine returns a distinct valid line.
func logLine(i int) string {
	return fmt.Sprintf("'2024-05-06 07:08:09', '200', '0.%06d', '%d', 'Op%d'\n", i, i, i)
}

// TestTailFollow follows a file through appends, a partial line, a rename
// with writes to the old file after it, a new file, and a truncation.
func TestTailFollow(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	dir := t.TempDir()
	path := filepath.Join(dir, "requests.log")
	appendTo(t, path, logLine(1)+logLine(2))

	ctx, cancel := context.WithCancel(t.Context())
	var stdout, stderr lockedbuf.Buffer
	done := make(chan int)
	go func() {
		done <- run(ctx, []string{"tail", "-f", "-interval", "5ms", path}, nil, &stdout, &stderr)
	}()
	waitFor(t, "existing lines", stdout.String, logLine(1)+logLine(2))

	appendTo(t, path, logLine(3)+"garbage\n")
	appendTo(t, path, strings.TrimSuffix(logLine(4), "\n")) // a line written in two parts
	waitFor(t, "appended", stdout.String, logLine(3))
	waitFor(t, "malformed", stderr.String, path+":4: column 1:")
	if strings.Contains(stdout.String(), "Op4") {
		t.Fatal("a partial line was printed")
	}
	appendTo(t, path, "\n")
	waitFor(t, "completed", stdout.String, logLine(4))

	// Rotation: rename, a late write to the old file, then a new file.
	if err := os.Rename(path, path+".1"); err != nil {
		t.Fatal(err)
	}
	appendTo(t, path+".1", logLine(5))
	appendTo(t, path, logLine(6))
	waitFor(t, "rotated", stdout.String, logLine(5)+logLine(6))
	waitFor(t, "rotation notice", stderr.String, "rotated; following the new file")
	appendTo(t, path, "junk\n")
	waitFor(t, "line numbers restart", stderr.String, path+":2: column 1:")

	// Truncation (copytruncate).
	if err := os.Truncate(path, 0); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "truncation notice", stderr.String, "truncated; reading from the start")
	appendTo(t, path, logLine(7))
	waitFor(t, "after truncation", stdout.String, logLine(7))

	cancel()
	if code := <-done; code != 0 {
		t.Errorf("exit %d; stderr %s", code, stderr.String())
	}
	want := logLine(1) + logLine(2) + logLine(3) + logLine(4) + logLine(5) + logLine(6) + logLine(7)
	if got := stdout.String(); got != want {
		t.Errorf("stdout\n%s\nwant\n%s", got, want)
	}
}

func TestTailFollowStats(t *testing.T) {
	path := filepath.Join(t.TempDir(), "requests.log")
	appendTo(t, path, "")
	ctx, cancel := context.WithCancel(t.Context())
	var stdout, stderr lockedbuf.Buffer
	done := make(chan int)
	go func() {
		done <- run(ctx, []string{"tail", "-f", "-stats", "-n", "100", "-tz", "UTC", "-interval", "5ms", path}, nil, &stdout, &stderr)
	}()
	appendTo(t, path,
		"'2024-05-06 07:08:01', '200', '0.5', '10', 'A'\n"+
			"'2024-05-06 07:08:59', '503', '1.5', '20', 'A'\n"+
			"'2024-05-06 07:09:30', '200', '0.25', '5', 'B'\n")
	// These minutes are long past by the clock: both print at once. (-n 100:
	// whether tail reads these lines before following or while, they count.)
	waitFor(t, "minute summaries", stdout.String,
		"2024-05-06 07:08  count 2  failures 1  p50 0.500000  p90 1.500000  p99 1.500000  max 1.500000  bytes 30\n"+
			"2024-05-06 07:09  count 1  failures 0  p50 0.250000  p90 0.250000  p99 0.250000  max 0.250000  bytes 5\n")
	appendTo(t, path, "'2024-05-06 07:08:30', '0', '2.0', '0', 'A'\n")
	waitFor(t, "late summary", stdout.String,
		"2024-05-06 07:08  count 1  failures 1  p50 2.000000  p90 2.000000  p99 2.000000  max 2.000000  bytes 0  (late)\n")
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("exit %d", code)
	}
}

// TestMinuteStats: a minute prints once the log or the clock is 10s past it.
func TestMinuteStats(t *testing.T) {
	var out bytes.Buffer
	now := time.Date(2024, 5, 6, 7, 8, 0, 0, time.UTC)
	m := newMinuteStats(&out, time.UTC, func() time.Time { return now })
	parse := func(line string) {
		r, err := botoline.Parse([]byte(line), time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		m.add(apicall.FromRecord(r))
	}
	parse("'2024-05-06 07:08:05', '200', '0.5', '10', 'A'\n")
	parse("'2024-05-06 07:09:05', '200', '0.5', '10', 'A'\n") // 5s past 07:09: not yet
	m.tick()
	if out.Len() != 0 {
		t.Fatalf("printed too early: %q", out.String())
	}
	parse("'2024-05-06 07:09:10', '200', '0.5', '10', 'A'\n") // the log is 10s past
	if !strings.HasPrefix(out.String(), "2024-05-06 07:08  count 1") || strings.Count(out.String(), "\n") != 1 {
		t.Fatalf("got %q", out.String())
	}
	now = time.Date(2024, 5, 6, 7, 10, 10, 0, time.UTC) // the clock is 10s past 07:09
	m.tick()
	if !strings.Contains(out.String(), "2024-05-06 07:09  count 2") {
		t.Fatalf("got %q", out.String())
	}
	parse("'2024-05-06 07:11:00', '200', '0.5', '10', 'A'\n")
	m.flushAll()
	if !strings.HasSuffix(out.String(), "2024-05-06 07:11  count 1  failures 0  p50 0.500000  p90 0.500000  p99 0.500000  max 0.500000  bytes 10\n") {
		t.Fatalf("got %q", out.String())
	}
}
