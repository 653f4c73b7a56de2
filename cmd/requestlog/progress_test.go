package main

import (
	"os"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/requesthook/requesthook/internal/lockedbuf"
)

func TestProgressLine(t *testing.T) {
	tests := []struct {
		done, size, lines int64
		want              string
	}{
		{0, 100, 0, "f.log [>                             ]   0%  0 lines  0 lines/s\x1b[K"},
		{45, 100, 450, "f.log [=============>                ]  45%  450 lines  225 lines/s\x1b[K"},
		{100, 100, 1000, "f.log [==============================] 100%  1000 lines  500 lines/s\x1b[K"},
		{7, -1, 70, "f.log 70 lines  35 lines/s\x1b[K"},
	}
	for _, tt := range tests {
		if got := progressLine("f.log", tt.done, tt.size, tt.lines, 2*time.Second); got != tt.want {
			t.Errorf("progressLine(%d/%d) =\n%q\nwant\n%q", tt.done, tt.size, got, tt.want)
		}
	}
}

func TestProgressDraws(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	r := &countingReader{r: strings.NewReader("a\nb\nc\n")}
	var buf [16]byte
	if n, _ := r.Read(buf[:]); n != 6 || r.lines.Load() != 3 {
		t.Fatalf("read %d bytes, %d lines", n, r.lines.Load())
	}
	var w lockedbuf.Buffer
	p := startProgress(&w, "f.log", 6, r)
	time.Sleep(150 * time.Millisecond)
	p.stop()
	out := w.String()
	if !strings.HasPrefix(out, "\rf.log [==============================] 100%  3 lines") || !strings.HasSuffix(out, "\n") {
		t.Errorf("progress output %q", out)
	}
}

func TestIsTerminal(t *testing.T) {
	f, err := osCreateTemp(t)
	if err != nil {
		t.Fatal(err)
	}
	if isTerminal(f) {
		t.Error("a regular file is not a terminal")
	}
}

func osCreateTemp(t *testing.T) (*os.File, error) {
	f, err := os.CreateTemp(t.TempDir(), "x")
	if err == nil {
		t.Cleanup(func() { f.Close() })
	}
	return f, err
}
