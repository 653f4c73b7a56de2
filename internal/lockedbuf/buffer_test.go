package lockedbuf

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
)

// TestBufferConcurrent writes from many goroutines while reading; run with
// -race it proves the methods are safe together.
func TestBufferConcurrent(t *testing.T) {
	const goroutines, writes = 8, 100
	var b Buffer
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			for range writes {
				fmt.Fprintf(&b, "%d\n", g)
				_ = b.String()
				_ = b.Len()
				_ = b.Bytes()
			}
		})
	}
	wg.Wait()
	if got, want := strings.Count(b.String(), "\n"), goroutines*writes; got != want {
		t.Errorf("got %d lines, want %d", got, want)
	}
}

func TestBuffer(t *testing.T) {
	var b Buffer
	var _ io.Writer = &b
	for _, tc := range []struct {
		name string
		do   func()
		want string
	}{
		{"empty", func() {}, ""},
		{"Write", func() { b.Write([]byte("ab")) }, "ab"},
		{"WriteString", func() { b.WriteString("cd") }, "abcd"},
		{"Reset", func() { b.Reset() }, ""},
		{"after Reset", func() { b.WriteString("e") }, "e"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.do()
			if got := b.String(); got != tc.want {
				t.Errorf("String() = %q, want %q", got, tc.want)
			}
			if got := string(b.Bytes()); got != tc.want {
				t.Errorf("Bytes() = %q, want %q", got, tc.want)
			}
			if got := b.Len(); got != len(tc.want) {
				t.Errorf("Len() = %d, want %d", got, len(tc.want))
			}
		})
	}
}

// TestBytesIsACopy: the slice Bytes returns does not alias the buffer.
func TestBytesIsACopy(t *testing.T) {
	var b Buffer
	b.WriteString("abc")
	p := b.Bytes()
	p[0] = 'X'
	b.WriteString("d")
	if got, want := b.String(), "abcd"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}
