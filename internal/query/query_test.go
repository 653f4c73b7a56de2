package query_test

import (
	"strings"
	"testing"

	"github.com/requesthook/requesthook/internal/query"
)

func TestAll(t *testing.T) {
	tests := []struct {
		in   string
		want string // name=value pairs as "name|value", joined by " "
	}{
		{"", ""},
		{"a", "a|"},
		{"a=", "a|"},
		{"a=1&b=2", "a|1 b|2"},
		{"a=1&", "a|1"},
		{"&a", "| a|"},
		{"a&&b", "a| | b|"},
		{"a==b&=c", "a|=b |c"},
		{"sig=1;sig=2", "sig|1;sig=2"},
		{"%41ction=Run%20", "%41ction|Run%20"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			var got []string
			for name, value := range query.All(tt.in) {
				got = append(got, name+"|"+value)
			}
			if g := strings.Join(got, " "); g != tt.want {
				t.Errorf("All(%q) = %q, want %q", tt.in, g, tt.want)
			}
			var gotBytes []string
			for name, value := range query.All([]byte(tt.in)) {
				gotBytes = append(gotBytes, string(name)+"|"+string(value))
			}
			if g := strings.Join(gotBytes, " "); g != tt.want {
				t.Errorf("All([]byte(%q)) = %q, want %q", tt.in, g, tt.want)
			}
		})
	}
}

func TestAllStops(t *testing.T) {
	n := 0
	for range query.All("a&b&c") {
		n++
		if n == 2 {
			break
		}
	}
	if n != 2 {
		t.Errorf("loop ran %d times after break at 2", n)
	}
}

func TestSplit(t *testing.T) {
	var got []string
	for name, value := range query.Split("attempt=2; max=3", ';') {
		got = append(got, name+"|"+value)
	}
	if g, want := strings.Join(got, ","), "attempt|2, max|3"; g != want {
		t.Errorf("Split = %q, want %q", g, want)
	}
}

func TestGet(t *testing.T) {
	tests := []struct {
		q, key, want string
		ok           bool
	}{
		{"Action=Run&Version=1", "Action", "Run", true},
		{"Version=1&Action=Run&Action=Stop", "Action", "Run", true},
		{"action=Run", "Action", "", false},
		{"uploads", "uploads", "", true},
		{"uploads=", "uploads", "", true},
		{"uploadsX", "uploads", "", false},
		{"", "a", "", false},
	}
	for _, tt := range tests {
		got, ok := query.Get(tt.q, tt.key)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Get(%q, %q) = %q, %v; want %q, %v", tt.q, tt.key, got, ok, tt.want, tt.ok)
		}
		gotB, okB := query.Get([]byte(tt.q), tt.key)
		if string(gotB) != tt.want || okB != tt.ok {
			t.Errorf("Get([]byte(%q), %q) = %q, %v; want %q, %v", tt.q, tt.key, gotB, okB, tt.want, tt.ok)
		}
		if has := query.Has(tt.q, tt.key); has != tt.ok {
			t.Errorf("Has(%q, %q) = %v, want %v", tt.q, tt.key, has, tt.ok)
		}
	}
}

func TestUnescape(t *testing.T) {
	tests := []struct {
		in, want string
		err      bool
	}{
		{"Run", "Run", false},
		{"Describe%56olumes", "DescribeVolumes", false},
		{"a+b", "a b", false},
		{"%zz", "", true},
		{"", "", false},
	}
	for _, tt := range tests {
		got, err := query.Unescape(tt.in)
		if got != tt.want || (err != nil) != tt.err {
			t.Errorf("Unescape(%q) = %q, %v; want %q, error %v", tt.in, got, err, tt.want, tt.err)
		}
		gotB, errB := query.Unescape([]byte(tt.in))
		if string(gotB) != tt.want || (errB != nil) != tt.err {
			t.Errorf("Unescape([]byte(%q)) = %q, %v; want %q, error %v", tt.in, gotB, errB, tt.want, tt.err)
		}
	}
}
