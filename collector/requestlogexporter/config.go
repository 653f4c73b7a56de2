package requestlogexporter

import (
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"time"

	"go.opentelemetry.io/collector/component"

	"github.com/requesthook/requesthook/collector/internal/location"
	"go.opentelemetry.io/collector/config/configoptional"
	"go.opentelemetry.io/collector/config/configretry"
	"go.opentelemetry.io/collector/exporter/exporterhelper"

	"github.com/requesthook/requesthook/apicall"
)

// Config is the configuration of the requestlog exporter.
type Config struct {
	// Path is the file the lines are appended to; it is required.
	Path string `mapstructure:"path"`
	// Location is the IANA time zone of the time column ("UTC",
	// "Europe/Paris"); empty means the Collector's local time, as boto wrote.
	Location string `mapstructure:"location"`
	// PerAttempt writes a line per HTTP attempt instead of one per logical
	// call.
	PerAttempt bool `mapstructure:"per_attempt"`
	// Rotation enables size-based rotation.
	Rotation RotationConfig `mapstructure:"rotation"`
	// FileMode is the permission of a file the exporter creates, in octal
	// ("0644"; quote it in YAML).
	FileMode string `mapstructure:"file_mode"`

	TimeoutConfig exporterhelper.TimeoutConfig                             `mapstructure:",squash"`
	QueueConfig   configoptional.Optional[exporterhelper.QueueBatchConfig] `mapstructure:"sending_queue"`
	RetryConfig   configretry.BackOffConfig                                `mapstructure:"retry_on_failure"`

	// prevent unkeyed literal initialization
	_ struct{}
}

// RotationConfig is the size-based rotation of the file: when a batch would
// grow it past MaxMegabytes, it is renamed to path.1 (path.1 to path.2, and
// so on up to MaxBackups) and a new file is started.
type RotationConfig struct {
	// MaxMegabytes is the largest size of the file in MiB; 0 never rotates.
	MaxMegabytes int `mapstructure:"max_megabytes"`
	// MaxBackups is how many rotated files are kept; 0 keeps one.
	MaxBackups int `mapstructure:"max_backups"`
}

var _ component.Config = (*Config)(nil)

// Validate checks the configuration; the Collector calls it before start.
func (c *Config) Validate() error {
	var errs []error
	if c.Path == "" {
		errs = append(errs, errors.New(`"path" is required: the file the request-log lines are appended to`))
	}
	if _, err := c.location(); err != nil {
		errs = append(errs, err)
	}
	if _, err := c.fileMode(); err != nil {
		errs = append(errs, err)
	}
	if c.Rotation.MaxMegabytes < 0 {
		errs = append(errs, fmt.Errorf(`"rotation::max_megabytes" must not be negative, got %d`, c.Rotation.MaxMegabytes))
	}
	if c.Rotation.MaxBackups < 0 {
		errs = append(errs, fmt.Errorf(`"rotation::max_backups" must not be negative, got %d`, c.Rotation.MaxBackups))
	}
	return errors.Join(errs...)
}

// location returns the zone of the time column: Location, or time.Local.
func (c *Config) location() (*time.Location, error) {
	return location.Load(c.Location)
}

// fileMode returns the permission bits of FileMode.
func (c *Config) fileMode() (fs.FileMode, error) {
	if c.FileMode == "" {
		return 0o644, nil
	}
	m, err := strconv.ParseUint(c.FileMode, 8, 32)
	if err != nil || m > 0o777 {
		return 0, fmt.Errorf(`"file_mode": %q is not an octal permission such as "0644"`, c.FileMode)
	}
	return fs.FileMode(m), nil
}

// granularity returns the lines the exporter writes: apicall.PerAttempt with
// per_attempt, apicall.PerCall (boto's, the default) without.
func (c *Config) granularity() apicall.Granularity {
	if c.PerAttempt {
		return apicall.PerAttempt
	}
	return apicall.PerCall
}
