package otelhook

import (
	"net/http"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
)

// Transport is an http.RoundTripper that records one OpenTelemetry client span
// per request, as the package documentation describes. It is safe for
// concurrent use, like the base RoundTripper it wraps.
type Transport struct {
	cfg  config
	base http.RoundTripper
	rt   http.RoundTripper // otelhttp around our inner stage around base
}

var _ http.RoundTripper = (*Transport)(nil)

// NewTransport returns a Transport that wraps base (http.DefaultTransport when
// nil) with otelhttp.NewTransport and this package's attributes.
func NewTransport(base http.RoundTripper, opts ...Option) *Transport {
	if base == nil {
		base = http.DefaultTransport
	}
	cfg := newConfig(opts...)
	t := &Transport{cfg: cfg, base: base}
	t.rt = otelhttp.NewTransport(base,
		otelhttp.WithTracerProvider(cfg.tracerProvider),
		otelhttp.WithMeterProvider(cfg.meterProvider),
		otelhttp.WithPropagators(cfg.propagators),
	)
	return t
}

// RoundTrip records a span for r and sends it with the base RoundTripper.
func (t *Transport) RoundTrip(r *http.Request) (*http.Response, error) {
	return t.rt.RoundTrip(r)
}
