package requestlogreceiver

import (
	"math/rand/v2"
	"time"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.opentelemetry.io/otel/codes"

	"github.com/requesthook/requesthook/apicall"
	"github.com/requesthook/requesthook/botoline"
	"github.com/requesthook/requesthook/bridge"
	"github.com/requesthook/requesthook/collector/internal/pdatacall"
)

// FilePathKey is the span attribute naming the file a line was read from
// (the log.file.path of the semantic conventions).
const FilePathKey = "log.file.path"

// ServiceName is the service.name of the resource of the spans, the one
// `requestlog replay` gives its spans by default.
const ServiceName = "unknown_service:requestlog"

// newBatch returns an empty ptrace.Traces with the receiver's resource and
// scope, and the span slice to append to.
func newBatch() (ptrace.Traces, ptrace.SpanSlice) {
	td := ptrace.NewTraces()
	rs := td.ResourceSpans().AppendEmpty()
	rs.Resource().Attributes().PutStr("service.name", ServiceName)
	ss := rs.ScopeSpans().AppendEmpty()
	ss.Scope().SetName(bridge.ScopeName)
	return td, ss.Spans()
}

// appendSpan appends to spans the span `requestlog replay` records for rec
// (bridge.SpanOf of the line's Call), as the root of a trace of its own,
// with FilePathKey set to path.
func appendSpan(spans ptrace.SpanSlice, rec botoline.Record, path string) {
	s := bridge.SpanOf(apicall.FromRecord(rec), time.Now)
	sp := spans.AppendEmpty()
	sp.SetName(s.Name)
	sp.SetKind(ptrace.SpanKindClient)
	sp.SetTraceID(newTraceID())
	sp.SetSpanID(newSpanID())
	sp.SetStartTimestamp(pcommon.NewTimestampFromTime(s.Start))
	sp.SetEndTimestamp(pcommon.NewTimestampFromTime(s.End))
	attrs := sp.Attributes()
	pdatacall.PutAttributes(attrs, s.Attributes)
	attrs.PutStr(FilePathKey, path)
	if s.StatusCode == codes.Error {
		sp.Status().SetCode(ptrace.StatusCodeError)
		sp.Status().SetMessage(s.StatusDescription)
	}
}

// newTraceID returns a random, valid trace ID.
func newTraceID() pcommon.TraceID {
	var id pcommon.TraceID
	for id.IsEmpty() {
		putUint64(id[:8], rand.Uint64())
		putUint64(id[8:], rand.Uint64())
	}
	return id
}

// newSpanID returns a random, valid span ID.
func newSpanID() pcommon.SpanID {
	var id pcommon.SpanID
	for id.IsEmpty() {
		putUint64(id[:], rand.Uint64())
	}
	return id
}

// putUint64 writes v into b[:8], big-endian.
func putUint64(b []byte, v uint64) {
	for i := 7; i >= 0; i-- {
		b[i] = byte(v)
		v >>= 8
	}
}
