package requestlogreceiver

import (
	"cmp"
	"encoding/json"
	"slices"
	"sync"

	"github.com/requesthook/requesthook/internal/follow"
)

// checkpoint is where reading of one file stands, as saved in storage: the
// offset after the last line the next consumer accepted.
type checkpoint struct {
	Path   string `json:"path"`
	Dev    uint64 `json:"dev"`
	Ino    uint64 `json:"ino"`
	Offset int64  `json:"offset"`
	// Head is the file's first bytes (up to 256, follow.Event.Head), which
	// tell the file from a new one that got the same inode.
	Head []byte `json:"head"`
}

// fileState is what the receiver knows of one file, by its follow.FileID.
type fileState struct {
	path string
	// read is the end offset of the last line handed on (or rejected) by
	// any follower: a line ending at or before it was handled already, by
	// the follower of another path the file was renamed to or from.
	read int64
	// gen counts the file's truncations: marks of an older generation no
	// longer move saved.
	gen int
	// saved is the checkpoint: what the consumer accepted.
	saved    int64
	head     []byte
	hasSaved bool
}

// mark is the position after the last line of one file in a batch.
type mark struct {
	id     follow.FileID
	gen    int
	offset int64
	head   []byte
}

// offsets is the receiver's table of files: which lines were handed on, and
// the checkpoints saved in storage. It is shared by the followers of every
// path, each in its own goroutine.
type offsets struct {
	mu    sync.Mutex
	files map[follow.FileID]*fileState
	dirty bool
}

// newOffsets returns the table holding the checkpoints restored from
// storage.
func newOffsets(saved []checkpoint) *offsets {
	o := &offsets{files: map[follow.FileID]*fileState{}}
	for _, c := range saved {
		id := follow.FileID{Device: c.Dev, Inode: c.Ino}
		if id.IsZero() {
			continue
		}
		o.files[id] = &fileState{path: c.Path, read: c.Offset, saved: c.Offset, head: c.Head, hasSaved: true}
	}
	return o
}

// resume returns where a follower should start in the file id: after the
// lines handed on already, with the head they were read under (checked by
// follow.WithHead when the file is opened).
func (o *offsets) resume(id follow.FileID) (offset int64, head []byte, ok bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	s := o.files[id]
	if s == nil || id.IsZero() {
		return 0, nil, false
	}
	return s.read, s.head, true
}

// claim reports whether the line of file id (read at path) ending at end is
// new, and takes it when it is: no follower hands a line on twice. It
// returns the file's generation for the batch's mark.
func (o *offsets) claim(id follow.FileID, path string, end int64) (gen int, ok bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	s := o.files[id]
	if s == nil {
		s = &fileState{}
		o.files[id] = s
	}
	s.path = path
	if !id.IsZero() && end <= s.read {
		return s.gen, false
	}
	s.read = end
	return s.gen, true
}

// truncated starts the file id over: its lines are read again from its
// beginning.
func (o *offsets) truncated(id follow.FileID) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if s := o.files[id]; s != nil {
		s.gen++
		s.read, s.saved, s.head = 0, 0, nil
		s.hasSaved, o.dirty = true, true
	}
}

// commit records the marks of a batch the consumer accepted.
func (o *offsets) commit(marks []mark) {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, m := range marks {
		s := o.files[m.id]
		if s == nil || m.gen != s.gen || m.id.IsZero() {
			continue
		}
		if !s.hasSaved || m.offset > s.saved {
			s.saved, s.head, s.hasSaved = m.offset, m.head, true
			o.dirty = true
		}
	}
}

// checkpoints returns the checkpoints to save, of the files in keep (those
// the include globs match or a follower reads), and whether they changed
// since the last call.
func (o *offsets) checkpoints(keep map[follow.FileID]bool) ([]byte, bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	for id := range o.files {
		if !keep[id] {
			delete(o.files, id) // rotated out of the globs, or deleted
			o.dirty = true
		}
	}
	if !o.dirty {
		return nil, false
	}
	o.dirty = false
	cs := make([]checkpoint, 0, len(o.files))
	for id, s := range o.files {
		if s.hasSaved {
			cs = append(cs, checkpoint{Path: s.path, Dev: id.Device, Ino: id.Inode, Offset: s.saved, Head: s.head})
		}
	}
	slices.SortFunc(cs, func(a, b checkpoint) int {
		return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Dev, b.Dev), cmp.Compare(a.Ino, b.Ino))
	})
	b, err := json.Marshal(cs)
	if err != nil {
		return nil, false
	}
	return b, true
}
