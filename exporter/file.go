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
// Opening never blocks. path may name a FIFO or a device (a log shipper's
// pipe, /dev/stdout): a FIFO is opened with O_NONBLOCK for the open only, so
// Open fails at once, with ENXIO, when no process has the FIFO open for
// reading, instead of waiting for one; writes to it then block as usual (see
// WithStallTimeout for what the processor does when they never return).
//
// A process killed in the middle of a write (kill -9, a crash, a power cut)
// can leave the file ending with part of a line. Whenever it opens a regular
// file (Open, Reopen, rotation and the reopening of a replaced file) the
// Exporter checks its last byte and, when it is not a newline, writes one
// before anything else, so the fragment stays a line of its own (which
// readers such as botoline.Parse reject) and every new line is whole. The
// check is skipped when the file cannot be read (a write-only file). When
// several processes append to one file the check races with them: a process
// that opens the file while another one's write is being torn, or two
// processes that open the same torn file at once (each then adds a newline,
// leaving one empty line), see the file as it is at that instant; whole-line
// O_APPEND writes themselves never interleave.
//
// Shutdown fsyncs and closes the file.
func Open(path string, opts ...Option) (*Exporter, error) {
	cfg := newConfig(opts...)
	s := &fileSink{path: path, mode: cfg.fileMode, maxSize: cfg.maxSize, maxBackups: cfg.maxBackups}
	f, size, err := s.openFile()
	if err != nil {
		return nil, err
	}
	s.f, s.size = f, size
	return &Exporter{cfg: cfg, s: s}, nil
}

// fileSink is the sink of an Exporter made by Open: the file at path, opened
// for appending, rotated by size and reopened when it is replaced.
type fileSink struct {
	path       string
	mode       fs.FileMode
	maxSize    int64 // 0: no rotation
	maxBackups int

	f    *os.File // the current file; nil until it can be (re)opened
	size int64    // f's size as of the last stat plus what was written since
	tornLine
}

// openFile opens path for appending and returns it with its size. It never
// blocks on a FIFO (see openNonblocking), and when the file is a regular file
// that does not end with a newline (a line torn by a crash, kill -9 in the
// middle of a write) it writes one first, so the fragment stays a line of its
// own and the next line starts whole.
func (s *fileSink) openFile() (*os.File, int64, error) {
	f, err := openNonblocking(s.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, s.mode)
	if err != nil {
		return nil, 0, s.wrap(err)
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, s.wrap(err)
	}
	size := fi.Size()
	if fi.Mode().IsRegular() && size > 0 && endsTorn(s.path, fi) {
		n, err := f.Write([]byte{'\n'})
		if err != nil {
			f.Close()
			return nil, 0, s.wrap(fmt.Errorf("starting a fresh line after a torn one: %w", err))
		}
		size += int64(n)
	}
	return f, size, nil
}

// endsTorn reports whether the file at path, which fi describes, ends with
// anything but a newline. It reads the last byte through a descriptor of its
// own; when the file cannot be read (a write-only file) or is no longer the
// one fi describes, it reports false.
func endsTorn(path string, fi os.FileInfo) bool {
	r, err := openNonblocking(path, os.O_RDONLY, 0)
	if err != nil {
		return false
	}
	defer r.Close()
	ri, err := r.Stat()
	if err != nil || !os.SameFile(fi, ri) || ri.Size() == 0 {
		return false
	}
	var last [1]byte
	if _, err := r.ReadAt(last[:], ri.Size()-1); err != nil {
		return false
	}
	return last[0] != '\n'
}

// Reopen closes the file and opens path again, creating it if needed, for
// log rotation tools such as logrotate (call it from a SIGHUP handler). A torn
// line still pending is completed in the old file first. When path cannot be
// opened, the old file stays in use and the error is returned. Reopen returns
// an error for an Exporter made by New, and ErrShutdown after Shutdown.
func (e *Exporter) Reopen() error {
	r, ok := e.s.(reopener)
	if !ok {
		return errors.New("exporter: Reopen: the exporter was not made by Open")
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.stopped.Load() {
		return ErrShutdown
	}
	return r.reopen()
}

// reopen opens path anew; see Exporter.Reopen.
func (s *fileSink) reopen() error {
	f, size, err := s.openFile()
	if err != nil {
		return err
	}
	var perr error
	if s.f != nil {
		perr = s.wrap(s.writePending(s.f))
		s.f.Close()
	}
	s.pending = nil
	s.f, s.size = f, size
	return perr
}

// wrap adds the package name and, when the error does not already name it,
// the path to a write error.
func (s *fileSink) wrap(err error) error {
	switch {
	case err == nil:
		return nil
	case strings.Contains(err.Error(), s.path):
		return fmt.Errorf("exporter: %w", err)
	default:
		return fmt.Errorf("exporter: write %s: %w", s.path, err)
	}
}

// writeLines writes b, whole lines, to the file, rotating as configured; it
// reports how much of b is done (see sink).
func (s *fileSink) writeLines(b []byte) (int, error) {
	if s.f != nil {
		if err := s.writePending(s.f); err != nil {
			return 0, s.wrap(err)
		}
	}
	s.pending = nil // a torn line whose file is gone cannot be completed
	if err := s.checkFile(); err != nil {
		return 0, err
	}
	done := 0
	for done < len(b) {
		rest := b[done:]
		chunk := rest
		if limit := s.maxSize; limit > 0 && s.size+int64(len(rest)) > limit {
			fit := 0
			if room := limit - s.size; room > 0 {
				fit = bytes.LastIndexByte(rest[:min(room, int64(len(rest)))], '\n') + 1
			}
			if fit == 0 {
				if s.size > 0 {
					err := s.rotate()
					if err == nil {
						continue
					}
					if s.f == nil {
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
		n, err := s.writeChunk(chunk)
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
func (s *fileSink) writeChunk(chunk []byte) (int, error) {
	n, err := s.f.Write(chunk)
	n = clampWritten(n, len(chunk))
	s.size += int64(n)
	done, err := s.settle(chunk, n, err, s.truncateTorn)
	return done, s.wrap(err)
}

// truncateTorn removes the last torn bytes of the file, which the failed
// write just appended, provided the file is as long as this Exporter expects
// (nobody else appended in between).
func (s *fileSink) truncateTorn(torn int) error {
	fi, err := s.f.Stat()
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() || fi.Size() != s.size {
		return errors.New("cannot truncate the torn line: the file changed")
	}
	if err := s.f.Truncate(s.size - int64(torn)); err != nil {
		return err
	}
	s.size -= int64(torn)
	return nil
}

// checkFile makes sure s.f is open and is still the file at path, reopening
// path when the file was deleted, renamed or replaced, and refreshes s.size.
func (s *fileSink) checkFile() error {
	if s.f != nil {
		fi, ferr := s.f.Stat()
		pi, perr := os.Stat(s.path)
		if ferr == nil && perr == nil && os.SameFile(fi, pi) {
			s.size = fi.Size()
			return nil
		}
		s.f.Close()
		s.f = nil
	}
	f, size, err := s.openFile()
	if err != nil {
		return err
	}
	s.f, s.size = f, size
	return nil
}

// backupName returns the name of the i-th rotated file.
func (s *fileSink) backupName(i int) string {
	return s.path + "." + strconv.Itoa(i)
}

// rotate shifts the backups (path.n-1 to path.n, …, path to path.1) and opens
// a new file at path. When the renames fail the current file stays in use;
// when the new file cannot be opened s.f is left nil for the next write to
// retry.
func (s *fileSink) rotate() error {
	for i := s.maxBackups - 1; i >= 1; i-- {
		if err := os.Rename(s.backupName(i), s.backupName(i+1)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("exporter: rotate %s: %w", s.path, err)
		}
	}
	if err := os.Rename(s.path, s.backupName(1)); err != nil {
		return fmt.Errorf("exporter: rotate %s: %w", s.path, err)
	}
	old := s.f
	s.f, s.size = nil, 0
	var err error
	if serr := old.Sync(); serr != nil {
		err = s.wrap(serr)
	}
	old.Close()
	f, size, oerr := s.openFile()
	if oerr != nil {
		return errors.Join(err, oerr)
	}
	s.f, s.size = f, size
	if err != nil {
		otel.Handle(err)
	}
	return nil
}

// close completes a pending line, fsyncs the file (a regular one) and closes
// it.
func (s *fileSink) close() error {
	if s.f == nil {
		return nil
	}
	err := s.wrap(s.writePending(s.f))
	if fi, ferr := s.f.Stat(); ferr != nil || fi.Mode().IsRegular() { // fsync fails on FIFOs
		if serr := s.f.Sync(); serr != nil {
			err = errors.Join(err, s.wrap(serr))
		}
	}
	if cerr := s.f.Close(); cerr != nil {
		err = errors.Join(err, s.wrap(cerr))
	}
	s.f = nil
	return err
}
