package otelhook

import (
	"net/http"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
)

// InstrumentConfig makes every client built from cfg send its requests through
// a Transport configured with opts, keeping the HTTP client that
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
func InstrumentConfig(cfg *aws.Config, opts ...Option) {
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
