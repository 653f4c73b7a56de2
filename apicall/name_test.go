package apicall_test

import (
	"testing"

	"github.com/requesthook/requesthook/apicall"
)

func TestSpanName(t *testing.T) {
	tests := []struct{ service, op, method, want string }{
		{"EC2", "DescribeVolumes", "POST", "EC2.DescribeVolumes"},
		{"", "DescribeVolumes", "GET", "DescribeVolumes"},
		{"EC2", "", "POST", "HTTP POST"},
		{"", "", "GET", "HTTP GET"},
		{"", "", "", "HTTP"},
	}
	for _, tt := range tests {
		if got := apicall.SpanName(tt.service, tt.op, tt.method); got != tt.want {
			t.Errorf("SpanName(%q, %q, %q) = %q, want %q", tt.service, tt.op, tt.method, got, tt.want)
		}
	}
}

func TestSplitRPCMethod(t *testing.T) {
	tests := []struct{ in, service, op string }{
		{"EC2/DescribeVolumes", "EC2", "DescribeVolumes"},
		{"DescribeVolumes", "", "DescribeVolumes"},
		{"My_API/GET /v1/{id}", "My_API", "GET /v1/{id}"},
	}
	for _, tt := range tests {
		s, op := apicall.SplitRPCMethod(tt.in)
		if s != tt.service || op != tt.op {
			t.Errorf("SplitRPCMethod(%q) = %q, %q; want %q, %q", tt.in, s, op, tt.service, tt.op)
		}
		if back := apicall.RPCMethod(s, op); back != tt.in {
			t.Errorf("RPCMethod(SplitRPCMethod(%q)) = %q", tt.in, back)
		}
	}
}
