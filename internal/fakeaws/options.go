package fakeaws

import (
	"fmt"
	"sync/atomic"
)

// Option configures a Server when it starts.
type Option func(*options)

type options struct {
	requireSigV4 bool
	tls          bool
	withoutLog   bool
	ids          func() string
}

// RequireSigV4 makes the Server refuse requests that carry no SigV4
// signature (an Authorization header "AWS4-HMAC-SHA256 ..." or, for
// presigned URLs, X-Amz-Algorithm in the query) with the service's
// authentication error: 401 AuthFailure for EC2, 403 AccessDenied for S3,
// MissingAuthenticationToken for the others. It checks that a request is
// signed, not by whom.
func RequireSigV4() Option {
	return func(o *options) { o.requireSigV4 = true }
}

// WithTLS serves HTTPS with a self-signed certificate for 127.0.0.1; see
// Server.Certificate and Server.Client.
func WithTLS() Option {
	return func(o *options) { o.tls = true }
}

// WithRequestIDs makes next issue the request IDs, one per request, instead
// of random ones shaped like the service's. next is called from many
// goroutines at once.
func WithRequestIDs(next func() string) Option {
	return func(o *options) { o.ids = next }
}

// WithoutLog makes the Server count the requests it answers (Count, Total)
// without keeping them (Requests returns none), for load tests that would
// otherwise fill memory.
func WithoutLog() Option {
	return func(o *options) { o.withoutLog = true }
}

// SequentialRequestIDs issues the request IDs fmt.Sprintf(format, n) for
// n = 1, 2, 3...: SequentialRequestIDs("req-%04d") gives req-0001, req-0002.
func SequentialRequestIDs(format string) Option {
	var n atomic.Int64
	return WithRequestIDs(func() string { return fmt.Sprintf(format, n.Add(1)) })
}
