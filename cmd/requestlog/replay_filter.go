package main

import (
	"context"
	"io"
	"time"

	"go.opentelemetry.io/otel/trace"

	"github.com/requesthook/requesthook/apicall"
	"github.com/requesthook/requesthook/botoline"
	"github.com/requesthook/requesthook/bridge"
)

// replaySelected replays r to tp with bridge.Replay, keeping only the calls
// cf keeps (bridge.WithSelect) and handing rejected lines to reject.
func replaySelected(ctx context.Context, r io.Reader, tp trace.TracerProvider, loc *time.Location, cf *callFilter, reject func(*botoline.LineError)) (bridge.Stats, error) {
	opts := []bridge.ReplayOption{bridge.WithLocation(loc), bridge.WithRejectFunc(reject)}
	if !cf.all() {
		opts = append(opts, bridge.WithSelect(func(c apicall.Call) bool { return cf.keep(c.End, c.StatusCode, c.Operation) }))
	}
	return bridge.Replay(ctx, r, tp, opts...)
}
