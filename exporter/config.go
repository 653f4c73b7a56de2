package exporter

import (
	"io/fs"
	"time"

	"github.com/requesthook/requesthook/apicall"
)

// Defaults of the Exporter's options.
const (
	// DefaultFileMode is the permission bits Open creates a missing file with.
	DefaultFileMode fs.FileMode = 0o644
	// DefaultMaxBackups is how many rotated files Open keeps when rotation is
	// enabled with WithMaxSize.
	DefaultMaxBackups = 1
)

// config holds an Exporter's settings; newConfig fills in the defaults.
type config struct {
	loc        *time.Location
	fileMode   fs.FileMode
	maxSize    int64
	maxBackups int
	per        apicall.Granularity
}

// Option configures an Exporter made by New or Open.
type Option interface {
	apply(config) config
}

type optionFunc func(config) config

func (f optionFunc) apply(c config) config { return f(c) }

// newConfig applies opts over the defaults: time.Local (read when the
// Exporter is made), DefaultFileMode, no rotation, DefaultMaxBackups and one
// line per logical call.
func newConfig(opts ...Option) config {
	c := config{fileMode: DefaultFileMode, maxBackups: DefaultMaxBackups}
	for _, o := range opts {
		if o != nil {
			c = o.apply(c)
		}
	}
	if c.loc == nil {
		c.loc = time.Local
	}
	return c
}

// WithLocation sets the time zone of the time column. The default is
// time.Local, which is what boto's datetime.now() printed; a nil location is
// ignored.
func WithLocation(loc *time.Location) Option {
	return optionFunc(func(c config) config {
		if loc != nil {
			c.loc = loc
		}
		return c
	})
}

// WithFileMode sets the permission bits Open creates a missing file (and the
// files rotation creates) with, before the process umask. The default is
// DefaultFileMode (0644). It has no effect on an Exporter made by New.
func WithFileMode(mode fs.FileMode) Option {
	return optionFunc(func(c config) config {
		c.fileMode = mode.Perm()
		return c
	})
}

// WithMaxSize enables size-based rotation for an Exporter made by Open: a
// batch that would grow the file beyond bytes first fills the file with the
// whole lines that fit, then the file is renamed to path.1 (path.1 to path.2
// and so on, up to WithMaxBackups) and the rest of the batch goes to a new
// file. A single line longer than bytes gets a file of its own. The default, 0
// (or any value below 1), never rotates. It has no effect on New.
func WithMaxSize(bytes int64) Option {
	return optionFunc(func(c config) config {
		c.maxSize = max(bytes, 0)
		return c
	})
}

// WithMaxBackups sets how many rotated files (path.1 … path.n, path.1 the
// newest) rotation keeps; the oldest is removed when a rotation would make one
// more. The default is DefaultMaxBackups (1); values below 1 are treated as 1,
// so rotation never deletes the lines it has just rotated away. It has no
// effect without WithMaxSize.
func WithMaxBackups(n int) Option {
	return optionFunc(func(c config) config {
		c.maxBackups = max(n, 1)
		return c
	})
}

// WithPerAttempt writes one line per HTTP attempt, as the Exporter did before
// calls had spans of their own: a call the SDK retried gets a line for each
// attempt, and the call spans of InstrumentConfig get none. The default is
// one line per logical call, as boto's RequestLogger wrote it: the call spans
// (requesthook.role "call") and the spans without a role (the Transport
// alone, the bridge) get a line, the attempt spans under a call none. The
// choice is apicall.Call.Reported's.
func WithPerAttempt() Option {
	return optionFunc(func(c config) config {
		c.per = apicall.PerAttempt
		return c
	})
}
