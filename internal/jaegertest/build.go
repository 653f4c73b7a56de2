package jaegertest

import (
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// jaegerScript builds Jaeger once and prints the binary's path.
const jaegerScript = "internal/tools/jaeger/build.sh"

// rootModule is the module path of the repository's root go.mod.
const rootModule = "github.com/requesthook/requesthook"

// Binary returns $REQUESTHOOK_JAEGER_BIN or the Jaeger v2 binary that
// internal/tools/jaeger/build.sh builds (or finds in its cache).
func Binary(tb testing.TB) string {
	tb.Helper()
	return Build(tb, jaegerScript, "REQUESTHOOK_JAEGER_BIN")
}

// Build returns the file named by the environment variable envOverride if
// it is set, and otherwise runs the shell script at script (relative to the
// repository's root, where it runs) and returns the path it prints as the
// last line of its standard output. The script's progress goes to tb.Log.
func Build(tb testing.TB, script, envOverride string) string {
	tb.Helper()
	if bin := os.Getenv(envOverride); bin != "" {
		if _, err := os.Stat(bin); err != nil {
			tb.Fatalf("%s: %v", envOverride, err)
		}
		return bin
	}
	ctx, cancel := context.WithTimeout(context.Background(), 25*time.Minute)
	defer cancel()
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, "sh", script)
	cmd.Dir = RepoRoot(tb)
	cmd.Stdout = &stdout
	cmd.Stderr = io.MultiWriter(&stderr, logWriter{tb})
	start := time.Now()
	if err := cmd.Run(); err != nil {
		tb.Fatalf("sh %s: %v\n%s\n"+
			"The end-to-end tests need the Go toolchain and, on first use, the module proxy "+
			"to build their binaries, or set %s to a binary you have.", script, err, stderr.String(), envOverride)
	}
	out := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	bin := out[len(out)-1]
	if _, err := os.Stat(bin); err != nil {
		tb.Fatalf("sh %s printed %q, which is not a file: %v", script, bin, err)
	}
	tb.Logf("%s: %s (ready in %s)", script, bin, time.Since(start).Round(time.Millisecond))
	return bin
}

// RepoRoot returns the root of the clone: the nearest folder above the
// working directory whose go.mod is the module github.com/requesthook/requesthook.
func RepoRoot(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && modulePath(b) == rootModule {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Fatalf("no go.mod of %s above the working directory", rootModule)
		}
		dir = parent
	}
}

// modulePath returns the path of the module directive of a go.mod file.
func modulePath(gomod []byte) string {
	for _, l := range strings.Split(string(gomod), "\n") {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(l), "module "); ok {
			return strings.Trim(strings.TrimSpace(rest), `"`)
		}
	}
	return ""
}

// logWriter passes a script's progress to tb.Log.
type logWriter struct{ tb testing.TB }

func (w logWriter) Write(p []byte) (int, error) {
	w.tb.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}
