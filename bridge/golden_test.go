package bridge_test

import (
	"encoding/json"
	"os"
	"strconv"
	"testing"
	"time"
)

// goldenCase is one case of testdata/boto-lines.json, a copy of
// shared/golden/boto-lines.json: a call and the line boto's RequestLogger
// wrote for it.
type goldenCase struct {
	Start         string  `json:"start"`
	End           string  `json:"end"`
	Status        int     `json:"status"`
	ContentLength *string `json:"content_length"`
	Operation     string  `json:"operation"`
	Error         bool    `json:"error"`
	Line          string  `json:"line"`
}

func loadGolden(t testing.TB) []goldenCase {
	t.Helper()
	b, err := os.ReadFile("testdata/boto-lines.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []goldenCase
	if err := json.Unmarshal(b, &cases); err != nil {
		t.Fatal(err)
	}
	if len(cases) == 0 {
		t.Fatal("no golden cases")
	}
	return cases
}

// times returns the case's start and end as UTC times.
func (g goldenCase) times(t testing.TB) (start, end time.Time) {
	t.Helper()
	const layout = "2006-01-02T15:04:05.999999"
	start, err := time.ParseInLocation(layout, g.Start, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	end, err = time.ParseInLocation(layout, g.End, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	return start, end
}

// wantSize is the Size ParseLine must return for the case.
func (g goldenCase) wantSize(t testing.TB) int64 {
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
