package exporter

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the run when a test leaves goroutines behind: every
// processor worker and every Shutdown goroutine must end.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
