package exporter

import (
	"fmt"
	"os"
	"strconv"
	"strings"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// samplerFromEnv returns the sampler OTEL_TRACES_SAMPLER and
// OTEL_TRACES_SAMPLER_ARG select, or the SDK's default,
// ParentBased(AlwaysSample()); with an invalid value it returns the sampler
// the SDK falls back to and an error.
//
// It is the one copy in this module of the SDK's parsing, which the SDK does
// not export: it mirrors samplerFromEnv, parseTraceIDRatio and the default of
// ensureValidTracerProviderConfig in go.opentelemetry.io/otel/sdk/trace at
// v1.47.0 (sampler_env.go and provider.go): names are trimmed and
// lower-cased, the argument is trimmed, an empty or missing ratio is 1, an
// unparsable or out-of-range ratio falls back to 1 with an error, and an
// unknown name falls back to the default with an error. Only the error
// messages differ. TestSamplerFromEnvMatchesSDK compares it with
// sdktrace.NewTracerProvider under the same environment; check it again when
// the SDK is upgraded.
func samplerFromEnv() (sdktrace.Sampler, error) {
	name := strings.ToLower(strings.TrimSpace(os.Getenv("OTEL_TRACES_SAMPLER")))
	arg := strings.TrimSpace(os.Getenv("OTEL_TRACES_SAMPLER_ARG"))
	switch name {
	case "":
		return sdktrace.ParentBased(sdktrace.AlwaysSample()), nil
	case "always_on":
		return sdktrace.AlwaysSample(), nil
	case "always_off":
		return sdktrace.NeverSample(), nil
	case "traceidratio":
		return traceIDRatio(arg)
	case "parentbased_always_on":
		return sdktrace.ParentBased(sdktrace.AlwaysSample()), nil
	case "parentbased_always_off":
		return sdktrace.ParentBased(sdktrace.NeverSample()), nil
	case "parentbased_traceidratio":
		s, err := traceIDRatio(arg)
		return sdktrace.ParentBased(s), err
	default:
		return sdktrace.ParentBased(sdktrace.AlwaysSample()),
			fmt.Errorf("exporter: RecordCalls: unsupported OTEL_TRACES_SAMPLER %q", name)
	}
}

// traceIDRatio parses OTEL_TRACES_SAMPLER_ARG; the ratio is 1 when the
// argument is empty or invalid.
func traceIDRatio(arg string) (sdktrace.Sampler, error) {
	if arg == "" {
		return sdktrace.TraceIDRatioBased(1), nil
	}
	v, err := strconv.ParseFloat(arg, 64)
	if err != nil || v < 0 || v > 1 {
		return sdktrace.TraceIDRatioBased(1),
			fmt.Errorf("exporter: RecordCalls: OTEL_TRACES_SAMPLER_ARG %q is not a ratio from 0 to 1", arg)
	}
	return sdktrace.TraceIDRatioBased(v), nil
}
