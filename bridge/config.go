package bridge

import (
	"time"

	"github.com/requesthook/requesthook/apicall"
	"github.com/requesthook/requesthook/botoline"
)

// HookOption configures the hook NewHook returns.
type HookOption interface {
	applyHook(hookConfig) hookConfig
}

type hookOptionFunc func(hookConfig) hookConfig

func (f hookOptionFunc) applyHook(c hookConfig) hookConfig { return f(c) }

// hookConfig holds a hook's settings; newHookConfig fills in the defaults.
type hookConfig struct {
	now func() time.Time
}

// newHookConfig applies opts over the defaults: time.Now as the clock.
func newHookConfig(opts ...HookOption) hookConfig {
	var c hookConfig
	for _, o := range opts {
		if o != nil {
			c = o.applyHook(c)
		}
	}
	if c.now == nil {
		c.now = time.Now
	}
	return c
}

// WithClock sets the clock the hook reads for a Call that has neither a
// start nor an end time. A nil clock is ignored; the default is time.Now.
func WithClock(now func() time.Time) HookOption {
	return hookOptionFunc(func(c hookConfig) hookConfig {
		if now != nil {
			c.now = now
		}
		return c
	})
}

// ReplayOption configures Replay.
type ReplayOption interface {
	applyReplay(replayConfig) replayConfig
}

type replayOptionFunc func(replayConfig) replayConfig

func (f replayOptionFunc) applyReplay(c replayConfig) replayConfig { return f(c) }

// replayConfig holds Replay's settings; newReplayConfig fills in the defaults.
type replayConfig struct {
	location   *time.Location
	onReject   func(*botoline.LineError)
	selectCall func(apicall.Call) bool
}

// newReplayConfig applies opts over the defaults: time.Local and no reject
// callback.
func newReplayConfig(opts ...ReplayOption) replayConfig {
	var c replayConfig
	for _, o := range opts {
		if o != nil {
			c = o.applyReplay(c)
		}
	}
	if c.location == nil {
		c.location = time.Local
	}
	return c
}

// WithLocation sets the time zone Replay reads the log's time column in: the
// zone of the process that wrote it (boto and the exporter write local
// time). A nil location is ignored; the default is time.Local.
func WithLocation(loc *time.Location) ReplayOption {
	return replayOptionFunc(func(c replayConfig) replayConfig {
		if loc != nil {
			c.location = loc
		}
		return c
	})
}

// WithRejectFunc makes Replay call f, on Replay's goroutine, for every line
// it rejects, with the line number and why. A nil f is ignored; by default
// rejected lines are only counted in Stats.Rejected.
func WithRejectFunc(f func(*botoline.LineError)) ReplayOption {
	return replayOptionFunc(func(c replayConfig) replayConfig {
		if f != nil {
			c.onReject = f
		}
		return c
	})
}

// WithSelect makes Replay record only the lines for which keep returns true
// (called on Replay's goroutine with the line's Call); the others are counted
// in Stats.Skipped. A nil keep is ignored; by default every line is replayed.
func WithSelect(keep func(apicall.Call) bool) ReplayOption {
	return replayOptionFunc(func(c replayConfig) replayConfig {
		if keep != nil {
			c.selectCall = keep
		}
		return c
	})
}
