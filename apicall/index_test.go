package apicall

import "testing"

// TestLookup checks that every key and alias of the fields table finds its
// field, and that other names find none.
func TestLookup(t *testing.T) {
	for i := range fields {
		f := &fields[i]
		for _, name := range append([]string{string(f.key)}, f.aliases...) {
			if got := lookup(name); got != f {
				t.Errorf("lookup(%q) = %v, want field %d", name, got, f.id)
			}
		}
	}
	for _, name := range []string{"", "rpc.methods", "http.status_cod", "aws.request_iD", "service.name"} {
		if got := lookup(name); got != nil {
			t.Errorf("lookup(%q) = field %d, want none", name, got.id)
		}
	}
}
