//go:build unix

package exporter

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestOpenFileMode(t *testing.T) {
	umask := syscall.Umask(0o022)
	defer syscall.Umask(umask)
	tests := []struct {
		name string
		opts []Option
		want fs.FileMode
	}{
		{"default", nil, 0o644},
		{"0600", []Option{WithFileMode(0o600)}, 0o600},
		{"umask applies", []Option{WithFileMode(0o666)}, 0o644},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "log")
			e, err := Open(path, tt.opts...)
			if err != nil {
				t.Fatal(err)
			}
			shutdown(t, e)
			fi, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if got := fi.Mode().Perm(); got != tt.want {
				t.Errorf("mode %v, want %v", got, tt.want)
			}
		})
	}
}

// TestFullDisk writes to /dev/full, which fails every write with ENOSPC,
// through a symbolic link, then points the link at a regular file.
func TestFullDisk(t *testing.T) {
	if _, err := os.Stat("/dev/full"); err != nil {
		t.Skip("no /dev/full:", err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "log")
	if err := os.Symlink("/dev/full", path); err != nil {
		t.Fatal(err)
	}
	e, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	shutdown(t, e)
	err = e.ExportSpans(t.Context(), batch("lost", 3))
	if !errors.Is(err, syscall.ENOSPC) || !strings.Contains(err.Error(), path) {
		t.Fatalf("ExportSpans on a full disk = %v, want ENOSPC naming %s", err, path)
	}
	// The disk has room again.
	if err := os.Symlink(filepath.Join(dir, "real"), path+".tmp"); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(path+".tmp", path); err != nil {
		t.Fatal(err)
	}
	export(t, e, "resumed", 2)
	if got := checkLines(t, readFile(t, filepath.Join(dir, "real"))); strings.Join(got, ",") != "resumed-a,resumed-xb" {
		t.Errorf("file holds %q", got)
	}
}

// TestShortWriteTruncatedBack lowers RLIMIT_FSIZE so that a batch is torn
// inside a line: the torn bytes are removed, the lines before them stay, and
// writing resumes when the limit is lifted.
func TestShortWriteTruncatedBack(t *testing.T) {
	path := filepath.Join(t.TempDir(), "log")
	e, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	shutdown(t, e)
	export(t, e, "a", 2)
	size := int64(len(readFile(t, path)))

	var old syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &old); err != nil {
		t.Fatal(err)
	}
	limit := old
	limit.Cur = uint64(size) + uint64(lineSize(t)) + 10 // one line and 10 bytes more
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &limit); err != nil {
		t.Skip("cannot lower RLIMIT_FSIZE:", err)
	}
	err = e.ExportSpans(t.Context(), batch("b", 3))
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &old); err != nil {
		t.Fatal(err)
	}
	if !errors.Is(err, syscall.EFBIG) || !strings.Contains(err.Error(), path) {
		t.Fatalf("ExportSpans over the size limit = %v, want EFBIG naming %s", err, path)
	}
	if got := checkLines(t, readFile(t, path)); strings.Join(got, ",") != "a-a,a-xb,b-a" {
		t.Errorf("after the torn write the file holds %q, want the whole lines only", got)
	}
	export(t, e, "c", 1)
	if got := checkLines(t, readFile(t, path)); strings.Join(got, ",") != "a-a,a-xb,b-a,c-a" {
		t.Errorf("file holds %q", got)
	}
}

// TestOpenFIFO opens a FIFO: without a reader Open fails at once instead of
// waiting for one; with a reader, lines flow through it.
func TestOpenFIFO(t *testing.T) {
	path := filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Skip("mkfifo:", err)
	}
	type result struct {
		e   *Exporter
		err error
	}
	opened := make(chan result, 1)
	go func() {
		e, err := Open(path)
		opened <- result{e, err}
	}()
	select {
	case r := <-opened:
		if r.err == nil {
			r.e.Shutdown(context.Background())
			t.Fatal("Open of a FIFO nobody reads succeeded")
		}
		if !errors.Is(r.err, syscall.ENXIO) || !strings.Contains(r.err.Error(), path) || !strings.Contains(r.err.Error(), "FIFO") {
			t.Errorf("Open of a FIFO nobody reads = %v, want ENXIO naming %s and the FIFO", r.err, path)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Open of a FIFO nobody reads blocked")
	}

	// With a reader, Open succeeds and writes block until read, as usual.
	r, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	e, err := Open(path)
	if err != nil {
		t.Fatalf("Open of a FIFO with a reader: %v", err)
	}
	export(t, e, "fifo", 2)
	if err := e.Shutdown(t.Context()); err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	if ops := checkLines(t, got); strings.Join(ops, ",") != "fifo-a,fifo-xb" {
		t.Errorf("the reader got %q", ops)
	}
}
