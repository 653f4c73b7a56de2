package requestlogreceiver

import (
	"testing"
	"time"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/component/componenttest"

	"github.com/requesthook/requesthook/collector/internal/configtest"
	"github.com/requesthook/requesthook/collector/requestlogreceiver/internal/metadata"
)

// loadConfig reads the configuration named name from testdata/config.yaml
// as the Collector does: the defaults, then the file's keys.
func loadConfig(t *testing.T, name string) (*Config, error) {
	t.Helper()
	cfg := NewFactory().CreateDefaultConfig().(*Config)
	return cfg, configtest.Load(t, metadata.Type, name, cfg)
}

func TestLoadConfig(t *testing.T) {
	if err := componenttest.CheckConfigStruct(NewFactory().CreateDefaultConfig()); err != nil {
		t.Fatal(err)
	}
	cfg, err := loadConfig(t, "")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.StartAt != "end" || cfg.PollInterval != 200*time.Millisecond || cfg.StorageID != nil || cfg.Location != "" {
		t.Errorf("defaults: got %+v", cfg)
	}
	full, err := loadConfig(t, "full")
	if err != nil {
		t.Fatal(err)
	}
	want := component.MustNewIDWithName("file_storage", "offsets")
	if len(full.Include) != 2 || full.StartAt != "beginning" || full.Location != "America/New_York" ||
		full.PollInterval != time.Second || full.StorageID == nil || *full.StorageID != want {
		t.Errorf("full: got %+v", full)
	}
}

// TestConfigErrors checks that each mistake stops the Collector with a
// message naming the key.
func TestConfigErrors(t *testing.T) {
	configtest.Errors(t, metadata.Type, NewFactory().CreateDefaultConfig, map[string]string{
		"no_include":  `"include" is required`,
		"bad_start":   `"start_at" must be "beginning" or "end", got "middle"`,
		"bad_zone":    `"location": "Nowhere/Special" is not an IANA time zone`,
		"bad_glob":    `"include": "/tmp/[x.csv" is not a valid glob`,
		"unknown_key": "exclude",
	})
}
