package follow

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/requesthook/requesthook/internal/logstorm"

	"go.uber.org/goleak"

	"github.com/requesthook/requesthook/botoline"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// recorder runs a Follower in a goroutine and records its events.
type recorder struct {
	mu     sync.Mutex
	events []Event
	cancel context.CancelFunc
	done   chan error
	fl     *Follower
}

func start(t *testing.T, path string, opts ...Option) *recorder {
	t.Helper()
	fl, err := Open(path, opts...)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	r := &recorder{cancel: cancel, done: make(chan error, 1), fl: fl}
	go func() {
		r.done <- fl.Run(ctx, func(ev Event) error {
			if ev.Kind == CaughtUp {
				return nil
			}
			ev.Line = append([]byte(nil), ev.Line...)
			r.mu.Lock()
			r.events = append(r.events, ev)
			r.mu.Unlock()
			return nil
		})
	}()
	t.Cleanup(func() { r.stop(t) })
	return r
}

// stop ends Run (once) and closes the Follower.
func (r *recorder) stop(t *testing.T) {
	t.Helper()
	if r.done == nil {
		return
	}
	r.cancel()
	select {
	case err := <-r.done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Run: %v, want context.Canceled", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return within 5s of its context being canceled")
	}
	r.done = nil
	if err := r.fl.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
}

func (r *recorder) snapshot() []Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Event(nil), r.events...)
}

// lines returns the Line events' text, with "<rotated>", "<truncated>" and
// "<too long>" for the other kinds.
func (r *recorder) lines() []string {
	var out []string
	for _, ev := range r.snapshot() {
		switch ev.Kind {
		case Line:
			out = append(out, string(ev.Line))
		default:
			out = append(out, "<"+ev.Kind.String()+">")
		}
	}
	return out
}

// waitLines waits (10s at most) until the recorder has want.
func (r *recorder) waitLines(t *testing.T, want ...string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		got := r.lines()
		if strings.Join(got, "|") == strings.Join(want, "|") {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("events\n%q\nwant\n%q", got, want)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func identify(t *testing.T, path string) FileID {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	id, err := Identify(f)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// TestLinesAndOffsets: whole lines only, a line written in two parts, and
// each line's offset just after it in its file.
func TestLinesAndOffsets(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.log")
	logstorm.AppendTo(t, path, "one\ntwo\n")
	r := start(t, path, WithPollInterval(5*time.Millisecond))
	r.waitLines(t, "one\n", "two\n")
	logstorm.AppendTo(t, path, "thr")
	time.Sleep(20 * time.Millisecond) // several looks: a partial line stays
	r.waitLines(t, "one\n", "two\n")
	logstorm.AppendTo(t, path, "ee\n\nfour\r\n")
	r.waitLines(t, "one\n", "two\n", "three\n", "\n", "four\r\n")
	id := identify(t, path)
	var offs []int64
	for _, ev := range r.snapshot() {
		if ev.File != id {
			t.Errorf("line %q from file %v, want %v", ev.Line, ev.File, id)
		}
		offs = append(offs, ev.Offset)
	}
	if got, want := fmt.Sprint(offs), "[4 8 14 15 21]"; got != want {
		t.Errorf("offsets %s, want %s", got, want)
	}
}

// TestRotation follows the ways a file is replaced at its path.
func TestRotation(t *testing.T) {
	tests := []struct {
		name   string
		rotate func(t *testing.T, path string)
		want   []string
	}{
		{"renamed away, then created", func(t *testing.T, path string) {
			mustRename(t, path, path+".1")
			logstorm.AppendTo(t, path+".1", "late\n") // a writer still holding the old file
			logstorm.AppendTo(t, path, "new\n")
		}, []string{"old\n", "late\n", "<Rotated>", "new\n"}},
		{"new file renamed onto the path", func(t *testing.T, path string) {
			logstorm.AppendTo(t, path+".tmp", "new\n")
			mustRename(t, path+".tmp", path)
		}, []string{"old\n", "<Rotated>", "new\n"}},
		{"created empty, old file written to until the new one has data", func(t *testing.T, path string) {
			mustRename(t, path, path+".1")
			logstorm.AppendTo(t, path, "")
			time.Sleep(20 * time.Millisecond) // the follower sees the empty new file
			logstorm.AppendTo(t, path+".1", "late\n")
			time.Sleep(20 * time.Millisecond)
			logstorm.AppendTo(t, path, "new\n")
		}, []string{"old\n", "late\n", "<Rotated>", "new\n"}},
		{"partial last line of the old file", func(t *testing.T, path string) {
			logstorm.AppendTo(t, path, "no newline")
			time.Sleep(20 * time.Millisecond)
			mustRename(t, path, path+".1")
			logstorm.AppendTo(t, path, "new\n")
		}, []string{"old\n", "no newline", "<Rotated>", "new\n"}},
		{"deleted and created again", func(t *testing.T, path string) {
			if err := os.Remove(path); err != nil {
				t.Fatal(err)
			}
			logstorm.AppendTo(t, path, "new\n")
		}, []string{"old\n", "<Rotated>", "new\n"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, notify := range []bool{true, false} {
				t.Run(fmt.Sprintf("notify=%v", notify), func(t *testing.T) {
					path := filepath.Join(t.TempDir(), "a.log")
					logstorm.AppendTo(t, path, "old\n")
					r := start(t, path, WithNotify(notify), WithPollInterval(5*time.Millisecond))
					r.waitLines(t, "old\n")
					tt.rotate(t, path)
					r.waitLines(t, tt.want...)
					evs := r.snapshot()
					last := evs[len(evs)-1]
					if id := identify(t, path); last.File != id || last.Offset != int64(len("new\n")) {
						t.Errorf("last event in file %v at %d, want %v at 4", last.File, last.Offset, id)
					}
				})
			}
		})
	}
}

func mustRename(t *testing.T, from, to string) {
	t.Helper()
	if err := os.Rename(from, to); err != nil {
		t.Fatal(err)
	}
}

// TestTruncation: a file truncated, and one truncated and written again
// past the offset read so far before the follower looked.
func TestTruncation(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.log")
	logstorm.AppendTo(t, path, "first line\n")
	r := start(t, path, WithNotify(false), WithPollInterval(5*time.Millisecond))
	r.waitLines(t, "first line\n")
	if err := os.Truncate(path, 0); err != nil {
		t.Fatal(err)
	}
	r.waitLines(t, "first line\n", "<Truncated>")
	logstorm.AppendTo(t, path, "x\n")
	r.waitLines(t, "first line\n", "<Truncated>", "x\n")

	// Rewritten longer than what was read, at once: the first bytes differ.
	if err := os.WriteFile(path, []byte("a rewritten file\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r.waitLines(t, "first line\n", "<Truncated>", "x\n", "<Truncated>", "a rewritten file\n")
}

// TestStart: the start positions and resuming at an offset.
func TestStart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.log")
	logstorm.AppendTo(t, path, "one\ntwo\nthr")
	id := identify(t, path)
	tests := []struct {
		name string
		opts []Option
		want []string
	}{
		{"default", nil, []string{"one\n", "two\n", "three\n"}},
		{"beginning", []Option{WithStart(Beginning)}, []string{"one\n", "two\n", "three\n"}},
		{"end: the partial last line only", []Option{WithStart(End)}, []string{"three\n"}},
		{"offset in the same file", []Option{WithOffset(id, 4)}, []string{"two\n", "three\n"}},
		{"offset, any file", []Option{WithOffset(FileID{}, 8)}, []string{"three\n"}},
		{"offset in another file", []Option{WithOffset(FileID{Device: id.Device, Inode: id.Inode + 1}, 4)}, []string{"one\n", "two\n", "three\n"}},
		{"offset past the end", []Option{WithOffset(id, 1000)}, []string{"one\n", "two\n", "three\n"}},
		{"offset wins over End", []Option{WithStart(End), WithOffset(id, 0)}, []string{"one\n", "two\n", "three\n"}},
	}
	if id.IsZero() {
		t.Skip("no file identity on this platform")
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "a.log")
			if err := os.Link(path, p); err != nil { // the same file, so the same id
				t.Skip(err)
			}
			r := start(t, p, append(tt.opts, WithPollInterval(5*time.Millisecond))...)
			time.Sleep(10 * time.Millisecond)
			logstorm.AppendTo(t, p, "ee\n")
			r.waitLines(t, tt.want...)
			r.stop(t)
			if err := os.Truncate(p, int64(len("one\ntwo\nthr"))); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestTooLong(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.log")
	logstorm.AppendTo(t, path, "a\n"+strings.Repeat("x", botoline.MaxLineLen+10)+"\nb\n")
	r := start(t, path, WithPollInterval(5*time.Millisecond))
	r.waitLines(t, "a\n", "<TooLong>", "b\n")
	if evs := r.snapshot(); evs[1].Offset != int64(2+botoline.MaxLineLen+11) {
		t.Errorf("too long line ends at %d, want %d", evs[1].Offset, 2+botoline.MaxLineLen+11)
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := Open(filepath.Join(dir, "missing.log")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v, want fs.ErrNotExist", err)
	}
	var pe *fs.PathError
	if _, err := Open(dir); !errors.As(err, &pe) || !strings.Contains(err.Error(), "is a directory") {
		t.Errorf("directory: %v, want a PathError naming a directory", err)
	}
}

// TestRunAgainAndErrors: Run goes on where it stopped; the callback's error
// stops it and sticks; a closed Follower says so.
func TestRunAgainAndErrors(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.log")
	logstorm.AppendTo(t, path, "1\n2\n3\n")
	fl, err := Open(path, WithPollInterval(5*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	defer fl.Close()
	var got []string
	ctx, cancel := context.WithCancel(t.Context())
	err = fl.Run(ctx, func(ev Event) error {
		if ev.Kind == Line {
			got = append(got, string(ev.Line))
		}
		if len(got) == 2 {
			cancel()
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Run: %v, want context.Canceled", err)
	}
	if len(got) != 3 { // the chunk read is split to its end
		t.Fatalf("got %q before the cancel took effect", got)
	}
	logstorm.AppendTo(t, path, "4\n")
	stop := errors.New("stop")
	err = fl.Run(t.Context(), func(ev Event) error {
		if ev.Kind == Line {
			got = append(got, string(ev.Line))
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || strings.Join(got, "") != "1\n2\n3\n4\n" {
		t.Fatalf("Run: %v after %q, want stop after 1-4", err, got)
	}
	if err := fl.Run(t.Context(), func(Event) error { return nil }); !errors.Is(err, stop) {
		t.Errorf("Run again: %v, want the sticky error", err)
	}
	fl.Close()
	if err := fl.Run(t.Context(), func(Event) error { return nil }); !errors.Is(err, ErrClosed) {
		t.Errorf("Run after Close: %v, want ErrClosed", err)
	}
}

func TestKindString(t *testing.T) {
	for k, want := range map[Kind]string{Line: "Line", TooLong: "TooLong", Rotated: "Rotated", Truncated: "Truncated", CaughtUp: "CaughtUp", 0: "Kind(0)", 99: "Kind(99)"} {
		if got := k.String(); got != want {
			t.Errorf("Kind(%d).String() = %q, want %q", int(k), got, want)
		}
	}
}
