package main

import (
	"context"
	"errors"
	"io"
	"time"

	"go.opentelemetry.io/otel/trace"

	"github.com/requesthook/requesthook/botoline"
	"github.com/requesthook/requesthook/bridge"
)

// replaySelected is bridge.Replay for the calls cf keeps: it reads r, sends
// each call cf keeps to tp as a span of its own trace (bridge.NewHook, under
// a context without a span) and counts the lines, the spans and the rejected
// lines, handing these to reject. The calls left out count as lines only.
func replaySelected(ctx context.Context, r io.Reader, tp trace.TracerProvider, loc *time.Location, cf *callFilter, reject func(*botoline.LineError)) (bridge.Stats, error) {
	if cf.all() {
		return bridge.Replay(ctx, r, tp, bridge.WithLocation(loc), bridge.WithRejectFunc(reject))
	}
	h := bridge.NewHook(tp)
	var st bridge.Stats
	for c, err := range bridge.Read(r, loc) {
		if err := ctx.Err(); err != nil {
			return st, err
		}
		if err != nil {
			var le *botoline.LineError
			if !errors.As(err, &le) {
				return st, err
			}
			st.Lines++
			st.Rejected++
			reject(le)
			continue
		}
		st.Lines++
		if !cf.keep(c.End, c.StatusCode, c.Operation) {
			continue
		}
		h.HandleRequestData(ctx, c)
		st.Spans++
	}
	return st, nil
}
