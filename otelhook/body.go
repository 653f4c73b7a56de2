package otelhook

import (
	"context"
	"io"
	"sync/atomic"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"

	"github.com/requesthook/requesthook/apicall"
)

// eofCounter wraps a response body of unknown length below otelhttp. It counts
// the bytes read and records http.response.body.size when the body reaches
// EOF, before otelhttp's wrapper above it ends the span.
type eofCounter struct {
	body io.ReadCloser
	span trace.Span
	st   *callState // the call the request is an attempt of, or nil
	n    atomic.Int64

	metrics *callMetrics    // records the size at EOF
	ctx     context.Context // the attempt's, for the exemplar
	sizeKey sizeKey
	done    atomic.Bool
}

func (b *eofCounter) Read(p []byte) (int, error) {
	n, err := b.body.Read(p)
	total := b.n.Add(int64(n))
	if err == io.EOF && b.done.CompareAndSwap(false, true) {
		setLateAttributes(b.span, apicall.Call{Size: total})
		if b.st != nil {
			b.st.setSize(total)
		}
		b.metrics.recordSize(b.ctx, b.sizeKey, total)
	}
	return n, err
}

func (b *eofCounter) Close() error { return b.body.Close() }

// closeCounter wraps otelhttp's response body above otelhttp. When the body is
// closed before EOF it records the bytes read so far as
// http.response.body.size; otelhttp ends the span inside the Close it wraps,
// so the attribute lands first. After EOF the span has ended and the
// attribute it would set is ignored.
type closeCounter struct {
	body io.ReadCloser
	span trace.Span
	n    atomic.Int64
	eof  atomic.Bool
}

func (b *closeCounter) Read(p []byte) (int, error) {
	n, err := b.body.Read(p)
	b.n.Add(int64(n))
	if err == io.EOF {
		b.eof.Store(true)
	}
	return n, err
}

func (b *closeCounter) Close() error {
	if !b.eof.Load() {
		setLateAttributes(b.span, apicall.Call{Size: b.n.Load()})
	}
	return b.body.Close()
}

// setLateAttributes sets on span the attributes the one mapping writes for c
// (apicall.Call.AppendAttributes): for what is learned after the stage has
// returned, such as the size at EOF or the error code read from the body. c
// holds only those facts (Size -1 when the size is not among them).
func setLateAttributes(span trace.Span, c apicall.Call) {
	var buf [2]attribute.KeyValue
	span.SetAttributes(c.AppendAttributes(buf[:0])...)
}
