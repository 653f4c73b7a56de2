package pyrun

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// Run runs a Python 3 script with stdin as its input and returns its
// standard output. args follow the script in sys.argv. It skips the test when
// python3 is not installed, except in CI (CI set), whose .ci/run installs it.
func Run(t testing.TB, script string, stdin []byte, args ...string) []byte {
	t.Helper()
	py, err := exec.LookPath("python3")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("python3 not found, and CI must check the lines with Python's csv module:", err)
		}
		t.Skip("python3 not found:", err)
	}
	cmd := exec.CommandContext(t.Context(), py, append([]string{"-c", script}, args...)...)
	cmd.Stdin = bytes.NewReader(stdin)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python3: %v\n%s", err, stderr.String())
	}
	return out
}
