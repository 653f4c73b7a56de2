package main

import (
	"io"
	"strconv"
	"strings"
	"time"
)

// progress draws a progress bar on a terminal until stopped.
type progress struct {
	done chan struct{}
	fin  chan struct{}
}

// startProgress redraws the bar for r every 100ms on w.
func startProgress(w io.Writer, name string, size int64, r *countingReader) *progress {
	p := &progress{done: make(chan struct{}), fin: make(chan struct{})}
	start := time.Now()
	go func() {
		defer close(p.fin)
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-p.done:
				io.WriteString(w, "\r"+progressLine(name, r.bytes.Load(), size, r.lines.Load(), time.Since(start))+"\n")
				return
			case <-t.C:
				io.WriteString(w, "\r"+progressLine(name, r.bytes.Load(), size, r.lines.Load(), time.Since(start)))
			}
		}
	}()
	return p
}

func (p *progress) stop() {
	close(p.done)
	<-p.fin
}

// progressLine renders "name [=====>    ]  45%  450000 lines  90000 lines/s";
// without a known size (stdin), just the counts.
func progressLine(name string, done, size, lines int64, elapsed time.Duration) string {
	const width = 30
	var b strings.Builder
	b.WriteString(name)
	b.WriteByte(' ')
	if size > 0 {
		frac := min(float64(done)/float64(size), 1)
		filled := int(frac * width)
		b.WriteByte('[')
		b.WriteString(strings.Repeat("=", filled))
		if filled < width {
			b.WriteByte('>')
			b.WriteString(strings.Repeat(" ", width-filled-1))
		}
		b.WriteString("] ")
		pct := strconv.Itoa(int(frac * 100))
		b.WriteString(strings.Repeat(" ", 3-len(pct)))
		b.WriteString(pct)
		b.WriteString("%  ")
	}
	b.WriteString(strconv.FormatInt(lines, 10))
	b.WriteString(" lines")
	if s := elapsed.Seconds(); s > 0 {
		b.WriteString("  ")
		b.WriteString(strconv.FormatInt(int64(float64(lines)/s), 10))
		b.WriteString(" lines/s")
	}
	b.WriteString("\x1b[K") // clear to the end of the line
	return b.String()
}
