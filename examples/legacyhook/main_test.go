package main

import (
	"bytes"
	"context"
	"errors"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/requesthook/requesthook/internal/lockedbuf"
	"github.com/requesthook/requesthook/otelhook"
)

func TestRun(t *testing.T) {
	t.Setenv("AWS_ENDPOINT_URL", "")
	var out bytes.Buffer
	if err := run(t.Context(), &out); err != nil {
		t.Fatal(err)
	}
	size := strconv.Itoa(len(describeVolumesXML))
	re := regexp.MustCompile(`^'\d{4}-\d\d-\d\d \d\d:\d\d:\d\d', '200', '[0-9.e-]+', '` + size + `', 'DescribeVolumes'\n` +
		`legacyhook: DescribeVolumes returned 1 volume\(s\); the line above is the RequestLogger's\n$`)
	if !re.MatchString(out.String()) {
		t.Errorf("output:\n%s\nwant it to match %s", out.String(), re)
	}
}

// TestRequestLoggerConcurrent: many goroutines report calls at once; every
// call becomes exactly one whole line, as in boto's queue-and-worker design.
func TestRequestLoggerConcurrent(t *testing.T) {
	var buf lockedbuf.Buffer
	l := NewRequestLogger(&buf)
	const goroutines, calls = 32, 200
	end := time.Date(2014, 2, 26, 21, 38, 27, 0, time.Local)
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			for i := range calls {
				l.HandleRequestData(context.Background(), otelhook.Call{
					Start: end.Add(-791542 * time.Microsecond), End: end,
					StatusCode: 200, Size: int64(g*calls + i), Operation: "DescribeVolumes",
				})
			}
		})
	}
	wg.Wait()
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	l.HandleRequestData(context.Background(), otelhook.Call{End: end, Operation: "AfterClose"})

	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != goroutines*calls {
		t.Fatalf("%d lines, want %d", len(lines), goroutines*calls)
	}
	seen := make([]bool, goroutines*calls)
	re := regexp.MustCompile(`^'2014-02-26 21:38:27', '200', '0.791542', '(\d+)', 'DescribeVolumes'$`)
	for _, line := range lines {
		m := re.FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("line %q is not boto's", line)
		}
		n, _ := strconv.Atoi(m[1])
		if seen[n] {
			t.Fatalf("size %d logged twice", n)
		}
		seen[n] = true
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestRequestLoggerWriteError(t *testing.T) {
	l := NewRequestLogger(failingWriter{})
	l.HandleRequestData(context.Background(), otelhook.Call{End: time.Now(), StatusCode: 200, Operation: "DescribeVolumes"})
	if err := l.Close(); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("Close = %v, want the write error", err)
	}
	if err := l.Close(); err == nil {
		t.Error("a second Close forgot the error")
	}
}
