package apicall

import (
	"strings"
	"testing"
)

// TestLookup checks that every key and alias of the fields table finds its
// field, and that other names find none.
func TestLookup(t *testing.T) {
	for i := range fields {
		f := &fields[i]
		for _, name := range append([]string{string(f.key)}, f.aliases...) {
			if got, ok := Lookup(name); !ok || got.f != f {
				t.Errorf("Lookup(%q) = %v, %v, want field %d", name, got.f, ok, f.id)
			}
		}
	}
	for _, name := range []string{"", "rpc.methods", "http.status_cod", "aws.request_iD", "service.name", "x", strings.Repeat("a", 65)} {
		if got, ok := Lookup(name); ok || got.f != nil {
			t.Errorf("Lookup(%q) = field %v, %v, want none", name, got.f, ok)
		}
	}
}
