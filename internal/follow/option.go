package follow

import "time"

// DefaultPollInterval is how often a Follower looks at its file when no
// file-system notification woke it first.
const DefaultPollInterval = 250 * time.Millisecond

// Start says where a Follower starts reading the file it is opened on.
type Start int

const (
	// Beginning starts at the first byte of the file; it is the default.
	Beginning Start = iota
	// End starts after the last complete line of the file, so that only
	// lines completed after Open are read.
	End
)

// config holds a Follower's settings; newConfig fills in the defaults.
type config struct {
	start     Start
	resume    bool
	resumeID  FileID
	resumeOff int64
	poll      time.Duration
	notify    bool
}

// Option configures a Follower made by Open.
type Option interface {
	apply(config) config
}

type optionFunc func(config) config

func (f optionFunc) apply(c config) config { return f(c) }

// newConfig applies opts over the defaults: Beginning, DefaultPollInterval
// and notifications on.
func newConfig(opts ...Option) config {
	c := config{start: Beginning, poll: DefaultPollInterval, notify: true}
	for _, o := range opts {
		if o != nil {
			c = o.apply(c)
		}
	}
	return c
}

// WithStart sets where reading starts: Beginning (the default) or End. It is
// overridden by WithOffset.
func WithStart(s Start) Option {
	return optionFunc(func(c config) config {
		c.start = s
		return c
	})
}

// WithOffset resumes where an earlier Follower stopped: at offset in the
// file identified by id, the File and Offset of the last Event that was
// handled. When the file at the path is another one (a zero id matches any
// file) or is shorter than offset (it was truncated), reading starts at its
// beginning instead. A negative offset is taken as 0.
func WithOffset(id FileID, offset int64) Option {
	return optionFunc(func(c config) config {
		c.resume, c.resumeID, c.resumeOff = true, id, max(offset, 0)
		return c
	})
}

// WithPollInterval sets how often the Follower looks at its file when no
// notification woke it; the default is DefaultPollInterval. Without
// notifications, rotations less than d apart can be missed. A d of 0 or
// less is ignored.
func WithPollInterval(d time.Duration) Option {
	return optionFunc(func(c config) config {
		if d > 0 {
			c.poll = d
		}
		return c
	})
}

// WithNotify turns file-system notifications on (the default) or off. Off,
// or where the platform has none, the Follower only polls.
func WithNotify(on bool) Option {
	return optionFunc(func(c config) config {
		c.notify = on
		return c
	})
}
