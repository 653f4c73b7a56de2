package bridge

import (
	"context"
	"errors"
	"io"

	"go.opentelemetry.io/otel/trace"

	"github.com/requesthook/requesthook/botoline"
)

// Stats counts what Replay did.
type Stats struct {
	Lines    int // lines read, including rejected ones
	Spans    int // spans recorded, one per accepted line
	Rejected int // lines that could not be parsed (see WithRejectFunc)
	Skipped  int // lines parsed but not selected (see WithSelect)
}

// Replay re-emits a request log as spans of tp (otel.GetTracerProvider()
// when nil): it reads r with Read, in the location set by WithLocation
// (time.Local by default), and records each line through NewHook as the
// root span of a trace of its own, with the line's original start and end
// times, so history can be backfilled into a tracing backend. A line that
// cannot be parsed is counted in Stats.Rejected, handed to the WithRejectFunc
// callback, and skipped; reading goes on. With WithSelect, only the lines
// it selects become spans; the others are counted in Stats.Skipped.
//
// Replay returns when r is exhausted (nil error), when reading r fails, or
// when ctx is done (ctx.Err()), with the Stats so far. It does not flush or
// shut down tp: spans may still sit in a batching processor, so call the
// SDK provider's ForceFlush or Shutdown afterwards. With the SDK's
// BatchSpanProcessor, use sdktrace.WithBlocking so that a long log is not
// dropped when the queue fills.
func Replay(ctx context.Context, r io.Reader, tp trace.TracerProvider, opts ...ReplayOption) (Stats, error) {
	cfg := newReplayConfig(opts...)
	h := newHook(tp)
	h.newRoot = true
	var st Stats
	for c, err := range Read(r, cfg.location) {
		if err := ctx.Err(); err != nil {
			return st, err
		}
		st.Lines++
		if err != nil {
			var le *botoline.LineError
			if !errors.As(err, &le) {
				st.Lines--
				return st, err
			}
			st.Rejected++
			if cfg.onReject != nil {
				cfg.onReject(le)
			}
			continue
		}
		if cfg.selectCall != nil && !cfg.selectCall(c) {
			st.Skipped++
			continue
		}
		h.HandleRequestData(ctx, c)
		st.Spans++
	}
	return st, nil
}
