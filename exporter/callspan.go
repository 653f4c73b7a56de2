package exporter

import (
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/requesthook/requesthook/apicall"
)

// CallFromSpan reads the call that a finished span describes, through the one
// attribute mapping of package apicall. It reports false for spans that are
// not HTTP or RPC client calls (not of kind CLIENT, or carrying neither
// http.request.method nor rpc.method), so an application's own spans are left
// alone. It allocates nothing for a successful call. It is safe for
// concurrent use.
func CallFromSpan(s sdktrace.ReadOnlySpan) (apicall.Call, bool) {
	var d apicall.Decoder
	if !decode(&d, s) {
		return apicall.Call{}, false
	}
	st := s.Status()
	return d.Call(st.Code, st.Description)
}

// decode hands the times and attributes of s to d, the one adapter between
// the SDK's spans and apicall; it reports false for spans not of kind CLIENT.
func decode(d *apicall.Decoder, s sdktrace.ReadOnlySpan) bool {
	if s == nil || s.SpanKind() != trace.SpanKindClient {
		return false
	}
	d.Reset(s.StartTime(), s.EndTime())
	for _, kv := range s.Attributes() {
		d.Attr(string(kv.Key), kv.Value)
	}
	return true
}
