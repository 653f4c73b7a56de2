package golden

import (
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/requesthook/requesthook/botoline"
)

//go:embed boto-lines.json
var data []byte

// Case is one finished call and the exact line boto wrote for it.
type Case struct {
	// Start and End are request.start_time and the datetime.now() of the
	// hook, boto's naive local times read as UTC.
	Start, End time.Time
	// Status is response.status.
	Status int
	// ContentLength is the Content-Length header, nil when there was none.
	ContentLength *string
	// Operation is request.params['Action'].
	Operation string
	// Error is the hook's error argument (True once retries were exhausted).
	Error bool
	// Line is what boto's worker thread wrote, newline included.
	Line string
}

// Record returns the line's five fields as boto computed them: the
// Content-Length as the size (-1, None, when there was none) and 0 when boto
// was called with error=True.
func (c Case) Record() botoline.Record {
	r := botoline.Record{Start: c.Start, End: c.End, Status: c.Status, Size: -1, Operation: c.Operation}
	if c.ContentLength != nil {
		if n, err := strconv.ParseInt(*c.ContentLength, 10, 64); err == nil {
			r.Size = n
		}
	}
	if c.Error {
		r.Size = 0
	}
	return r
}

// Cases returns every golden case, in the file's order.
func Cases() ([]Case, error) {
	var raw []struct {
		Start         string  `json:"start"`
		End           string  `json:"end"`
		Status        int     `json:"status"`
		ContentLength *string `json:"content_length"`
		Operation     string  `json:"operation"`
		Error         bool    `json:"error"`
		Line          string  `json:"line"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("golden: %w", err)
	}
	if len(raw) == 0 {
		return nil, errors.New("golden: no cases")
	}
	const layout = "2006-01-02T15:04:05.999999"
	cases := make([]Case, len(raw))
	for i, r := range raw {
		start, err1 := time.ParseInLocation(layout, r.Start, time.UTC)
		end, err2 := time.ParseInLocation(layout, r.End, time.UTC)
		if err := errors.Join(err1, err2); err != nil {
			return nil, fmt.Errorf("golden: case %d: %w", i, err)
		}
		if r.ContentLength != nil {
			if _, err := strconv.ParseInt(*r.ContentLength, 10, 64); err != nil {
				return nil, fmt.Errorf("golden: case %d: content_length: %w", i, err)
			}
		}
		cases[i] = Case{Start: start, End: end, Status: r.Status, ContentLength: r.ContentLength,
			Operation: r.Operation, Error: r.Error, Line: r.Line}
	}
	return cases, nil
}

// Load returns Cases, failing t when they cannot be read.
func Load(t testing.TB) []Case {
	t.Helper()
	cases, err := Cases()
	if err != nil {
		t.Fatal(err)
	}
	return cases
}
