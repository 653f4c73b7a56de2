package exporter

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel"
)

// readFile returns the contents of path, or "" when it does not exist.
func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	return b
}

// export exports batch("name", n) and fails the test on error.
func export(t *testing.T, e *Exporter, name string, n int) {
	t.Helper()
	if err := e.ExportSpans(t.Context(), batch(name, n)); err != nil {
		t.Fatal(err)
	}
}

// shutdown shuts e down at the end of the test.
func shutdown(t *testing.T, e *Exporter) {
	t.Cleanup(func() {
		if err := e.Shutdown(context.Background()); err != nil {
			t.Errorf("Shutdown: %v", err)
		}
	})
}

func TestOpenAppends(t *testing.T) {
	path := filepath.Join(t.TempDir(), "request_log.csv")
	old := "'2014-02-26 21:38:27', '200', '0.791542', '592', 'DescribeVolumes'\n"
	if err := os.WriteFile(path, []byte(old), 0o600); err != nil {
		t.Fatal(err)
	}
	e, err := Open(path, WithLocation(time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	export(t, e, "a", 2)
	if err := e.Shutdown(t.Context()); err != nil {
		t.Fatal(err)
	}
	if e.s.(*fileSink).f != nil {
		t.Error("Shutdown left the file open")
	}
	got := checkLines(t, readFile(t, path))
	if want := "DescribeVolumes,a-a,a-xb"; strings.Join(got, ",") != want {
		t.Errorf("file holds %q, want %s", got, want)
	}
	e2, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	shutdown(t, e2)
	export(t, e2, "b", 1)
	if got := len(checkLines(t, readFile(t, path))); got != 4 {
		t.Errorf("reopening truncated the file: %d lines, want 4", got)
	}
}

func TestOpenError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing", "log")
	_, err := Open(path)
	if !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), path) {
		t.Errorf("Open in a missing directory = %v, want ErrNotExist naming %s", err, path)
	}
}

// lineSize is the length of the lines batch(name, n) makes for a one-letter
// name and i%7 == 0.
func lineSize(t *testing.T) int {
	return len(AppendLine(nil, mustCall(t, batch("a", 1)[0]), time.UTC))
}

func TestRotation(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "log")
	size := lineSize(t)
	limit := int64(10*size + size/2) // 10 short lines, fewer long ones
	e, err := Open(path, WithMaxSize(limit), WithMaxBackups(3), WithLocation(time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	shutdown(t, e)
	var all []string
	for i := range 20 {
		name := string(rune('a' + i))
		export(t, e, name, 1+i%13)
		for _, s := range batch(name, 1+i%13) {
			all = append(all, mustCall(t, s).Operation)
		}
	}
	var kept []string
	for _, p := range []string{path + ".3", path + ".2", path + ".1", path} {
		b := readFile(t, p)
		if len(b) == 0 {
			t.Fatalf("%s is empty or missing", p)
		}
		if int64(len(b)) > limit {
			t.Errorf("%s has %d bytes, more than %d", p, len(b), limit)
		}
		kept = append(kept, checkLines(t, b)...)
	}
	if _, err := os.Stat(path + ".4"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a fourth backup exists: %v", err)
	}
	// The files hold the newest lines, in order, without a gap.
	if want := all[len(all)-len(kept):]; strings.Join(kept, ",") != strings.Join(want, ",") {
		t.Errorf("rotated files hold\n%q\nwant the newest lines\n%q", kept, want)
	}
}

func TestRotationLongLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "log")
	e, err := Open(path, WithMaxSize(20))
	if err != nil {
		t.Fatal(err)
	}
	shutdown(t, e)
	export(t, e, "a", 3)
	for _, p := range []string{path + ".1", path} {
		if got := len(checkLines(t, readFile(t, p))); got != 1 {
			t.Errorf("%s holds %d lines, want 1", p, got)
		}
	}
}

func TestReopen(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "log")
	e, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	shutdown(t, e)
	export(t, e, "before", 2)
	// logrotate: rename, then signal.
	if err := os.Rename(path, path+".1"); err != nil {
		t.Fatal(err)
	}
	if err := e.Reopen(); err != nil {
		t.Fatalf("Reopen: %v", err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Errorf("Reopen did not create %s: %v", path, err)
	}
	export(t, e, "after", 1)
	if got := checkLines(t, readFile(t, path+".1")); strings.Join(got, ",") != "before-a,before-xb" {
		t.Errorf("rotated file holds %q", got)
	}
	if got := checkLines(t, readFile(t, path)); strings.Join(got, ",") != "after-a" {
		t.Errorf("new file holds %q", got)
	}
	// Reopen keeps the current file when path cannot be opened.
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(path, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := e.Reopen(); err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("Reopen of a directory = %v, want an error naming %s", err, path)
	}
}

// TestFileRenamedWithoutReopen checks that rotation by renaming works without
// a signal: the next batch goes to a new file at path.
func TestFileRenamedWithoutReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "log")
	e, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	shutdown(t, e)
	export(t, e, "before", 1)
	if err := os.Rename(path, path+".old"); err != nil {
		t.Fatal(err)
	}
	export(t, e, "after", 1)
	if got := checkLines(t, readFile(t, path)); strings.Join(got, ",") != "after-a" {
		t.Errorf("new file holds %q", got)
	}
}

func TestFileDeletedUnderneath(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "logs")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "log")
	e, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	shutdown(t, e)
	export(t, e, "first", 1)

	// The file is deleted: the next batch recreates it.
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	export(t, e, "recreated", 1)
	if got := checkLines(t, readFile(t, path)); strings.Join(got, ",") != "recreated-a" {
		t.Errorf("file holds %q, want the line written after the deletion", got)
	}

	// The directory is deleted: errors name the path until it is back.
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		err := e.ExportSpans(t.Context(), batch("lost", 1))
		if !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), path) {
			t.Fatalf("ExportSpans without its directory = %v, want ErrNotExist naming %s", err, path)
		}
	}
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	export(t, e, "resumed", 1)
	if got := checkLines(t, readFile(t, path)); strings.Join(got, ",") != "resumed-a" {
		t.Errorf("file holds %q, want the line written after the directory came back", got)
	}
}

// recordErrors installs an otel error handler for the test and returns a
// function that returns the errors it got.
func recordErrors(t *testing.T) func() []error {
	var mu chanMutex = make(chan struct{}, 1)
	var errs []error
	prev := otel.GetErrorHandler()
	otel.SetErrorHandler(otel.ErrorHandlerFunc(func(err error) {
		mu.lock()
		errs = append(errs, err)
		mu.unlock()
	}))
	t.Cleanup(func() { otel.SetErrorHandler(prev) })
	return func() []error {
		mu.lock()
		defer mu.unlock()
		return append([]error(nil), errs...)
	}
}

type chanMutex chan struct{}

func (m chanMutex) lock()   { m <- struct{}{} }
func (m chanMutex) unlock() { <-m }

// TestOpenAfterTornLine starts from a file whose last line a crash tore
// (kill -9 in the middle of a write): the fragment stays a line of its own
// and every new line is whole, after Open and after the file is replaced by
// another torn one (the reopening rotation and logrotate go through).
func TestOpenAfterTornLine(t *testing.T) {
	const whole = "'2014-02-26 21:38:27', '200', '0.791542', '592', 'DescribeVolumes'\n"
	const fragment = "'2014-02-26 21:38:28', '200', '0.0"
	dir := t.TempDir()
	path := filepath.Join(dir, "log")
	if err := os.WriteFile(path, []byte(whole+fragment), 0o644); err != nil {
		t.Fatal(err)
	}
	e, err := Open(path, WithLocation(time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	shutdown(t, e)
	export(t, e, "a", 2)
	checkTorn := func(b []byte, want string) {
		t.Helper()
		lines := strings.SplitAfter(string(b), "\n")
		if len(lines) < 2 || lines[1] != fragment+"\n" {
			t.Fatalf("file %q: want the fragment alone on line 2", b)
		}
		rest := []byte(lines[0] + strings.Join(lines[2:], ""))
		if got := checkLines(t, rest); strings.Join(got, ",") != want {
			t.Errorf("whole lines %q, want %s", got, want)
		}
	}
	checkTorn(readFile(t, path), "DescribeVolumes,a-a,a-xb")

	// The file is replaced by another one ending with a torn line.
	if err := os.WriteFile(path+".new", []byte(whole+fragment), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(path+".new", path); err != nil {
		t.Fatal(err)
	}
	export(t, e, "b", 1)
	checkTorn(readFile(t, path), "DescribeVolumes,b-a")

	// A file that ends with a newline gets none.
	before := len(readFile(t, path))
	if err := e.Reopen(); err != nil {
		t.Fatal(err)
	}
	export(t, e, "c", 1)
	if got := readFile(t, path)[before]; got != '\'' {
		t.Errorf("after a whole line the next line starts with %q, want a quote", got)
	}
}
