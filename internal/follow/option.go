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
	head      []byte
	place     func(FileID) (int64, bool)
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

// WithHead adds to WithOffset the first bytes of the file the offset is in
// (the Head of the Event it comes from): reading resumes at the offset only
// when the file at the path still starts with them, so that a new file that
// got the identity of a deleted one (a reused inode) is read from its
// beginning. An empty head checks nothing.
func WithHead(head []byte) Option {
	return optionFunc(func(c config) config {
		c.head = append([]byte(nil), head...)
		return c
	})
}

// WithPlace sets where reading starts in each file that replaces the one
// being read at the path (not in the file Open opens, which the other
// options place): fn is given the new file's identity and returns an offset
// and true to start there (a negative offset: after its last complete line,
// as End; an offset past its end: its beginning), or false to start at its
// beginning, the default. A caller that follows several paths onto which
// the same files are renamed (request_log.csv and request_log.csv.1) uses it
// to skip what it read of a file at another path. fn is called from Run's
// goroutine.
func WithPlace(fn func(id FileID) (offset int64, ok bool)) Option {
	return optionFunc(func(c config) config {
		c.place = fn
		return c
	})
}
