//go:build !race

package query_test

import (
	"testing"

	"github.com/requesthook/requesthook/internal/query"
)

// TestAllocs pins walking, looking up and unescaping unencoded text at zero
// allocations, for strings and for bodies.
func TestAllocs(t *testing.T) {
	const q = "Action=DescribeVolumes&Version=2016-11-15&VolumeId.1=vol-049df61146c4d7901&MaxResults=100"
	b := []byte(q)
	tests := []struct {
		name string
		f    func()
	}{
		{"All", func() {
			for name, value := range query.All(q) {
				if name == "" && value == "x" {
					t.Fatal("unexpected")
				}
			}
		}},
		{"All bytes", func() {
			for name := range query.All(b) {
				if len(name) == 0 {
					t.Fatal("unexpected")
				}
			}
		}},
		{"Get", func() {
			if v, ok := query.Get(q, "MaxResults"); !ok || v != "100" {
				t.Fatal(v, ok)
			}
		}},
		{"Get bytes", func() {
			if v, ok := query.Get(b, "Action"); !ok || string(v) != "DescribeVolumes" {
				t.Fatal(v, ok)
			}
		}},
		{"Unescape", func() {
			if v, err := query.Unescape(b[:6]); err != nil || string(v) != "Action" {
				t.Fatal(v, err)
			}
		}},
		{"Split", func() {
			for name := range query.Split("attempt=2; max=3", ';') {
				if name == "" {
					t.Fatal("unexpected")
				}
			}
		}},
	}
	for _, tt := range tests {
		if n := testing.AllocsPerRun(1000, tt.f); n != 0 {
			t.Errorf("%s: %v allocs/op, want 0", tt.name, n)
		}
	}
}
