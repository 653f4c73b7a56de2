package requestlogexporter

import (
	"testing"
	"time"

	"github.com/requesthook/requesthook/collector/internal/configtest"
	"github.com/requesthook/requesthook/collector/requestlogexporter/internal/metadata"
)

// loadConfig reads the configuration named name from testdata/config.yaml
// as the Collector does: the defaults, then the file's keys.
func loadConfig(t *testing.T, name string) (*Config, error) {
	t.Helper()
	cfg := NewFactory().CreateDefaultConfig().(*Config)
	return cfg, configtest.Load(t, metadata.Type, name, cfg)
}

func TestLoadConfig(t *testing.T) {
	cfg, err := loadConfig(t, "")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Path != "/var/log/requesthook/request_log.csv" || cfg.Location != "" || cfg.PerAttempt || cfg.FileMode != "0644" {
		t.Errorf("defaults: got %+v", cfg)
	}
	if !cfg.QueueConfig.HasValue() {
		t.Error("the sending queue is not enabled by default")
	}

	full, err := loadConfig(t, "full")
	if err != nil {
		t.Fatal(err)
	}
	if full.Location != "Europe/Paris" || !full.PerAttempt || full.FileMode != "0640" ||
		full.Rotation != (RotationConfig{MaxMegabytes: 100, MaxBackups: 5}) {
		t.Errorf("full: got %+v", full)
	}
	if full.TimeoutConfig.Timeout != 10*time.Second {
		t.Errorf("timeout = %v, want 10s", full.TimeoutConfig.Timeout)
	}
	if q := full.QueueConfig.Get(); q == nil || q.QueueSize != 5000 {
		t.Errorf("sending_queue = %+v, want queue_size 5000", q)
	}
	if full.RetryConfig.MaxElapsedTime != time.Minute {
		t.Errorf("retry max_elapsed_time = %v, want 1m", full.RetryConfig.MaxElapsedTime)
	}
	if m, _ := full.fileMode(); m != 0o640 {
		t.Errorf("file mode = %o, want 640", m)
	}
}

// TestConfigErrors checks that each mistake stops the Collector with a
// message naming the key.
func TestConfigErrors(t *testing.T) {
	configtest.Errors(t, metadata.Type, NewFactory().CreateDefaultConfig, map[string]string{
		"no_path":     `"path" is required`,
		"bad_zone":    `"location": "Mars/Olympus_Mons" is not an IANA time zone`,
		"bad_mode":    `"file_mode": "rw-r--r--"`,
		"unknown_key": "max_size",
	})
}
