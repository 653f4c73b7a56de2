//go:build e2e

package e2e

import (
	"bytes"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/requesthook/requesthook/internal/jaegertest"
)

// repoRoot is the root of the clone, relative to this package.
const repoRoot = "../.."

// post posts body to url and fails unless the answer is 2xx.
func post(tb testing.TB, url, contentType string, body []byte) {
	tb.Helper()
	resp, err := jaegertest.Client.Post(url, contentType, bytes.NewReader(body))
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode/100 != 2 {
		tb.Fatalf("POST %s: %s: %s", url, resp.Status, b)
	}
}

// waitFor polls cond every 100ms until it is true or timeout passes.
func waitFor(timeout time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(100 * time.Millisecond)
	}
	return true
}

// readLines returns the lines of the file at path ("" lines for none).
func readLines(path string) []string {
	b, err := os.ReadFile(path)
	if err != nil || len(b) == 0 {
		return nil
	}
	return strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
}
