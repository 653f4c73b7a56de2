package otelhook

import (
	"net/http"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
)

// OperationFunc names the operation of a request that the built-in detection
// does not recognise, for example the endpoints of a non-AWS HTTP API. It
// returns ok false to leave the request unnamed. It must not read or modify the
// request body and must be safe for concurrent use.
type OperationFunc func(r *http.Request) (service, operation string, ok bool)

// config holds the Transport's settings; newConfig fills in the defaults.
type config struct {
	tracerProvider trace.TracerProvider
	meterProvider  metric.MeterProvider
	propagators    propagation.TextMapPropagator
	operationFunc  OperationFunc
	redactedParams []string // secret query parameter names beyond the default list
	callSpans      bool     // set by InstrumentConfig: requests may be attempts of a call span
	noS3Keys       bool
	noBodies       bool // WithoutRequestBodies
}

// Option configures a Transport.
type Option interface {
	apply(config) config
}

type optionFunc func(config) config

func (f optionFunc) apply(c config) config { return f(c) }

// newConfig applies opts over the defaults: the global TracerProvider,
// MeterProvider and TextMapPropagator as they are when the Transport is built,
// no OperationFunc, and no redacted parameters beyond the default list.
func newConfig(opts ...Option) config {
	var c config
	for _, o := range opts {
		if o != nil {
			c = o.apply(c)
		}
	}
	if c.tracerProvider == nil {
		c.tracerProvider = otel.GetTracerProvider()
	}
	if c.meterProvider == nil {
		c.meterProvider = otel.GetMeterProvider()
	}
	if c.propagators == nil {
		c.propagators = otel.GetTextMapPropagator()
	}
	return c
}

// WithTracerProvider sets the TracerProvider that creates the spans. A nil
// provider is ignored; the default is otel.GetTracerProvider().
func WithTracerProvider(tp trace.TracerProvider) Option {
	return optionFunc(func(c config) config {
		if tp != nil {
			c.tracerProvider = tp
		}
		return c
	})
}

// WithMeterProvider sets the MeterProvider of the metrics: otelhttp's HTTP
// client metrics (with rpc.method added when the operation is known) and
// this package's rpc.client.call.duration, one point per logical call, and
// http.client.response.body.size, one point per attempt. A nil provider is
// ignored; the default is otel.GetMeterProvider().
func WithMeterProvider(mp metric.MeterProvider) Option {
	return optionFunc(func(c config) config {
		if mp != nil {
			c.meterProvider = mp
		}
		return c
	})
}

// WithPropagators sets the propagators that inject the span context into the
// outgoing request headers. A nil value is ignored; the default is
// otel.GetTextMapPropagator().
func WithPropagators(p propagation.TextMapPropagator) Option {
	return optionFunc(func(c config) config {
		if p != nil {
			c.propagators = p
		}
		return c
	})
}

// WithOperationFunc names the operations the built-in detection does not
// recognise. It runs after the AWS detectors and before the SigV4 service
// fallback. A nil function is ignored.
func WithOperationFunc(f OperationFunc) Option {
	return optionFunc(func(c config) config {
		if f != nil {
			c.operationFunc = f
		}
		return c
	})
}

// WithRedactedParams adds query parameter names whose values are secrets to
// the default list, for url.full and the error messages recorded as the span
// status. Names are compared case-insensitively, percent-decoded; empty
// names are ignored, and repeated options add up. The default list is
// X-Amz-Signature, X-Amz-Credential, X-Amz-Security-Token, AWSAccessKeyId,
// Signature, SecurityToken, sig and X-Goog-Signature (AWS, Azure SAS and
// Google signed URLs), access_token, refresh_token, id_token, client_secret,
// session_token, token, api_key, apikey, api-key, password, passwd, secret,
// auth and authorization, and code when the same query has state (an OAuth
// 2.0 authorization code).
func WithRedactedParams(names ...string) Option {
	var add []string
	for _, n := range names {
		if n != "" {
			add = append(add, n)
		}
	}
	return optionFunc(func(c config) config {
		if len(add) > 0 {
			c.redactedParams = append(c.redactedParams[:len(c.redactedParams):len(c.redactedParams)], add...)
		}
		return c
	})
}

// WithoutS3Keys leaves aws.s3.key off the spans: object keys can be personal
// data or high-cardinality. By default the key is recorded.
func WithoutS3Keys() Option {
	return optionFunc(func(c config) config {
		c.noS3Keys = true
		return c
	})
}

// WithoutRequestBodies stops the Transport from reading request bodies. By
// default it reads a body of known length up to 64 KiB before sending it,
// and hands the base RoundTripper the same bytes from memory: an
// application/x-www-form-urlencoded body for its Action (the query
// protocol's operation) and for the SNS TopicArn and SQS QueueUrl it names,
// the JSON body of an SQS or DynamoDB request for its QueueUrl or table
// names, and, under InstrumentConfig, any such body, so that net/http
// writes the headers and the body in one go. With this option every body
// is streamed to the base RoundTripper as the caller gave it: form requests
// that carry their Action only in the body stay unnamed (the SDK's metadata,
// X-Amz-Target, the query string and the S3 routes still name theirs) and
// those resource attributes are not recorded.
func WithoutRequestBodies() Option {
	return optionFunc(func(c config) config {
		c.noBodies = true
		return c
	})
}
