//go:build !race

package redact_test

import (
	"testing"

	"github.com/requesthook/requesthook/internal/redact"
)

// TestAllocs pins the checks the Transport makes on every request, and the
// redaction of text with nothing secret, at zero allocations.
func TestAllocs(t *testing.T) {
	const q = "Action=DescribeVolumes&Version=2016-11-15&VolumeId.1=vol-049df61146c4d7901&MaxResults=100"
	extra := []string{"session"}
	tests := []struct {
		name string
		f    func()
	}{
		{"HasSecret", func() {
			if redact.HasSecret(q) {
				t.Fatal("secret")
			}
		}},
		{"HasSecret extra", func() {
			if redact.HasSecret(q, extra...) {
				t.Fatal("secret")
			}
		}},
		{"URL without secrets", func() {
			_ = redact.URL("http://ec2.us-west-2.amazonaws.com/?" + q)
		}},
		{"Message without URLs", func() {
			_ = redact.Message("dial tcp 127.0.0.1:1: connect: connection refused")
		}},
	}
	for _, tt := range tests {
		want := 0.0
		if tt.name == "URL without secrets" {
			want = 1 // url.Parse's *url.URL
		}
		if n := testing.AllocsPerRun(1000, tt.f); n != want {
			t.Errorf("%s: %v allocs/op, want %v", tt.name, n, want)
		}
	}
}
