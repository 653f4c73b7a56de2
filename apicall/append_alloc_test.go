//go:build !race

package apicall

import (
	"slices"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
)

// TestAppendAttributesRPC checks that a given rpc.method writes what
// AppendAttributes writes, without allocating.
func TestAppendAttributesRPC(t *testing.T) {
	c := Call{Role: RoleCall, RPCSystem: SystemAWS, Service: "EC2", Operation: "DescribeVolumes",
		Region: "us-west-2", StatusCode: 200, Size: 221, RequestID: "req-1", Attempts: 2,
		AttemptStart: time.Unix(1, 0)}
	want := c.AppendAttributes(nil)
	rpc := RPCMethod(c.Service, c.Operation)
	buf := make([]attribute.KeyValue, 0, 32)
	if got := c.AppendAttributesRPC(buf, rpc); !slices.Equal(got, want) {
		t.Errorf("AppendAttributesRPC = %v, want %v", got, want)
	}
	if n := testing.AllocsPerRun(100, func() { c.AppendAttributesRPC(buf[:0], rpc) }); n != 0 {
		t.Errorf("AppendAttributesRPC: %v allocs, want 0", n)
	}
}
