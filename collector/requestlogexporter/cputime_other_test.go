//go:build !linux

package requestlogexporter

import "testing"

// reportCPU reports nothing where the thread's CPU time is not known.
func reportCPU(*testing.B, int) {}
