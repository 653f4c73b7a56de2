package requestlogexporter

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/config/configoptional"
	"go.opentelemetry.io/collector/consumer/consumererror"
	"go.opentelemetry.io/collector/exporter"
	"go.opentelemetry.io/collector/exporter/exporterhelper"
	"go.opentelemetry.io/collector/exporter/exportertest"
	"go.opentelemetry.io/collector/pdata/ptrace"

	"github.com/requesthook/requesthook/apicall"
	"github.com/requesthook/requesthook/collector/internal/fixtures"
	"github.com/requesthook/requesthook/collector/requestlogexporter/internal/metadata"
)

// newTestConfig returns a configuration writing to a new file in UTC,
// without queue or retry, so that ConsumeTraces writes before it returns.
func newTestConfig(t *testing.T) *Config {
	t.Helper()
	cfg := NewFactory().CreateDefaultConfig().(*Config)
	cfg.Path = filepath.Join(t.TempDir(), "request_log.csv")
	cfg.Location = "UTC"
	cfg.QueueConfig = noQueue()
	cfg.RetryConfig.Enabled = false
	return cfg
}

// startExporter creates and starts the exporter for cfg, shutting it down
// when the test ends.
func startExporter(t *testing.T, cfg *Config) exporter.Traces {
	t.Helper()
	exp, err := NewFactory().CreateTraces(context.Background(), exportertest.NewNopSettings(metadata.Type), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := exp.Start(context.Background(), componenttest.NewNopHost()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := exp.Shutdown(context.Background()); err != nil {
			t.Error(err)
		}
	})
	return exp
}

// readLines returns the lines of the file at path without their newlines.
func readLines(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) == 0 {
		return nil
	}
	if b[len(b)-1] != '\n' {
		t.Fatalf("%s does not end with a newline: %q", path, b)
	}
	return strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
}

// TestFixtures exports the spans of each instrumentation and compares the
// file with the exact lines expected, per call and per attempt.
func TestFixtures(t *testing.T) {
	for _, fx := range fixtures.All() {
		for _, perAttempt := range []bool{false, true} {
			name := fx.Name + "/per_call"
			want := fx.PerCall
			if perAttempt {
				name, want = fx.Name+"/per_attempt", fx.PerAttempt
			}
			t.Run(name, func(t *testing.T) {
				cfg := newTestConfig(t)
				cfg.PerAttempt = perAttempt
				exp := startExporter(t, cfg)
				if err := exp.ConsumeTraces(context.Background(), fx.Traces()); err != nil {
					t.Fatal(err)
				}
				fixtures.CompareLines(t, "", readLines(t, cfg.Path), want)
			})
		}
	}
}

// TestRotationByRename checks that a file renamed away between two batches
// (logrotate) is noticed: the next batch goes to a new file at path.
func TestRotationByRename(t *testing.T) {
	cfg := newTestConfig(t)
	exp := startExporter(t, cfg)
	fx := fixtures.All()[1] // otelaws
	if err := exp.ConsumeTraces(context.Background(), fx.Traces()); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(cfg.Path, cfg.Path+".old"); err != nil {
		t.Fatal(err)
	}
	if err := exp.ConsumeTraces(context.Background(), fx.Traces()); err != nil {
		t.Fatal(err)
	}
	fixtures.CompareLines(t, "", readLines(t, cfg.Path+".old"), fx.PerCall)
	fixtures.CompareLines(t, "", readLines(t, cfg.Path), fx.PerCall)
}

// TestSizeRotation checks the rotation settings reach the file writer.
func TestSizeRotation(t *testing.T) {
	cfg := newTestConfig(t)
	cfg.Rotation = RotationConfig{MaxMegabytes: 1, MaxBackups: 2}
	exp := startExporter(t, cfg)
	td := ptrace.NewTraces()
	for range 10000 { // 2 lines of about 60 bytes each time: 1.2 MB in all
		fixtures.All()[1].Traces().ResourceSpans().MoveAndAppendTo(td.ResourceSpans())
	}
	if err := exp.ConsumeTraces(context.Background(), td); err != nil {
		t.Fatal(err)
	}
	n := len(readLines(t, cfg.Path)) + len(readLines(t, cfg.Path+".1"))
	if n != 20000 {
		t.Errorf("%d lines in the file and its backup, want 20000", n)
	}
	if fi, err := os.Stat(cfg.Path + ".1"); err != nil || fi.Size() > 1<<20 {
		t.Errorf("backup: %v, %v", fi, err)
	}
}

// TestShutdownFlushes checks that the lines of a queued batch are in the
// file once Shutdown returns.
func TestShutdownFlushes(t *testing.T) {
	cfg := newTestConfig(t)
	cfg.QueueConfig = NewFactory().CreateDefaultConfig().(*Config).QueueConfig
	exp, err := NewFactory().CreateTraces(context.Background(), exportertest.NewNopSettings(metadata.Type), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := exp.Start(context.Background(), componenttest.NewNopHost()); err != nil {
		t.Fatal(err)
	}
	fx := fixtures.All()[2] // botocore
	if err := exp.ConsumeTraces(context.Background(), fx.Traces()); err != nil {
		t.Fatal(err)
	}
	if err := exp.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	fixtures.CompareLines(t, "", readLines(t, cfg.Path), fx.PerCall)
}

// TestUnwritten checks what a failed write hands back to the retry: the
// call spans whose lines were not written, and nothing else.
func TestUnwritten(t *testing.T) {
	fx := fixtures.All()[0] // requesthook
	for written := range len(fx.PerAttempt) + 1 {
		rest := unwritten(fx.Traces(), written, apicall.PerAttempt)
		b, _ := appendLines(nil, nil, rest, nil, apicall.PerAttempt)
		if got, want := strings.Count(string(b), "\n"), len(fx.PerAttempt)-written; got != want {
			t.Errorf("written %d: %d lines left, want %d", written, got, want)
		}
	}
}

// TestShutdownIsPermanent checks that a push after shutdown is not retried.
func TestShutdownIsPermanent(t *testing.T) {
	cfg := newTestConfig(t)
	e, err := newLogExporter(cfg, exportertest.NewNopSettings(metadata.Type))
	if err != nil {
		t.Fatal(err)
	}
	if err := e.start(context.Background(), componenttest.NewNopHost()); err != nil {
		t.Fatal(err)
	}
	if err := e.shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	err = e.pushTraces(context.Background(), fixtures.All()[1].Traces())
	if !consumererror.IsPermanent(err) {
		t.Errorf("push after shutdown: %v, want a permanent error", err)
	}
	var te consumererror.Traces
	if errors.As(err, &te) {
		t.Errorf("push after shutdown hands spans back for retry: %v", err)
	}
}

// noQueue disables the sending queue.
func noQueue() configoptional.Optional[exporterhelper.QueueBatchConfig] {
	return configoptional.None[exporterhelper.QueueBatchConfig]()
}
