package golden_test

import (
	"strings"
	"testing"

	"github.com/requesthook/requesthook/internal/golden"
)

func TestCases(t *testing.T) {
	cases := golden.Load(t)
	if len(cases) < 50 {
		t.Fatalf("got %d cases, want the whole file", len(cases))
	}
	var sawNone, sawError bool
	for i, c := range cases {
		if !strings.HasSuffix(c.Line, "'\n") || c.End.Before(c.Start) && !strings.Contains(c.Line, "'-") {
			t.Errorf("case %d: line %q, start %v, end %v", i, c.Line, c.Start, c.End)
		}
		rec := c.Record()
		switch {
		case c.Error:
			sawError = true
			if rec.Size != 0 {
				t.Errorf("case %d: error=True but Size %d, want 0", i, rec.Size)
			}
		case c.ContentLength == nil:
			sawNone = true
			if rec.Size != -1 {
				t.Errorf("case %d: no Content-Length but Size %d", i, rec.Size)
			}
		}
	}
	if !sawNone || !sawError {
		t.Errorf("the golden file lacks a None (%v) or an error=True (%v) case", sawNone, sawError)
	}
}
