package otelhook

import (
	"net/http"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
)

// InstrumentConfig makes every client built from cfg record each SDK
// operation as one call span with one child span per HTTP attempt, and send
// its requests through a Transport configured with opts, keeping the HTTP
// client that
// config.LoadDefaultConfig resolved: its CA bundle (AWS_CA_BUNDLE), proxies,
// timeouts and redirect policy. Call it after config.LoadDefaultConfig and
// before creating service clients:
//
//	cfg, err := config.LoadDefaultConfig(ctx)
//	...
//	otelhook.InstrumentConfig(&cfg)
//	client := ec2.NewFromConfig(cfg)
//
// Passing config.WithHTTPClient(&http.Client{Transport: NewTransport(nil)})
// to LoadDefaultConfig works too, but fails when AWS_CA_BUNDLE is set (the SDK
// only applies a CA bundle to its own BuildableClient) and drops the SDK's
// transport defaults.
//
// A *awshttp.BuildableClient is frozen (as BuildableClient.Freeze does) and its
// transport wrapped; an *http.Client is copied with its Transport wrapped; a
// nil client becomes the SDK's default client, wrapped; any other
// aws.HTTPClient is called through the Transport as a RoundTripper. cfg must
// not be nil.
//
// The call span: a middleware added first to the Initialize step of every
// operation (through cfg.APIOptions) starts a CLIENT span named
// "Service.Operation" before the input is serialized and ends it once the
// result is deserialized, so it covers every attempt and the retry back-off.
// It carries rpc.system.name "aws-api", rpc.method "Service/Operation",
// cloud.region, requesthook.role "call", aws.sdk.attempts (apicall.AttemptsKey),
// and from the final attempt server.address, server.port,
// http.response.status_code, http.response.body.size, aws.request_id,
// aws.extended_request_id, aws.sdk.invocation_id and its start
// (apicall.AttemptStartKey); the resource the input names (aws.s3.bucket,
// aws.s3.key unless WithoutS3Keys, aws.dynamodb.table_names,
// aws.sqs.queue.url, aws.sns.topic.arn, aws.kinesis.stream_name,
// faas.invoked_name with faas.invoked_provider and faas.invoked_region). A
// failed call has status Error with the AWS error message and error.type the
// AWS error code ("InvalidVolume.NotFound", "NoSuchKey"), or "timeout",
// "connection_refused", "canceled" or the error's type name when no AWS
// error came back.
//
// The attempt spans are the Transport's otelhttp spans, children of the call
// span, named like it, with requesthook.role "attempt", rpc.system.name,
// rpc.method, http.request.resend_count, the response's status, size and
// request IDs and, for an error response, the attempt's own AWS error code
// as error.type; an attempt that failed without a response has the call's
// "timeout", "connection_refused" or "canceled" as error.type when that is
// what it met. What all attempts share (cloud.region,
// aws.sdk.invocation_id) and the resource are on the call span only. An
// attempt's request body of at most 64 KiB is handed to net/http from
// memory (see WithoutRequestBodies). Nothing else is recorded: the
// SDK's own tracing stays as configured (off by default), so a call makes
// exactly 1 + attempts spans. When the call span is not sampled, neither
// are its attempts (with a parent-based sampler) and the middleware costs
// a span start.
func InstrumentConfig(cfg *aws.Config, opts ...Option) {
	opts = append(opts[:len(opts):len(opts)], optionFunc(func(c config) config {
		c.callSpans = true
		return c
	}))
	m := newCallMiddleware(newConfig(opts...))
	cfg.APIOptions = append(cfg.APIOptions[:len(cfg.APIOptions):len(cfg.APIOptions)], m.addTo)
	switch c := cfg.HTTPClient.(type) {
	case nil:
		cfg.HTTPClient = instrumentClient(awshttp.NewBuildableClient().Freeze(), opts)
	case *awshttp.BuildableClient:
		cfg.HTTPClient = instrumentClient(c.Freeze(), opts)
	default:
		cfg.HTTPClient = instrumentClient(c, opts)
	}
}

// instrumentClient wraps the transport of an *http.Client, or any other
// aws.HTTPClient as a whole.
func instrumentClient(c aws.HTTPClient, opts []Option) aws.HTTPClient {
	if hc, ok := c.(*http.Client); ok {
		cp := *hc
		cp.Transport = NewTransport(hc.Transport, opts...)
		return &cp
	}
	return &http.Client{
		Transport:     NewTransport(doer{c}, opts...),
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// doer turns an aws.HTTPClient into an http.RoundTripper.
type doer struct{ c aws.HTTPClient }

func (d doer) RoundTrip(r *http.Request) (*http.Response, error) { return d.c.Do(r) }
