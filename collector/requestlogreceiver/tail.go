package requestlogreceiver

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"syscall"

	"github.com/requesthook/requesthook/botoline"
)

// This file is the receiver's file follower: the adapter point for the
// module's shared follower (internal/follow) once it lands. The receiver
// needs of it only poll (whole new lines of every followed file, with the
// offset after each) and the checkpoints it saves and restores.

// fileID identifies a file across renames.
type fileID struct {
	Dev, Ino uint64
}

// checkpoint is where reading of one file stands, as saved in storage.
type checkpoint struct {
	Path   string `json:"path"`
	Dev    uint64 `json:"dev"`
	Ino    uint64 `json:"ino"`
	Offset int64  `json:"offset"`
	// Head is the file's first bytes (up to headLen), which tell the file
	// from a new one that got the same inode.
	Head []byte `json:"head"`
}

// headLen is how many first bytes identify a file besides its inode.
const headLen = 64

// followed is one open file.
type followed struct {
	path     string
	f        *os.File
	id       fileID
	offset   int64 // after the last whole line handed out
	head     []byte
	skipping bool // inside a line longer than botoline.MaxLineLen
	seen     bool // matched by the last poll
}

// tailer follows the files matching a set of globs: each poll reads the
// whole lines appended since the last one. A file renamed away (rotation) is
// read to its end, then closed; a new file at a followed path is read from its
// start; a file that shrank below its offset (truncation) is read again from
// its start.
type tailer struct {
	include    []string
	startAtEnd bool
	files      map[fileID]*followed
	restored   map[fileID]checkpoint // from storage, used at the first poll
	polled     bool
	buf        []byte
}

func newTailer(include []string, startAtEnd bool, saved []checkpoint) *tailer {
	t := &tailer{include: include, startAtEnd: startAtEnd, files: map[fileID]*followed{}, buf: make([]byte, 256<<10)}
	if saved != nil {
		t.restored = map[fileID]checkpoint{}
		for _, c := range saved {
			t.restored[fileID{c.Dev, c.Ino}] = c
		}
	}
	return t
}

// lineFunc receives one whole line of path (newline included; nil for a
// line longer than botoline.MaxLineLen) and the file offset after it.
type lineFunc func(path string, line []byte, offset int64)

// maxChunks bounds what one poll reads of one file: maxChunks buffers.
const maxChunks = 4

// poll reads the new whole lines of every followed file, at most maxChunks
// buffers of each, handing each line to emit in file order. It reports
// whether a file has more to read, and returns the errors met (a file that
// cannot be read is tried again at the next poll).
func (t *tailer) poll(emit lineFunc) (more bool, err error) {
	var errs []error
	for _, fl := range t.files {
		fl.seen = false
	}
	for _, path := range t.match(&errs) {
		fi, err := os.Stat(path)
		if err != nil || !fi.Mode().IsRegular() {
			continue
		}
		id := idOf(fi)
		fl := t.files[id]
		if fl == nil {
			if fl, err = t.open(path, id, fi.Size()); err != nil {
				errs = append(errs, err)
				continue
			}
			t.files[id] = fl
		}
		fl.path, fl.seen = path, true
		if fi.Size() < fl.offset { // truncated
			fl.offset, fl.skipping, fl.head = 0, false, nil
		}
	}
	t.polled, t.restored = true, nil
	// Files gone from the globs (renamed away, deleted) are read to their
	// end first: what was written before the rotation comes first.
	ids := make([]*followed, 0, len(t.files))
	for _, fl := range t.files {
		ids = append(ids, fl)
	}
	sort.Slice(ids, func(i, j int) bool {
		if ids[i].seen != ids[j].seen {
			return !ids[i].seen
		}
		return ids[i].path < ids[j].path
	})
	for _, fl := range ids {
		m, err := t.read(fl, emit)
		if err != nil {
			errs = append(errs, err)
		}
		if m {
			more = true
			continue // a file renamed away is closed once read to its end
		}
		if !fl.seen {
			fl.f.Close()
			delete(t.files, fl.id)
		}
	}
	return more, errors.Join(errs...)
}

// match returns the paths the globs match, sorted and without duplicates.
func (t *tailer) match(errs *[]error) []string {
	var paths []string
	seen := map[string]bool{}
	for _, g := range t.include {
		m, err := filepath.Glob(g)
		if err != nil {
			*errs = append(*errs, err)
			continue
		}
		for _, p := range m {
			if !seen[p] {
				seen[p] = true
				paths = append(paths, p)
			}
		}
	}
	sort.Strings(paths)
	return paths
}

// open opens a newly matched file at the offset it is to be read from: its
// checkpoint when storage holds one for it, its end at the first poll with
// start_at end and no checkpoint at all, its start otherwise.
func (t *tailer) open(path string, id fileID, size int64) (*followed, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	fl := &followed{path: path, f: f, id: id}
	switch c, ok := t.restored[id]; {
	case ok && c.Offset <= size && bytes.Equal(readHead(f, len(c.Head)), c.Head):
		fl.offset, fl.head = c.Offset, c.Head
	case !t.polled && t.restored == nil && t.startAtEnd:
		fl.offset = size
		fl.head = readHead(f, headLen)
	}
	return fl, nil
}

// readHead returns the first n bytes of f, or fewer when it is shorter.
func readHead(f *os.File, n int) []byte {
	b := make([]byte, n)
	m, _ := f.ReadAt(b, 0)
	return b[:m]
}

// read hands the whole lines of fl past its offset to emit, up to
// maxChunks buffers, and reports whether there is more.
func (t *tailer) read(fl *followed, emit lineFunc) (more bool, err error) {
	for range maxChunks {
		n, err := fl.f.ReadAt(t.buf, fl.offset)
		if n == 0 {
			if err == nil || errors.Is(err, io.EOF) {
				return false, nil
			}
			return false, err
		}
		b := t.buf[:n]
		if len(fl.head) < headLen && fl.offset < headLen {
			fl.head = append(fl.head[:0], readHead(fl.f, headLen)...)
		}
		consumed := 0
		for {
			i := bytes.IndexByte(b[consumed:], '\n')
			if i < 0 {
				break
			}
			line := b[consumed : consumed+i+1]
			consumed += i + 1
			if fl.skipping || len(line) > botoline.MaxLineLen {
				line = nil
			}
			fl.skipping = false
			emit(fl.path, line, fl.offset+int64(consumed))
		}
		if consumed == 0 {
			if n < len(t.buf) {
				return false, nil // a partial line: wait for the rest
			}
			// A whole buffer without a newline: a line longer than
			// botoline.MaxLineLen, skipped up to its newline.
			fl.skipping = true
			consumed = n
		}
		fl.offset += int64(consumed)
		if n < len(t.buf) {
			return false, nil
		}
	}
	return true, nil
}

// checkpoints returns where reading of each followed file stands.
func (t *tailer) checkpoints() []checkpoint {
	cs := make([]checkpoint, 0, len(t.files))
	for _, fl := range t.files {
		cs = append(cs, checkpoint{Path: fl.path, Dev: fl.id.Dev, Ino: fl.id.Ino, Offset: fl.offset, Head: fl.head})
	}
	sort.Slice(cs, func(i, j int) bool { return cs[i].Path < cs[j].Path })
	return cs
}

// close closes every followed file.
func (t *tailer) close() {
	for id, fl := range t.files {
		fl.f.Close()
		delete(t.files, id)
	}
}

// idOf returns the identity of the file fi describes.
func idOf(fi fs.FileInfo) fileID {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return fileID{Dev: uint64(st.Dev), Ino: uint64(st.Ino)}
	}
	return fileID{}
}
