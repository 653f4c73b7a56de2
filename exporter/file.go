package exporter

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"strings"

	"go.opentelemetry.io/otel"
)

// Open returns an Exporter that appends to the file at path, creating it
// (with DefaultFileMode, or WithFileMode) when it does not exist. Unlike
// boto, which truncated its log on every start, Open never truncates. The
// file is opened with O_APPEND and each batch is written with one write
// (split at line boundaries only by rotation), so several processes appending
// to one local file never interleave inside a line.
//
// Before each batch the Exporter checks that path still names the file it has
// open; when the file was deleted, renamed or replaced it opens path anew, so
// rotation by renaming needs no signal. Reopen does the same on request.
// WithMaxSize and WithMaxBackups enable size-based rotation; rotation renames
// files and assumes that this Exporter is the only one rotating path.
//
// Shutdown fsyncs and closes the file.
func Open(path string, opts ...Option) (*Exporter, error) {
	e := &Exporter{cfg: newConfig(opts...), path: path}
	f, size, err := e.openFile()
	if err != nil {
		return nil, err
	}
	e.f, e.size = f, size
	return e, nil
}

// openFile opens path for appending and returns it with its size.
func (e *Exporter) openFile() (*os.File, int64, error) {
	f, err := os.OpenFile(e.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, e.cfg.fileMode)
	if err != nil {
		return nil, 0, e.wrap(err)
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, e.wrap(err)
	}
	return f, fi.Size(), nil
}

// Reopen closes the file and opens path again, creating it if needed, for
// log rotation tools such as logrotate (call it from a SIGHUP handler). A torn
// line still pending is completed in the old file first. When path cannot be
// opened, the old file stays in use and the error is returned. Reopen returns
// an error for an Exporter made by New, and ErrShutdown after Shutdown.
func (e *Exporter) Reopen() error {
	if e.path == "" {
		return errors.New("exporter: Reopen: the exporter was not made by Open")
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.stopped.Load() {
		return ErrShutdown
	}
	f, size, err := e.openFile()
	if err != nil {
		return err
	}
	var perr error
	if e.f != nil {
		perr = e.writePending(e.f)
		e.f.Close()
	}
	e.pending = nil
	e.f, e.size = f, size
	return perr
}

// wrap adds the package name and, when the error does not already name it,
// the path to a write error.
func (e *Exporter) wrap(err error) error {
	if err == nil || errors.Is(err, ErrShutdown) {
		return err
	}
	switch {
	case e.path == "":
		return fmt.Errorf("exporter: write: %w", err)
	case strings.Contains(err.Error(), e.path):
		return fmt.Errorf("exporter: %w", err)
	default:
		return fmt.Errorf("exporter: write %s: %w", e.path, err)
	}
}

// writeFile writes b, whole lines, to the file, rotating as configured; it
// reports how much of b is done, as write does. e.mu is held.
func (e *Exporter) writeFile(b []byte) (int, error) {
	if e.f != nil {
		if err := e.writePending(e.f); err != nil {
			return 0, err
		}
	}
	e.pending = nil // a torn line whose file is gone cannot be completed
	if err := e.checkFile(); err != nil {
		return 0, err
	}
	done := 0
	for done < len(b) {
		rest := b[done:]
		chunk := rest
		if limit := e.cfg.maxSize; limit > 0 && e.size+int64(len(rest)) > limit {
			fit := 0
			if room := limit - e.size; room > 0 {
				fit = bytes.LastIndexByte(rest[:min(room, int64(len(rest)))], '\n') + 1
			}
			if fit == 0 {
				if e.size > 0 {
					err := e.rotate()
					if err == nil {
						continue
					}
					if e.f == nil {
						return done, err
					}
					// The lines matter more than the size limit: report the
					// failed rotation and keep writing to the current file.
					otel.Handle(err)
					fit = len(rest)
				} else { // a line longer than the limit gets a file of its own
					fit = bytes.IndexByte(rest, '\n') + 1
				}
			}
			chunk = rest[:fit]
		}
		n, err := e.writeChunk(chunk)
		done += n
		if err != nil {
			return done, err
		}
	}
	return done, nil
}

// writeChunk writes whole lines to the file in a single write. When the write
// tears a line, the torn bytes are truncated away if the file still ends with
// them; otherwise the rest of the line is kept pending.
func (e *Exporter) writeChunk(chunk []byte) (int, error) {
	n, err := e.f.Write(chunk)
	n = clampWritten(n, len(chunk))
	e.size += int64(n)
	return e.settle(chunk, n, err, e.truncateTorn)
}

// truncateTorn removes the last torn bytes of the file, which the failed
// write just appended, provided the file is as long as this Exporter expects
// (nobody else appended in between).
func (e *Exporter) truncateTorn(torn int) error {
	fi, err := e.f.Stat()
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() || fi.Size() != e.size {
		return errors.New("cannot truncate the torn line: the file changed")
	}
	if err := e.f.Truncate(e.size - int64(torn)); err != nil {
		return err
	}
	e.size -= int64(torn)
	return nil
}

// checkFile makes sure e.f is open and is still the file at path, reopening
// path when the file was deleted, renamed or replaced, and refreshes e.size.
func (e *Exporter) checkFile() error {
	if e.f != nil {
		fi, ferr := e.f.Stat()
		pi, perr := os.Stat(e.path)
		if ferr == nil && perr == nil && os.SameFile(fi, pi) {
			e.size = fi.Size()
			return nil
		}
		e.f.Close()
		e.f = nil
	}
	f, size, err := e.openFile()
	if err != nil {
		return err
	}
	e.f, e.size = f, size
	return nil
}

// backupName returns the name of the i-th rotated file.
func (e *Exporter) backupName(i int) string {
	return e.path + "." + strconv.Itoa(i)
}

// rotate shifts the backups (path.n-1 to path.n, …, path to path.1) and opens
// a new file at path. When the renames fail the current file stays in use;
// when the new file cannot be opened e.f is left nil for the next write to
// retry.
func (e *Exporter) rotate() error {
	for i := e.cfg.maxBackups - 1; i >= 1; i-- {
		if err := os.Rename(e.backupName(i), e.backupName(i+1)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("exporter: rotate %s: %w", e.path, err)
		}
	}
	if err := os.Rename(e.path, e.backupName(1)); err != nil {
		return fmt.Errorf("exporter: rotate %s: %w", e.path, err)
	}
	old := e.f
	e.f, e.size = nil, 0
	var err error
	if serr := old.Sync(); serr != nil {
		err = e.wrap(serr)
	}
	old.Close()
	f, size, oerr := e.openFile()
	if oerr != nil {
		return errors.Join(err, oerr)
	}
	e.f, e.size = f, size
	if err != nil {
		otel.Handle(err)
	}
	return nil
}
