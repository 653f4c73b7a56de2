package follow

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/requesthook/requesthook/internal/logstorm"
)

// TestHead: WithHead resumes at the offset only in a file that still starts
// with the head, and Events carry the head read so far.
func TestHead(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.log")
	logstorm.AppendTo(t, path, "one\ntwo\n")
	id := identify(t, path)
	if id.IsZero() {
		t.Skip("no file identity on this platform")
	}
	r := start(t, path, WithOffset(id, 4), WithHead([]byte("one\n")), WithPollInterval(5*time.Millisecond))
	r.waitLines(t, "two\n")
	if evs := r.snapshot(); string(evs[0].Head) != "one\ntwo\n" {
		t.Errorf("Head %q, want %q", evs[0].Head, "one\ntwo\n")
	}
	r.stop(t)

	// The same identity, other first bytes: a reused inode, a new file.
	r = start(t, path, WithOffset(id, 4), WithHead([]byte("uno\n")), WithPollInterval(5*time.Millisecond))
	r.waitLines(t, "one\n", "two\n")
}

// TestPlace: WithPlace chooses where reading starts in each file that
// replaces the one at the path.
func TestPlace(t *testing.T) {
	tests := []struct {
		name  string
		place func(FileID) (int64, bool)
		want  []string
	}{
		{"no choice: the beginning", func(FileID) (int64, bool) { return 0, false }, []string{"old\n", "<Rotated>", "a\n", "b\n", "c\n"}},
		{"an offset", func(FileID) (int64, bool) { return 2, true }, []string{"old\n", "<Rotated>", "b\n", "c\n"}},
		{"the end", func(FileID) (int64, bool) { return -1, true }, []string{"old\n", "<Rotated>", "c\n"}},
		{"past the end: the beginning", func(FileID) (int64, bool) { return 100, true }, []string{"old\n", "<Rotated>", "a\n", "b\n", "c\n"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "a.log")
			logstorm.AppendTo(t, path, "old\n")
			var asked FileID
			place := func(id FileID) (int64, bool) {
				asked = id
				return tt.place(id)
			}
			r := start(t, path, WithPlace(place), WithNotify(false), WithPollInterval(5*time.Millisecond))
			r.waitLines(t, "old\n")
			logstorm.AppendTo(t, path+".tmp", "a\nb\n")
			mustRename(t, path+".tmp", path)
			time.Sleep(30 * time.Millisecond)
			logstorm.AppendTo(t, path, "c\n")
			r.waitLines(t, tt.want...)
			r.stop(t)
			if id := identify(t, path); asked != id {
				t.Errorf("WithPlace's function was given %v, want %v", asked, id)
			}
		})
	}
}
