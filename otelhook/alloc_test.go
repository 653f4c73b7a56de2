//go:build !race

package otelhook

import (
	"net/http"
	"strings"
	"testing"
)

// TestDetectionAllocs pins the per-request checks of the detection at zero
// allocations: the query Action, the amz-sdk-request header, the secret
// check behind url.full, with and without added names, and the length check
// markMismatch makes above otelhttp.
func TestDetectionAllocs(t *testing.T) {
	const q = "Action=DescribeVolumes&Version=2016-11-15&VolumeId.1=vol-049df61146c4d7901&MaxResults=100"
	get, _ := http.NewRequest(http.MethodGet, "http://ec2.us-west-2.amazonaws.com/?"+q, nil)
	post, _ := http.NewRequest(http.MethodPost, "http://ec2.us-west-2.amazonaws.com/", strings.NewReader(q))
	post.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	extra := newConfig(WithRedactedParams("session")).redactedParams
	tests := []struct {
		name string
		f    func()
	}{
		{"formValue", func() {
			if op, ok := formValue(q, "Action"); !ok || op != "DescribeVolumes" {
				t.Fatal(op, ok)
			}
		}},
		{"attempt", func() {
			if n := attempt("attempt=2; max=3"); n != 2 {
				t.Fatal(n)
			}
		}},
		{"credentialScope", func() { credentialScope(get) }},
		{"call", func() {
			var d detection
			d.call(get, nil)
			d.call(get, extra)
		}},
		{"markMismatch", func() {
			if markMismatch(post) != post {
				t.Fatal("an exact in-memory body was marked")
			}
		}},
	}
	for _, tt := range tests {
		if n := testing.AllocsPerRun(1000, tt.f); n != 0 {
			t.Errorf("%s: %v allocs/op, want 0", tt.name, n)
		}
	}
}
