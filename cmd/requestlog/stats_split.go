package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"math"
	"os"

	"github.com/requesthook/requesthook/botoline"
)

// splitMinSize is the size from which stats reads a regular file in two
// halves, one per goroutine: below it, the second goroutine costs more
// than it saves.
const splitMinSize = 4 << 20

// findCut returns the offset just after the first newline at or after
// offset mid-1 of f: the start of a line near mid. It reports false when
// there is none (the second half would be empty) or f cannot be read.
func findCut(f *os.File, mid int64) (int64, bool) {
	buf := make([]byte, 64<<10)
	for off := max(mid-1, 0); ; {
		n, err := f.ReadAt(buf, off)
		if i := bytes.IndexByte(buf[:n], '\n'); i >= 0 {
			return off + int64(i) + 1, true
		}
		if err != nil || n == 0 {
			return 0, false
		}
		off += int64(n)
	}
}

// readHalves adds the calls of in, a regular file, reading the lines before
// cut on this goroutine and those from cut on, to the end of the file, on
// another, into an aggregator of its own that is then merged into a. The
// malformed lines of the second half are reported after those of the first,
// with their line numbers in the file; at most bad's limit of them are kept
// until then, the others only counted.
func (a *aggregator) readHalves(ctx context.Context, in *input, cut int64, bad *malformed) error {
	second := &aggregator{by: a.by, loc: a.loc, filter: a.filter, groups: make(map[groupKey]*group)}
	var (
		rejected []botoline.LineError
		extra    int
		err2     error
		done     = make(chan struct{})
	)
	go func() {
		defer close(done)
		r := io.NewSectionReader(in.file, cut, math.MaxInt64-cut)
		_, err2 = second.readStream(ctx, in.name, r, func(le *botoline.LineError) {
			if bad.limit >= 0 && len(rejected) >= bad.limit {
				extra++
				return
			}
			rejected = append(rejected, *le)
		})
	}()
	lines, err1 := a.readStream(ctx, in.name, io.NewSectionReader(in.file, 0, cut),
		func(le *botoline.LineError) { bad.report(in.name, le) })
	<-done
	for i := range rejected {
		le := &rejected[i]
		le.Line += lines
		bad.report(in.name, le)
	}
	bad.skip(extra)
	a.merge(second)
	return errors.Join(err1, err2)
}

// merge adds the groups and lines of b to a.
func (a *aggregator) merge(b *aggregator) {
	a.lines += b.lines
	for k, gb := range b.groups {
		ga := a.groups[k]
		if ga == nil {
			a.groups[k] = gb
			continue
		}
		ga.merge(gb)
	}
}
