// Package otelhook turns every HTTP call a Go client makes into an
// OpenTelemetry client span carrying what boto's request hook logged: the
// response status, the duration, the response size and the API operation
// ("DescribeVolumes").
//
// Capture: wrap a client's transport with NewTransport. It is built on
// otelhttp.NewTransport, so every request yields exactly one CLIENT span with
// otelhttp's standard HTTP attributes and metrics, plus:
//
//   - the span name "Service.Operation" (for example "EC2.DescribeVolumes") when
//     the operation is known, otelhttp's "HTTP {method}" otherwise;
//   - rpc.system.name "aws-api" and rpc.method "Service/Operation" for AWS calls;
//   - http.response.status_code and http.response.body.size (Content-Length
//     when present, else the bytes read once the body hits EOF or is closed);
//   - aws.request_id, aws.extended_request_id, cloud.region (from the SigV4
//     credential scope), http.request.resend_count (from the SDK's
//     amz-sdk-request header) and aws.sdk.invocation_id (InvocationIDKey, the
//     amz-sdk-invocation-id header shared by all retries of one call).
//
// The operation is detected, first match wins, from aws-sdk-go-v2 middleware
// metadata in the request context, the X-Amz-Target header (JSON protocol), the
// Action parameter in the query string or a form body (query protocol), a route
// table of common S3 REST operations, and a user function (WithOperationFunc).
// The service falls back to the SigV4 credential scope.
//
// Security: url.full never carries signatures, credentials or session tokens
// (see RedactURL), no header value is recorded, and the caller's request is
// never modified.
//
// Hooks: a RequestHook receives a Call for every finished client span through
// the span processor NewSpanProcessor returns, the way boto's RequestLogger
// received handle_request_data calls. CallFromSpan reads a Call from any
// finished span; other packages of this module (exporter, bridge) build on it.
package otelhook
