//go:build e2e

package e2e

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/requesthook/requesthook/internal/jaegertest"
)

// stack is a running Jaeger and the requesthook Collector in front of it,
// started with collector/config.yaml.
type stack struct {
	jaeger             *jaegertest.Jaeger
	otlpHTTP, otlpGRPC string // the Collector's, 127.0.0.1:port
	centralLog         string // the requestlog exporter's file
	perAttempt         bool   // the requestlog exporter's per_attempt
	legacyDir          string // followed by the requestlog receiver
}

// startStack builds (or reuses) both binaries and starts them, the
// requestlog exporter writing a line per attempt when perAttempt is set.
func startStack(tb testing.TB, perAttempt bool) *stack {
	tb.Helper()
	jaegerBin := jaegertest.Binary(tb)
	collectorBin := jaegertest.Build(tb, "collector/build.sh", "REQUESTHOOK_COLLECTOR_BIN")

	jaeger := jaegertest.Start(tb, jaegerBin)
	ports := jaegertest.FreePorts(tb, 3)
	dir := tb.TempDir()
	s := &stack{
		jaeger:   jaeger,
		otlpGRPC: ports[0], otlpHTTP: ports[1],
		centralLog: filepath.Join(dir, "central", "request_log.csv"),
		legacyDir:  filepath.Join(dir, "legacy"),
		perAttempt: perAttempt,
	}
	for _, d := range []string{filepath.Dir(s.centralLog), s.legacyDir} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			tb.Fatal(err)
		}
	}

	_, metricsPort, _ := strings.Cut(ports[2], ":")
	cfgPath, err := filepath.Abs(filepath.Join("..", "config.yaml"))
	if err != nil {
		tb.Fatal(err)
	}
	_, err = jaegertest.StartProcess(tb, jaegertest.Command{
		Name: "collector",
		Path: collectorBin,
		Args: []string{"--config", "file:" + cfgPath},
		Env: []string{
			"TZ=UTC",
			"REQUESTHOOK_STATE_DIR=" + filepath.Join(dir, "state"),
			"REQUESTHOOK_OTLP_GRPC=" + s.otlpGRPC,
			"REQUESTHOOK_OTLP_HTTP=" + s.otlpHTTP,
			"REQUESTHOOK_LEGACY_GLOB=" + filepath.Join(s.legacyDir, "*.csv"),
			"REQUESTHOOK_LOG=" + s.centralLog,
			"REQUESTHOOK_JAEGER_OTLP=" + s.jaeger.OTLPGRPC,
			"REQUESTHOOK_METRICS_PORT=" + metricsPort,
			"REQUESTHOOK_PER_ATTEMPT=" + strconv.FormatBool(perAttempt),
		},
		Listen:   []string{s.otlpGRPC, s.otlpHTTP},
		ReadyLog: "Everything is ready.",
	})
	if err != nil {
		tb.Fatal(err)
	}
	return s
}
