// Package jaegertest runs a real Jaeger v2 for the end-to-end tests (build
// tag e2e) of examples/ec2 and of the Collector distribution: it builds or
// finds the binary (Binary), starts it on free loopback ports with a cut-down
// configuration (Start), reads its query API (Services, Traces,
// WaitForTrace), and starts and stops other servers the same way
// (StartProcess, Build, FreePorts).
//
// Only tests import it. A started process runs in its own process group on
// Linux, which the kernel kills if the test dies (go test's -timeout panic
// skips t.Cleanup); its output goes to a log file that is shown when the
// test fails, or always with E2E_LOGS=1.
package jaegertest
