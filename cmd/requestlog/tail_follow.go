package main

import (
	"context"
	"errors"
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
	handle := func(ev follow.Event) error {
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
	}
	err = fl.Run(ctx, handle)
	if errors.Is(err, context.Canceled) && ctx.Err() != nil {
		// Interrupted: read what was written since the last look, so that
		// the summaries and the totals count every line the file holds.
		err = drain(ctx, fl, handle)
	}
	if eerr := t.end(); err == nil {
		err = eerr
	}
	return err
}

// drainTimeout bounds the last read of an interrupted tail -f.
const drainTimeout = time.Second

// errDrained stops the last read once it has caught up.
var errDrained = errors.New("drained")

// drain reads what fl has not read yet, once, calling handle, and returns
// ctx's error, as the run it ends would have.
func drain(ctx context.Context, fl *follow.Follower, handle func(follow.Event) error) error {
	dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), drainTimeout)
	defer cancel()
	err := fl.Run(dctx, func(ev follow.Event) error {
		if err := handle(ev); err != nil {
			return err
		}
		if ev.Kind == follow.CaughtUp {
			return errDrained
		}
		return nil
	})
	if err != nil && !errors.Is(err, errDrained) && !errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return ctx.Err()
}
