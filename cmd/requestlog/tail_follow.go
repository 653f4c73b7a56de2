package main

import (
	"context"
	"fmt"
	"time"

	"github.com/requesthook/requesthook/internal/follow"
)

// follow prints the last n lines of path and then the lines appended to it,
// through rotation and truncation, until ctx is done.
func (t *tailer) follow(ctx context.Context, path string, n int, interval time.Duration) error {
	fl, err := follow.Open(path, follow.WithPollInterval(interval))
	if err != nil {
		return err
	}
	defer fl.Close()
	t.name = path
	keep := &lastLines{n: n}
	started := false // the lines there were at the start are printed
	err = fl.Run(ctx, func(ev follow.Event) error {
		switch ev.Kind {
		case follow.Line, follow.TooLong:
			t.lineNo++
			if !started {
				if t.selected(ev.Line) {
					keep.add(t.lineNo, ev.Line)
				}
				return nil
			}
			t.line(t.lineNo, ev.Line)
			if len(t.out) >= 64<<10 {
				return t.flush()
			}
		case follow.Rotated, follow.Truncated:
			if err := t.flush(); err != nil {
				return err
			}
			t.bad.endFile(t.name)
			t.lineNo = 0
			what := "rotated; following the new file"
			if ev.Kind == follow.Truncated {
				what = "truncated; reading from the start"
			}
			fmt.Fprintf(t.e.stderr, "requestlog tail: %s: %s\n", path, what)
		case follow.CaughtUp:
			if !started {
				started = true
				keep.each(t.line)
			}
			if err := t.flush(); err != nil {
				return err
			}
			if t.minutes != nil {
				t.minutes.tick()
			}
		}
		return nil
	})
	if eerr := t.end(); err == nil {
		err = eerr
	}
	return err
}
