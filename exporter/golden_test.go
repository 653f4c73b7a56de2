package exporter

import (
	"encoding/json"
	"errors"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/requesthook/requesthook/otelhook"
)

// goldenCase is one entry of testdata/boto-lines.json, a copy of
// ../shared/golden/boto-lines.json: a call and the line boto wrote for it.
type goldenCase struct {
	Start         string  `json:"start"`
	End           string  `json:"end"`
	Status        int     `json:"status"`
	ContentLength *string `json:"content_length"`
	Operation     string  `json:"operation"`
	Error         bool    `json:"error"`
	Line          string  `json:"line"`
}

// loadGolden reads the golden cases.
func loadGolden(t testing.TB) []goldenCase {
	t.Helper()
	data, err := os.ReadFile("testdata/boto-lines.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []goldenCase
	if err := json.Unmarshal(data, &cases); err != nil {
		t.Fatal(err)
	}
	if len(cases) == 0 {
		t.Fatal("no golden cases")
	}
	return cases
}

// call returns the otelhook.Call of a golden case: boto's naive times read as
// UTC, the Content-Length header as the size (-1 when there was none), and an
// error when boto was called with error=True.
func (g goldenCase) call(t testing.TB) otelhook.Call {
	t.Helper()
	const layout = "2006-01-02T15:04:05.999999"
	start, err := time.ParseInLocation(layout, g.Start, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	end, err := time.ParseInLocation(layout, g.End, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	c := otelhook.Call{Start: start, End: end, StatusCode: g.Status, Size: -1, Operation: g.Operation, Attempt: 1}
	if g.ContentLength != nil {
		if c.Size, err = strconv.ParseInt(*g.ContentLength, 10, 64); err != nil {
			t.Fatal(err)
		}
	}
	if g.Error {
		c.Err = errors.New("retries exhausted")
	}
	return c
}

func TestAppendLineGolden(t *testing.T) {
	for i, g := range loadGolden(t) {
		t.Run(strconv.Itoa(i)+"_"+g.Operation, func(t *testing.T) {
			got := string(AppendLine(nil, g.call(t), time.UTC))
			if got != g.Line {
				t.Errorf("AppendLine(%s → %s)\n got %q\nwant %q", g.Start, g.End, got, g.Line)
			}
		})
	}
}
