package requestlogreceiver

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"sync"

	"go.uber.org/zap"

	"github.com/requesthook/requesthook/internal/follow"
)

// followed is the follower of one path the include globs matched, run in a
// goroutine of its own by the receiver.
type followed struct {
	path   string
	fl     *follow.Follower
	cancel context.CancelFunc
	done   chan struct{}

	mu       sync.Mutex
	cur      follow.FileID // the file being read
	caughtUp bool          // nothing read since the last CaughtUp
}

// current returns the file being read and whether the follower has read
// all there was at its last look.
func (f *followed) current() (follow.FileID, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.cur, f.caughtUp
}

// setCurrent records the file being read and whether the follower is
// caught up with it.
func (f *followed) setCurrent(id follow.FileID, caughtUp bool) {
	f.mu.Lock()
	f.cur, f.caughtUp = id, caughtUp
	f.mu.Unlock()
}

// stop ends the follower's goroutine and closes its files.
func (f *followed) stop() {
	f.cancel()
	<-f.done
	f.fl.Close()
}

// match returns the paths of regular files the globs match, sorted and
// without duplicates.
func match(globs []string) ([]string, error) {
	var paths []string
	var errs []error
	for _, g := range globs {
		m, err := filepath.Glob(g)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		for _, p := range m {
			if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
				paths = append(paths, p)
			}
		}
	}
	slices.Sort(paths)
	return slices.Compact(paths), errors.Join(errs...)
}

// identify returns the identity of the file at path.
func identify(path string) (follow.FileID, error) {
	f, err := os.Open(path)
	if err != nil {
		return follow.FileID{}, err
	}
	defer f.Close()
	return follow.Identify(f)
}

// scan follows the paths the globs match that no follower follows yet, and
// stops the followers of paths they no longer match once these have read
// their file to its end. It returns the files to keep checkpoints of: those
// at a matched path and those a follower reads.
func (r *logReceiver) scan(first bool) map[follow.FileID]bool {
	paths, err := match(r.cfg.Include)
	if err != nil {
		r.set.Logger.Warn("matching the include globs", zap.Error(err))
	}
	keep := map[follow.FileID]bool{}
	for _, path := range paths {
		id, err := identify(path)
		if err != nil {
			continue // gone between the glob and the open
		}
		keep[id] = true
		if r.files[path] != nil {
			continue
		}
		if err := r.startFollower(path, id, first); err != nil {
			r.set.Logger.Warn("following a request-log file", zap.String("path", path), zap.Error(err))
		}
	}
	for path, f := range r.files {
		select {
		case <-f.done: // Run failed: opened again at the next scan
			f.fl.Close()
			delete(r.files, path)
			continue
		default:
		}
		cur, caughtUp := f.current()
		if !slices.Contains(paths, path) && caughtUp {
			f.stop()
			delete(r.files, path)
			continue
		}
		keep[cur] = true
	}
	return keep
}

// startFollower follows path, whose file is id: after the lines handed on
// already when the receiver knows the file (from storage, or read at
// another path it was renamed from), else at its end for a file found at
// the first start with start_at end and no checkpoints stored, else at its
// beginning. A file that later replaces the one at path is placed the same
// way (follow.WithPlace).
func (r *logReceiver) startFollower(path string, id follow.FileID, first bool) error {
	opts := []follow.Option{
		follow.WithPollInterval(r.cfg.PollInterval),
		follow.WithPlace(func(id follow.FileID) (int64, bool) {
			off, _, ok := r.offsets.resume(id)
			return off, ok
		}),
	}
	if off, head, ok := r.offsets.resume(id); ok {
		opts = append(opts, follow.WithOffset(id, off), follow.WithHead(head))
	} else if first && !r.restored && r.cfg.StartAt == "end" {
		opts = append(opts, follow.WithStart(follow.End))
	}
	fl, err := follow.Open(path, opts...)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(context.Background())
	f := &followed{path: path, fl: fl, cancel: cancel, done: make(chan struct{}), cur: id}
	r.files[path] = f
	go func() {
		defer close(f.done)
		err := fl.Run(ctx, r.handler(ctx, f))
		if err != nil && !errors.Is(err, context.Canceled) {
			r.set.Logger.Warn("reading a request-log file", zap.String("path", path), zap.Error(err))
		}
	}()
	return nil
}
