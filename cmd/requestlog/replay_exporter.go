package main

import (
	"context"
	"errors"
	"os"
	"time"

	"go.opentelemetry.io/contrib/exporters/autoexport"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracegrpc"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// newSpanExporter returns the exporter the OTEL_* variables configure
// (autoexport). With a timeout, an OTLP exporter is made with that timeout
// per attempt and its retries (which honour Retry-After) bounded by it too,
// so that one batch takes at most about timeout.
func newSpanExporter(ctx context.Context, timeout time.Duration) (sdktrace.SpanExporter, error) {
	if timeout <= 0 {
		return autoexport.NewSpanExporter(ctx)
	}
	if name := os.Getenv("OTEL_TRACES_EXPORTER"); name != "" && name != "otlp" {
		return autoexport.NewSpanExporter(ctx)
	}
	proto := os.Getenv("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL")
	if proto == "" {
		proto = os.Getenv("OTEL_EXPORTER_OTLP_PROTOCOL")
	}
	initial := min(timeout/4, 5*time.Second)
	switch proto {
	case "", "http/protobuf":
		return otlptracehttp.New(ctx, otlptracehttp.WithTimeout(timeout),
			otlptracehttp.WithRetry(otlptracehttp.RetryConfig{Enabled: true, InitialInterval: initial, MaxInterval: timeout, MaxElapsedTime: timeout}))
	case "grpc":
		return otlptracegrpc.New(ctx, otlptracegrpc.WithTimeout(timeout),
			otlptracegrpc.WithRetry(otlptracegrpc.RetryConfig{Enabled: true, InitialInterval: initial, MaxInterval: timeout, MaxElapsedTime: timeout}))
	}
	return nil, errors.New("OTEL_EXPORTER_OTLP_PROTOCOL " + proto + ": want grpc or http/protobuf")
}
