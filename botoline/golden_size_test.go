package botoline_test

import (
	"strconv"
	"testing"

	"github.com/requesthook/requesthook/internal/golden"
)

// wantSize is the Size ParseLine must return for the case.
func wantSize(t testing.TB, g golden.Case) int64 {
	switch {
	case g.Error:
		return 0
	case g.ContentLength == nil:
		return -1
	}
	n, err := strconv.ParseInt(*g.ContentLength, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return n
}
