package follow

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"time"

	"github.com/requesthook/requesthook/botoline"
)

// ErrClosed is returned by Run on a Follower that was closed.
var ErrClosed = errors.New("follow: Follower closed")

// fingerprintLen is how many of a file's first bytes are kept to tell a file
// truncated and written again from the file read so far.
const fingerprintLen = 256

// readSize is the size of one read.
const readSize = 64 << 10

// Follower reads the lines of the file at a path as they are written,
// through rotation and truncation, as the package documentation describes.
// It holds open the file it reads and the files that replaced it at the
// path until it has read them; Close closes them. A Follower is not safe for
// concurrent use: one goroutine calls Run, and Close once Run has returned.
type Follower struct {
	path   string
	cfg    config
	files  []*file // files[0] is being read; the others replaced it, oldest first
	split  botoline.Splitter
	buf    []byte
	err    error // the callback's error that stopped Run; sticky
	closed bool
}

// file is one file the Follower holds.
type file struct {
	f    *os.File
	info os.FileInfo
	id   FileID
	off  int64  // bytes read (and split) so far
	fp   []byte // the first min(off, fingerprintLen) bytes
}

// Open opens the file at path to follow it, starting where the options say
// (by default at its beginning). The file must exist; the error of a file
// that cannot be opened is an *fs.PathError. Open reads nothing but, for
// End, the end of the file, and starts no goroutine.
func Open(path string, opts ...Option) (*Follower, error) {
	cfg := newConfig(opts...)
	h, err := openAt(path)
	if err != nil {
		return nil, err
	}
	if h.info.IsDir() {
		h.f.Close()
		return nil, &fs.PathError{Op: "follow", Path: path, Err: errors.New("is a directory")}
	}
	size := h.info.Size()
	var off int64
	switch {
	case cfg.resume:
		if (cfg.resumeID.IsZero() || cfg.resumeID == h.id) && cfg.resumeOff <= size {
			same, err := h.startsWith(cfg.head)
			if err != nil {
				h.f.Close()
				return nil, fmt.Errorf("follow: %s: %w", path, err)
			}
			if same {
				off = cfg.resumeOff
			}
		}
	case cfg.start == End:
		if off, err = lastLineEnd(h.f, size); err != nil {
			h.f.Close()
			return nil, fmt.Errorf("follow: %s: %w", path, err)
		}
	}
	if err := h.seek(off); err != nil {
		h.f.Close()
		return nil, fmt.Errorf("follow: %s: %w", path, err)
	}
	return &Follower{path: path, cfg: cfg, files: []*file{h}}, nil
}

// openAt opens the file at path and notes its identity.
func openAt(path string) (*file, error) {
	f, err := openFile(path)
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	return &file{f: f, info: fi, id: fileID(f, fi)}, nil
}

// seek moves h to off and reloads its fingerprint.
func (h *file) seek(off int64) error {
	if _, err := h.f.Seek(off, io.SeekStart); err != nil {
		return err
	}
	h.off = off
	h.fp = h.fp[:0]
	if n := min(off, fingerprintLen); n > 0 {
		h.fp = append(h.fp, make([]byte, n)...)
		if _, err := h.f.ReadAt(h.fp, 0); err != nil {
			return err
		}
	}
	return nil
}

// startsWith reports whether h's file starts with head.
func (h *file) startsWith(head []byte) (bool, error) {
	if len(head) == 0 {
		return true, nil
	}
	b := make([]byte, len(head))
	n, err := h.f.ReadAt(b, 0)
	if err != nil && !errors.Is(err, io.EOF) {
		return false, err
	}
	return bytes.Equal(b[:n], head), nil
}

// place moves a file that replaced the one being read where WithPlace's
// function says, or leaves it at its beginning.
func (fl *Follower) place(h *file) error {
	if fl.cfg.place == nil {
		return nil
	}
	off, ok := fl.cfg.place(h.id)
	if !ok {
		return nil
	}
	size := h.info.Size()
	switch {
	case off < 0:
		end, err := lastLineEnd(h.f, size)
		if err != nil {
			return err
		}
		off = end
	case off > size:
		off = 0
	}
	return h.seek(off)
}

// lastLineEnd returns the offset just after the last newline in the last
// botoline.MaxLineLen bytes of a file of size bytes: 0 when the file is
// shorter and has none, size when a line longer than that is being written.
func lastLineEnd(f *os.File, size int64) (int64, error) {
	n := min(size, botoline.MaxLineLen+1)
	if n == 0 {
		return 0, nil
	}
	b := make([]byte, n)
	if _, err := f.ReadAt(b, size-n); err != nil && !errors.Is(err, io.EOF) {
		return 0, err
	}
	if i := bytes.LastIndexByte(b, '\n'); i >= 0 {
		return size - n + int64(i) + 1, nil
	}
	if n == size {
		return 0, nil
	}
	return size, nil
}

// Run reads the file, and the files that replace it at the path, calling fn
// for each line and for each rotation, truncation and catching up, in the
// order they happen, until ctx is done or fn returns an error. It returns
// ctx.Err(), fn's error as it is, or an error reading a file, which names
// it. A Follower can be run again after its context was done, and goes on
// where it stopped; after fn's error, Run returns that error again.
//
// Run is woken by file-system notifications where the platform has them,
// and looks at the file at least every poll interval (WithPollInterval).
func (fl *Follower) Run(ctx context.Context, fn func(Event) error) error {
	switch {
	case fl.closed:
		return ErrClosed
	case fl.err != nil:
		return fl.err
	}
	var w watcher
	if fl.cfg.notify {
		w = watch(fl.path)
		defer w.close()
	}
	events, errs := w.events()
	timer := time.NewTimer(fl.cfg.poll)
	defer timer.Stop()
	call := func(ev Event) error {
		if err := fn(ev); err != nil {
			fl.err = err
			return err
		}
		return nil
	}
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := fl.look(ctx, call); err != nil {
			return err
		}
		h := fl.files[0]
		if err := call(Event{Kind: CaughtUp, File: h.id, Offset: h.off, Head: h.fp}); err != nil {
			return err
		}
		timer.Reset(fl.cfg.poll)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-timer.C:
		case _, ok := <-events:
			if !ok {
				events = nil
			}
			w.discard()
		case _, ok := <-errs: // a lost notification (overflow): look
			if !ok {
				errs = nil
			}
		}
	}
}

// look takes a new file at the path into account, then reads what there is
// to read, leaving the files that were replaced once they are read to their
// end.
func (fl *Follower) look(ctx context.Context, fn func(Event) error) error {
	if err := fl.lookPath(); err != nil {
		return err
	}
	for {
		h := fl.files[0]
		truncated, err := h.truncated()
		if err != nil {
			return fmt.Errorf("follow: %s: %w", fl.path, err)
		}
		if truncated {
			if err := h.seek(0); err != nil {
				return fmt.Errorf("follow: %s: %w", fl.path, err)
			}
			fl.split.Reset()
			if err := fn(Event{Kind: Truncated, File: h.id, Head: h.fp}); err != nil {
				return err
			}
		}
		if err := fl.read(ctx, h, fn); err != nil {
			return err
		}
		replaced, err := fl.replaced()
		if err != nil || !replaced {
			return err
		}
		// h was read to its end after a newer file appeared: it is done.
		if line, ok := fl.split.Flush(); ok {
			ev := Event{Kind: Line, Line: line, File: h.id, Offset: h.off, Head: h.fp}
			if line == nil {
				ev.Kind = TooLong
			}
			if err := fn(ev); err != nil {
				return err
			}
		}
		h.f.Close()
		fl.files[0] = nil
		fl.files = fl.files[1:]
		next := fl.files[0]
		if err := fn(Event{Kind: Rotated, File: next.id, Offset: next.off, Head: next.fp}); err != nil {
			return err
		}
	}
}

// lookPath opens the file at the path when it is not one the Follower holds
// already. A path with no file (renamed away, not created again yet) is not
// an error.
func (fl *Follower) lookPath() error {
	fi, err := os.Stat(fl.path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("follow: %w", err)
	}
	if fl.holds(fi) {
		return nil
	}
	h, err := openAt(fl.path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("follow: %w", err)
	}
	if fl.holds(h.info) { // replaced and back between the two looks
		h.f.Close()
		return nil
	}
	if err := fl.place(h); err != nil {
		h.f.Close()
		return fmt.Errorf("follow: %s: %w", fl.path, err)
	}
	fl.files = append(fl.files, h)
	return nil
}

// holds reports whether fi is one of the files the Follower holds.
func (fl *Follower) holds(fi os.FileInfo) bool {
	for _, h := range fl.files {
		if os.SameFile(h.info, fi) {
			return true
		}
	}
	return false
}

// replaced reports whether the file being read is done with: a newer file
// has data, or a newer one still exists. Until then a writer may still be
// appending to the old file.
func (fl *Follower) replaced() (bool, error) {
	switch len(fl.files) {
	case 1:
		return false, nil
	case 2:
		fi, err := fl.files[1].f.Stat()
		if err != nil {
			return false, fmt.Errorf("follow: %s: %w", fl.path, err)
		}
		return fi.Size() > 0, nil
	}
	return true, nil
}

// truncated reports whether h is shorter than what was read from it, or
// starts with other bytes than it did.
func (h *file) truncated() (bool, error) {
	fi, err := h.f.Stat()
	if err != nil {
		return false, err
	}
	if fi.Size() < h.off {
		return true, nil
	}
	if len(h.fp) == 0 {
		return false, nil
	}
	var b [fingerprintLen]byte
	n, err := h.f.ReadAt(b[:len(h.fp)], 0)
	if err != nil && !errors.Is(err, io.EOF) {
		return false, err
	}
	return !bytes.Equal(b[:n], h.fp), nil
}

// read reads h to its current end, passing on the lines it completes.
func (fl *Follower) read(ctx context.Context, h *file, fn func(Event) error) error {
	if fl.buf == nil {
		fl.buf = make([]byte, readSize)
	}
	for {
		n, err := h.f.Read(fl.buf)
		if n > 0 {
			chunk, start := fl.buf[:n], h.off
			h.off += int64(n)
			if start < fingerprintLen && int64(len(h.fp)) == start {
				h.fp = append(h.fp, chunk[:min(int64(n), fingerprintLen-start)]...)
			}
			if err := fl.feed(chunk, start, h, fn); err != nil {
				return err
			}
		}
		switch {
		case errors.Is(err, io.EOF), err == nil && n == 0:
			return nil
		case err != nil:
			return fmt.Errorf("follow: %s: %w", fl.path, err)
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
}

// feed splits chunk, which starts at offset start of the file h, and
// passes on the lines it completes.
func (fl *Follower) feed(chunk []byte, start int64, h *file, fn func(Event) error) error {
	for rest := chunk; len(rest) > 0; {
		line, r, ok := fl.split.Next(rest)
		if !ok {
			return nil
		}
		rest = r
		ev := Event{Kind: Line, Line: line, File: h.id, Offset: start + int64(len(chunk)-len(rest)), Head: h.fp}
		if line == nil {
			ev.Kind = TooLong
		}
		if err := fn(ev); err != nil {
			return err
		}
	}
	return nil
}

// Close closes the files the Follower holds. Run must have returned; after
// Close it returns ErrClosed. Close is idempotent.
func (fl *Follower) Close() error {
	if fl.closed {
		return nil
	}
	fl.closed = true
	var errs []error
	for _, h := range fl.files {
		errs = append(errs, h.f.Close())
	}
	fl.files = nil
	return errors.Join(errs...)
}
