package configtest

import (
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/confmap"
	"go.opentelemetry.io/collector/confmap/confmaptest"
)

// Load reads the configuration of the component typ/name (typ alone for
// "") from testdata/config.yaml into cfg, which holds the defaults, and
// validates it. It fails the test if the file cannot be read or has no
// such component.
func Load(tb testing.TB, typ component.Type, name string, cfg component.Config) error {
	tb.Helper()
	cm, err := confmaptest.LoadConf(filepath.Join("testdata", "config.yaml"))
	if err != nil {
		tb.Fatal(err)
	}
	sub, err := cm.Sub(component.NewIDWithName(typ, name).String())
	if err != nil {
		tb.Fatal(err)
	}
	if err := sub.Unmarshal(cfg); err != nil {
		return err
	}
	return confmap.Validate(cfg)
}

// Errors checks, in a subtest each (in order of name), that every
// configuration named in wants fails to load into a new default
// configuration with an error containing its want.
func Errors(t *testing.T, typ component.Type, newConfig func() component.Config, wants map[string]string) {
	t.Helper()
	for _, name := range slices.Sorted(maps.Keys(wants)) {
		t.Run(name, func(t *testing.T) {
			err := Load(t, typ, name, newConfig())
			if want := wants[name]; err == nil || !strings.Contains(err.Error(), want) {
				t.Fatalf("error = %v, want one containing %q", err, want)
			}
		})
	}
}
