package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/requesthook/requesthook/internal/golden"
	"github.com/requesthook/requesthook/internal/lockedbuf"
	"github.com/requesthook/requesthook/internal/logstorm"
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
	logstorm.AppendTo(t, path, logLine(1)+logLine(2))

	ctx, cancel := context.WithCancel(t.Context())
	var stdout, stderr lockedbuf.Buffer
	done := make(chan int)
	go func() {
		done <- run(ctx, []string{"tail", "-f", "-interval", "5ms", path}, nil, &stdout, &stderr)
	}()
	waitFor(t, "existing lines", stdout.String, logLine(1)+logLine(2))

	logstorm.AppendTo(t, path, logLine(3)+"garbage\n")
	logstorm.AppendTo(t, path, strings.TrimSuffix(logLine(4), "\n")) // a line written in two parts
	waitFor(t, "appended", stdout.String, logLine(3))
	waitFor(t, "malformed", stderr.String, path+":4: column 1:")
	if strings.Contains(stdout.String(), "Op4") {
		t.Fatal("a partial line was printed")
	}
	logstorm.AppendTo(t, path, "\n")
	waitFor(t, "completed", stdout.String, logLine(4))

	// Rotation: rename, a late write to the old file, then a new file.
	if err := os.Rename(path, path+".1"); err != nil {
		t.Fatal(err)
	}
	logstorm.AppendTo(t, path+".1", logLine(5))
	logstorm.AppendTo(t, path, logLine(6))
	waitFor(t, "rotated", stdout.String, logLine(5)+logLine(6))
	waitFor(t, "rotation notice", stderr.String, "rotated; following the new file")
	logstorm.AppendTo(t, path, "junk\n")
	waitFor(t, "line numbers restart", stderr.String, path+":2: column 1:")

	// Truncation (copytruncate).
	if err := os.Truncate(path, 0); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "truncation notice", stderr.String, "truncated; reading from the start")
	logstorm.AppendTo(t, path, logLine(7))
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
	logstorm.AppendTo(t, path, "")
	ctx, cancel := context.WithCancel(t.Context())
	var stdout, stderr lockedbuf.Buffer
	done := make(chan int)
	go func() {
		done <- run(ctx, []string{"tail", "-f", "-stats", "-n", "100", "-tz", "UTC", "-interval", "5ms", path}, nil, &stdout, &stderr)
	}()
	logstorm.AppendTo(t, path,
		"'2024-05-06 07:08:01', '200', '0.5', '10', 'A'\n"+
			"'2024-05-06 07:08:59', '503', '1.5', '20', 'A'\n"+
			"'2024-05-06 07:09:30', '200', '0.25', '5', 'B'\n")
	// These minutes are long past by the clock: both print at once. (-n 100:
	// whether tail reads these lines before following or while, they count.)
	waitFor(t, "minute summaries", stdout.String,
		"2024-05-06 07:08  count 2  failures 1  p50 0.500000  p90 1.500000  p99 1.500000  max 1.500000  bytes 30\n"+
			"2024-05-06 07:09  count 1  failures 0  p50 0.250000  p90 0.250000  p99 0.250000  max 0.250000  bytes 5\n")
	// A call without a response has no size (apicall.FromRecord): since
	// issue 14 that shows as None, not as 0 bytes.
	logstorm.AppendTo(t, path, "'2024-05-06 07:08:30', '0', '2.0', '0', 'A'\n")
	waitFor(t, "late summary", stdout.String,
		"2024-05-06 07:08  count 1  failures 1  p50 2.000000  p90 2.000000  p99 2.000000  max 2.000000  bytes None  unsized 1  (late)\n")
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("exit %d", code)
	}
	if want := "TOTAL  count 4  failures 2  bytes 35  unsized 1\n"; !strings.HasSuffix(stdout.String(), want) {
		t.Errorf("stdout %q, want it to end with %q", stdout.String(), want)
	}
}

// TestTailFollowStatsTotals: the totals printed when tail -f -stats is
// interrupted count every line written to the file before, also those
// written since its last look and those of minutes not printed yet (it
// counted 10 of 13).
func TestTailFollowStatsTotals(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	for _, format := range []string{"table", "csv", "json"} {
		t.Run(format, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "requests.log")
			logstorm.AppendTo(t, path, "")
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			var stdout, stderr lockedbuf.Buffer
			done := make(chan int, 1)
			go func() {
				done <- run(ctx, []string{"tail", "-f", "-stats", "-n", "100", "-format", format, "-tz", "UTC", "-interval", "1h", path}, nil, &stdout, &stderr)
			}()
			var ten strings.Builder
			for i := range 10 {
				fmt.Fprintf(&ten, "'2024-05-06 07:08:%02d', '200', '0.5', '10', 'A'\n", i)
			}
			logstorm.AppendTo(t, path, ten.String())
			waitFor(t, "the first minute", stdout.String, "07:08")
			// Three more lines, one of a minute not over, then at once Ctrl-C.
			now := time.Now().UTC().Format("2006-01-02 15:04:05")
			logstorm.AppendTo(t, path, "'2024-05-06 07:09:01', '503', '0.5', 'None', 'A'\n"+
				"'2024-05-06 07:09:02', '200', '0.5', '10', 'A'\n"+
				"'"+now+"', '200', '0.5', '10', 'A'\n")
			cancel()
			if code := <-done; code != 0 {
				t.Fatalf("exit %d; stderr %s", code, stderr.String())
			}
			out := stdout.String()
			want := map[string]string{
				"table": "TOTAL  count 13  failures 1  bytes 120  unsized 1\n",
				"csv":   "TOTAL,13,1,7.6923076923076925,,,,,120,1,\n",
				"json":  `{"key":"TOTAL","count":13,"failures":1,"failure_pct":7.6923076923076925,"bytes":120,"unknown_size":1}` + "\n",
			}[format]
			if !strings.HasSuffix(out, want) {
				t.Errorf("stdout %q, want it to end with %q", out, want)
			}
			if n := strings.Count(out, "\n"); n != map[string]int{"table": 4, "csv": 5, "json": 4}[format] {
				t.Errorf("%d lines (want a header for csv, three minutes and the total):\n%s", n, out)
			}
		})
	}
}

// TestTailRotationStorm: tail -f, with its default interval, prints every
// line of a log renamed away five times a second (it lost about one line in
// five before it was woken by file-system notifications).
func TestTailRotationStorm(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	path := filepath.Join(t.TempDir(), "requests.log")
	logstorm.AppendTo(t, path, logLine(0))
	ctx, cancel := context.WithCancel(t.Context())
	var stdout, stderr lockedbuf.Buffer
	done := make(chan int)
	go func() { done <- run(ctx, []string{"tail", "-f", "-n", "1", path}, nil, &stdout, &stderr) }()
	waitFor(t, "following", stdout.String, logLine(0))

	var want strings.Builder
	want.WriteString(logLine(0))
	n := 0
	next := func() string { n++; want.WriteString(logLine(n)); return logLine(n) }
	// Five renames, 200ms apart, 100 lines each, then 10 more.
	logstorm.Storm{Rotations: 5, Period: 200 * time.Millisecond, PerFile: 100, Rotate: logstorm.Rename(0)}.
		Run(t, path, logstorm.OpenAppend(t, path), next)
	waitFor(t, "the last line", stdout.String, logLine(n))
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("exit %d; stderr %s", code, stderr.String())
	}
	if got := stdout.String(); got != want.String() {
		t.Errorf("printed %d of %d lines (or out of order)", strings.Count(got, "\n"), n)
	}
	if got := strings.Count(stderr.String(), "rotated; following the new file"); got != 5 {
		t.Errorf("%d rotation notices, want 5; stderr %s", got, stderr.String())
	}
}
