package requestlogreceiver

import (
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"go.opentelemetry.io/collector/component"

	"github.com/requesthook/requesthook/collector/internal/location"
)

// Config is the configuration of the requestlog receiver.
type Config struct {
	// Include lists the globs of the files to follow; at least one.
	Include []string `mapstructure:"include"`
	// StartAt is where reading of the files found at the first start
	// begins when storage holds no offsets: "end" (the default) or
	// "beginning". Files found later are always read from their beginning.
	StartAt string `mapstructure:"start_at"`
	// Location is the IANA time zone the time column is read in; empty
	// means local time, as boto wrote it.
	Location string `mapstructure:"location"`
	// PollInterval is how often the include globs are matched again for
	// new files, and how often each file is checked for new lines when no
	// file-system notification (inotify, kqueue) came first.
	PollInterval time.Duration `mapstructure:"poll_interval"`
	// StorageID names a storage extension (file_storage) that keeps the
	// offsets across restarts; without one, a restart starts over with
	// StartAt.
	StorageID *component.ID `mapstructure:"storage"`

	// prevent unkeyed literal initialization
	_ struct{}
}

var _ component.Config = (*Config)(nil)

// Validate checks the configuration; the Collector calls it before start.
func (c *Config) Validate() error {
	var errs []error
	if len(c.Include) == 0 {
		errs = append(errs, errors.New(`"include" is required: the globs of the request-log files to follow`))
	}
	for _, g := range c.Include {
		if _, err := filepath.Match(g, ""); err != nil {
			errs = append(errs, fmt.Errorf(`"include": %q is not a valid glob: %w`, g, err))
		}
	}
	switch c.StartAt {
	case "beginning", "end":
	default:
		errs = append(errs, fmt.Errorf(`"start_at" must be "beginning" or "end", got %q`, c.StartAt))
	}
	if _, err := c.location(); err != nil {
		errs = append(errs, err)
	}
	if c.PollInterval <= 0 {
		errs = append(errs, fmt.Errorf(`"poll_interval" must be positive, got %v`, c.PollInterval))
	}
	return errors.Join(errs...)
}

// location returns the zone of the time column: Location, or time.Local.
func (c *Config) location() (*time.Location, error) {
	return location.Load(c.Location)
}
