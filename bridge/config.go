package bridge

import (
	"time"
)

// config holds the settings of NewHook and Replay; newConfig fills in the
// defaults.
type config struct {
	location *time.Location
	onReject func(*LineError)
	now      func() time.Time
}

// Option configures NewHook and Replay.
type Option interface {
	apply(config) config
}

type optionFunc func(config) config

func (f optionFunc) apply(c config) config { return f(c) }

// newConfig applies opts over the defaults: time.Local, no reject callback
// and time.Now as the clock.
func newConfig(opts ...Option) config {
	var c config
	for _, o := range opts {
		if o != nil {
			c = o.apply(c)
		}
	}
	if c.location == nil {
		c.location = time.Local
	}
	if c.now == nil {
		c.now = time.Now
	}
	return c
}

// WithLocation sets the time zone Replay reads the log's time column in: the
// zone of the process that wrote it (boto and exporter.New write local
// time). A nil location is ignored; the default is time.Local. NewHook
// ignores it.
func WithLocation(loc *time.Location) Option {
	return optionFunc(func(c config) config {
		if loc != nil {
			c.location = loc
		}
		return c
	})
}

// WithRejectFunc makes Replay call f, on Replay's goroutine, for every line
// it rejects, with the line number and why. A nil f is ignored; by default
// rejected lines are only counted in Stats.Rejected. NewHook ignores it.
func WithRejectFunc(f func(*LineError)) Option {
	return optionFunc(func(c config) config {
		if f != nil {
			c.onReject = f
		}
		return c
	})
}

// withClock sets the clock NewHook uses for a Call that has neither a start
// nor an end time (tests).
func withClock(now func() time.Time) Option {
	return optionFunc(func(c config) config {
		c.now = now
		return c
	})
}
