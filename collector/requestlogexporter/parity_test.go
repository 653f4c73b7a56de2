package requestlogexporter

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/requesthook/requesthook/collector/internal/fixtures"
	rootexporter "github.com/requesthook/requesthook/exporter"
)

// TestSameLinesAsGoExporter checks that the Collector exporter and the Go
// exporter (exporter.New, fed the same spans as SDK span snapshots) write
// byte-identical lines, per call and per attempt, for the spans of every
// fixture. PRODUCER spans are left out of both: an application's SDK never
// hands the Go exporter another process's botocore spans, and the Go
// exporter writes CLIENT spans only, while the Collector also takes
// PRODUCER spans that are AWS calls.
func TestSameLinesAsGoExporter(t *testing.T) {
	for _, fx := range fixtures.All() {
		for _, perAttempt := range []bool{false, true} {
			name := fx.Name + "/per_call"
			var opts []rootexporter.Option
			if perAttempt {
				name = fx.Name + "/per_attempt"
				opts = append(opts, rootexporter.WithPerAttempt())
			}
			t.Run(name, func(t *testing.T) {
				td := withoutProducers(fx.Traces())

				cfg := newTestConfig(t)
				cfg.PerAttempt = perAttempt
				exp := startExporter(t, cfg)
				if err := exp.ConsumeTraces(context.Background(), td); err != nil {
					t.Fatal(err)
				}
				got, err := os.ReadFile(cfg.Path)
				if err != nil {
					t.Fatal(err)
				}

				var want bytes.Buffer
				goExp := rootexporter.New(&want, append(opts, rootexporter.WithLocation(time.UTC))...)
				if err := goExp.ExportSpans(context.Background(), stubs(t, td).Snapshots()); err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got, want.Bytes()) {
					t.Errorf("Collector exporter:\n%s\nGo exporter:\n%s", got, want.Bytes())
				}
			})
		}
	}
}

// withoutProducers returns td without its PRODUCER spans.
func withoutProducers(td ptrace.Traces) ptrace.Traces {
	for _, rs := range td.ResourceSpans().All() {
		for _, ss := range rs.ScopeSpans().All() {
			ss.Spans().RemoveIf(func(s ptrace.Span) bool { return s.Kind() == ptrace.SpanKindProducer })
		}
	}
	return td
}

// stubs returns the spans of td as the SDK would have recorded them.
func stubs(t *testing.T, td ptrace.Traces) tracetest.SpanStubs {
	t.Helper()
	var out tracetest.SpanStubs
	for _, rs := range td.ResourceSpans().All() {
		for _, ss := range rs.ScopeSpans().All() {
			for _, s := range ss.Spans().All() {
				stub := tracetest.SpanStub{
					Name: s.Name(),
					SpanContext: trace.NewSpanContext(trace.SpanContextConfig{
						TraceID: trace.TraceID(s.TraceID()), SpanID: trace.SpanID(s.SpanID()), TraceFlags: trace.FlagsSampled,
					}),
					SpanKind:  spanKind(s.Kind()),
					StartTime: s.StartTimestamp().AsTime(),
					EndTime:   s.EndTimestamp().AsTime(),
				}
				switch s.Status().Code() {
				case ptrace.StatusCodeError:
					stub.Status.Code, stub.Status.Description = codes.Error, s.Status().Message()
				case ptrace.StatusCodeOk:
					stub.Status.Code = codes.Ok
				}
				for k, v := range s.Attributes().All() {
					stub.Attributes = append(stub.Attributes, keyValue(t, k, v))
				}
				out = append(out, stub)
			}
		}
	}
	return out
}

// spanKind converts a pdata span kind to the API's.
func spanKind(k ptrace.SpanKind) trace.SpanKind {
	switch k {
	case ptrace.SpanKindClient:
		return trace.SpanKindClient
	case ptrace.SpanKindServer:
		return trace.SpanKindServer
	case ptrace.SpanKindProducer:
		return trace.SpanKindProducer
	case ptrace.SpanKindConsumer:
		return trace.SpanKindConsumer
	}
	return trace.SpanKindInternal
}

// keyValue converts one pdata attribute to the SDK's, as an OTLP receiver
// of the SDK's export would have seen it.
func keyValue(t *testing.T, k string, v pcommon.Value) attribute.KeyValue {
	t.Helper()
	switch v.Type() {
	case pcommon.ValueTypeStr:
		return attribute.String(k, v.Str())
	case pcommon.ValueTypeInt:
		return attribute.Int64(k, v.Int())
	case pcommon.ValueTypeDouble:
		return attribute.Float64(k, v.Double())
	case pcommon.ValueTypeBool:
		return attribute.Bool(k, v.Bool())
	case pcommon.ValueTypeSlice:
		var ss []string
		for _, e := range v.Slice().All() {
			ss = append(ss, e.AsString())
		}
		return attribute.StringSlice(k, ss)
	}
	t.Fatal(fmt.Sprintf("attribute %s of type %v", k, v.Type()))
	return attribute.KeyValue{}
}
