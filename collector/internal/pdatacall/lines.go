package pdatacall

import (
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.opentelemetry.io/otel/codes"

	"github.com/requesthook/requesthook/apicall"
	"github.com/requesthook/requesthook/botoline"
)

// Line returns the line of boto's request log that span becomes at
// granularity g, and reports whether it becomes one, decided from the span
// alone:
//
//   - a CLIENT span that is a call (it carries an HTTP method or an RPC
//     method, under any name apicall reads);
//   - a PRODUCER span that is an AWS call (rpc.system.name or rpc.system
//     "aws-api" and an rpc.method): botocore records SNS Publish and Kinesis
//     PutRecord as PRODUCER spans named "{topic} send", so the operation comes
//     from rpc.method, never from the name;
//   - of those, the spans apicall.Call.Reported keeps at g, the one decision
//     of the Go exporter too: per call the spans of role "call" or of no
//     role, per attempt the spans of role "attempt" or of no role.
//
// INTERNAL, SERVER and CONSUMER spans never become lines; their attributes
// are not read. The line is apicall.Decoder.Record's, the Go exporter's
// Call.Record: a call span is timed from its final attempt and has size 0
// when it gave up. Only the attributes the line depends on are read
// (apicall.LookupLine), so d holds no more than those facts afterwards. Line
// allocates nothing.
func Line(d *apicall.Decoder, span ptrace.Span, g apicall.Granularity) (botoline.Record, bool) {
	kind := span.Kind()
	if kind != ptrace.SpanKindClient && kind != ptrace.SpanKindProducer {
		return botoline.Record{}, false
	}
	d.Reset(span.StartTimestamp().AsTime(), span.EndTimestamp().AsTime())
	for k, v := range span.Attributes().All() {
		// Only the facts the line depends on are read.
		f, ok := apicall.LookupLine(k)
		if !ok {
			continue
		}
		// Str is one type assertion, cheaper than Type's switch; most
		// values are non-empty strings.
		s := v.Str()
		if s == "" && v.Type() != pcommon.ValueTypeStr {
			set(d, f, v)
			continue
		}
		// A span of the other role is left as soon as its role is seen
		// (requesthook writes the role first).
		if f == roleField && !apicall.RoleReported(s, g) {
			return botoline.Record{}, false
		}
		d.SetString(f, s)
	}
	if !d.Reported(g) {
		return botoline.Record{}, false
	}
	if kind == ptrace.SpanKindProducer {
		// The status is left out: it matters only to the line, and a
		// Call's Err would allocate.
		if c, _ := d.Call(codes.Unset, ""); c.RPCSystem != apicall.SystemAWS || c.Operation == "" {
			return botoline.Record{}, false
		}
	}
	return d.Record(statusCode(span.Status().Code()))
}

// roleField is the Field of the attribute that marks call and attempt
// spans.
var roleField, _ = apicall.Lookup(string(apicall.RoleKey))
