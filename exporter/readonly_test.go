//go:build linux

package exporter

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// unprivileged runs f on a locked OS thread that file permissions apply to.
// For root that means dropping, for this thread only, the capabilities that
// bypass them (Linux capabilities are per thread); f must therefore do its
// file work on the calling goroutine.
func unprivileged(t *testing.T, f func()) {
	t.Helper()
	if os.Geteuid() != 0 {
		f()
		return
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	hdr := unix.CapUserHeader{Version: unix.LINUX_CAPABILITY_VERSION_3}
	var saved [2]unix.CapUserData
	if err := unix.Capget(&hdr, &saved[0]); err != nil {
		t.Skip("capget:", err)
	}
	dropped := saved
	for _, c := range []uint{unix.CAP_DAC_OVERRIDE, unix.CAP_DAC_READ_SEARCH, unix.CAP_FOWNER} {
		dropped[c/32].Effective &^= 1 << (c % 32)
	}
	if err := unix.Capset(&hdr, &dropped[0]); err != nil {
		t.Skip("capset:", err)
	}
	defer func() {
		if err := unix.Capset(&hdr, &saved[0]); err != nil {
			t.Fatal("restoring capabilities:", err)
		}
	}()
	f()
}

// readOnlyDir makes dir read-only until the test ends, and returns a function
// that makes it writable again.
func readOnlyDir(t *testing.T, dir string) (restore func()) {
	t.Helper()
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	restore = func() {
		if err := os.Chmod(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	return restore
}

func TestReadOnlyDirectory(t *testing.T) {
	t.Run("Open", func(t *testing.T) {
		dir := t.TempDir()
		path := filepath.Join(dir, "log")
		readOnlyDir(t, dir)
		unprivileged(t, func() {
			_, err := Open(path)
			if !errors.Is(err, fs.ErrPermission) || !strings.Contains(err.Error(), path) {
				t.Errorf("Open in a read-only directory = %v, want ErrPermission naming %s", err, path)
			}
		})
	})
	t.Run("deleted file", func(t *testing.T) {
		dir := t.TempDir()
		path := filepath.Join(dir, "log")
		e, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		shutdown(t, e)
		export(t, e, "first", 1)
		if err := os.Remove(path); err != nil {
			t.Fatal(err)
		}
		restore := readOnlyDir(t, dir)
		unprivileged(t, func() {
			err := e.ExportSpans(t.Context(), batch("lost", 1))
			if !errors.Is(err, fs.ErrPermission) || !strings.Contains(err.Error(), path) {
				t.Errorf("ExportSpans into a read-only directory = %v, want ErrPermission naming %s", err, path)
			}
			restore()
			export(t, e, "resumed", 1)
		})
		if got := checkLines(t, readFile(t, path)); strings.Join(got, ",") != "resumed-a" {
			t.Errorf("file holds %q, want the line written once the directory was writable", got)
		}
	})
	t.Run("rotation", func(t *testing.T) {
		errs := recordErrors(t)
		dir := t.TempDir()
		path := filepath.Join(dir, "log")
		e, err := Open(path, WithMaxSize(int64(3*lineSize(t))))
		if err != nil {
			t.Fatal(err)
		}
		shutdown(t, e)
		export(t, e, "a", 2)
		restore := readOnlyDir(t, dir)
		unprivileged(t, func() {
			// Rotation fails: the lines go to the current file all the same.
			export(t, e, "b", 1)
			restore()
			export(t, e, "c", 1)
		})
		if got := checkLines(t, readFile(t, path+".1")); strings.Join(got, ",") != "a-a,a-xb,b-a" {
			t.Errorf("rotated file holds %q", got)
		}
		if got := checkLines(t, readFile(t, path)); strings.Join(got, ",") != "c-a" {
			t.Errorf("file holds %q", got)
		}
		got := errs()
		if len(got) != 1 || !errors.Is(got[0], fs.ErrPermission) || !strings.Contains(got[0].Error(), path) {
			t.Errorf("otel.Handle got %v, want one rotation error naming %s", got, path)
		}
	})
}
