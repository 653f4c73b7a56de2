package follow

import (
	"path/filepath"

	"github.com/fsnotify/fsnotify"
)

// watcher wakes a Follower when something changes in the directory of its
// path. Its zero value (no notifications) never wakes.
type watcher struct {
	w *fsnotify.Watcher
}

// watch starts watching the directory of path. Where notifications are not
// available (an unsupported platform, no inotify instances left) it returns
// the zero watcher, and the Follower only polls.
func watch(path string) watcher {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return watcher{}
	}
	// The directory, not the file: a watch on the file would follow it
	// through the rename and miss the file created at the path.
	if err := w.Add(filepath.Dir(path)); err != nil {
		w.Close()
		return watcher{}
	}
	return watcher{w: w}
}

// events returns the channels to wait on; both are nil for the zero
// watcher.
func (w watcher) events() (<-chan fsnotify.Event, <-chan error) {
	if w.w == nil {
		return nil, nil
	}
	return w.w.Events, w.w.Errors
}

// discard takes the notifications already waiting, which the look that
// follows a wake-up covers, at most 1024 of them.
func (w watcher) discard() {
	if w.w == nil {
		return
	}
	for range 1024 {
		select {
		case _, ok := <-w.w.Events:
			if !ok {
				return
			}
		case _, ok := <-w.w.Errors:
			if !ok {
				return
			}
		default:
			return
		}
	}
}

// close stops watching and ends the watcher's goroutines.
func (w watcher) close() {
	if w.w != nil {
		w.w.Close()
	}
}
