package exporter

import (
	"go.opentelemetry.io/otel"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
)

// RecordCalls returns a sampler that decides as s does, except that a CLIENT
// span s would drop is recorded without being sampled (sdktrace.RecordOnly).
// Span processors therefore see every client call, so NewProcessor can write
// a line for each one, while exporters behind sdktrace.NewBatchSpanProcessor,
// which only take sampled spans, still get only the traces s samples, and the
// trace flags propagated downstream are unchanged. Spans of other kinds keep
// s's decision.
//
// A nil s stands for the sampler the SDK would use without
// sdktrace.WithSampler: the one OTEL_TRACES_SAMPLER and
// OTEL_TRACES_SAMPLER_ARG name (read when RecordCalls is called; an invalid
// value is reported through otel.Handle and falls back as the SDK does), else
// sdktrace.ParentBased(sdktrace.AlwaysSample()).
//
// Recording costs a span's attributes and its trip through the processors,
// but none of the export work of sampled spans.
func RecordCalls(s sdktrace.Sampler) sdktrace.Sampler {
	if s == nil {
		var err error
		if s, err = samplerFromEnv(); err != nil {
			otel.Handle(err)
		}
	}
	return recordCalls{s}
}

type recordCalls struct {
	sampler sdktrace.Sampler
}

// ShouldSample turns a Drop decision for a CLIENT span into RecordOnly.
func (r recordCalls) ShouldSample(p sdktrace.SamplingParameters) sdktrace.SamplingResult {
	res := r.sampler.ShouldSample(p)
	if res.Decision == sdktrace.Drop && p.Kind == trace.SpanKindClient {
		res.Decision = sdktrace.RecordOnly
	}
	return res
}

// Description names the sampler and the one it wraps.
func (r recordCalls) Description() string {
	return "RecordCalls{" + r.sampler.Description() + "}"
}
