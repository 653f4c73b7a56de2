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
//   - http.response.status_code and http.response.body.size: the
//     Content-Length when present; 0 for HEAD, 204 and 304 responses, which
//     carry no body; otherwise the bytes actually read, recorded when the body
//     hits EOF or is closed;
//   - aws.request_id, aws.extended_request_id, cloud.region (from the SigV4
//     credential scope), http.request.resend_count (from the SDK's
//     amz-sdk-request header) and aws.sdk.invocation_id (InvocationIDKey, the
//     amz-sdk-invocation-id header shared by all retries of one call).
//
// The operation is detected, first match wins, from aws-sdk-go-v2 middleware
// metadata in the request context, the X-Amz-Target header (JSON protocol), the
// Action parameter in the query string or in an
// application/x-www-form-urlencoded body (query protocol), a route table of
// common S3 REST operations (for S3 hosts and requests signed for s3), and a
// user function (WithOperationFunc). The service comes from the SDK metadata,
// else the SigV4 credential scope, else an *.amazonaws.com host name. Only
// identifiers (ASCII letters, digits, '_' and '-', at most 128 bytes) are taken
// as operation names: a hostile Action leaves the span unnamed.
//
// Request bodies: a body is read only when its length is known, at most 64
// KiB, and no Expect: 100-continue handshake is asked for; a body of unknown
// length is a stream and is never read. The Transport reads a form body for
// its Action and, with a JSON body of SQS or DynamoDB or a form body of SNS
// or the older SQS, the resource it names (aws.sqs.queue.url,
// aws.dynamodb.table_names, aws.sns.topic.arn); under InstrumentConfig it
// reads any such body, only to hand it over from memory. The base
// RoundTripper receives the same bytes (and the same read errors); a body
// that is read whole is handed over as an in-memory reader, which lets
// net/http write the headers and the body in one go, with the request's
// GetBody kept, and the caller's body is closed once. A body shorter or
// longer than its Content-Length, or whose read fails, never names the
// operation, and the server and the caller get what net/http gives them
// without the Transport: for a body net/http knows to be in memory, an error
// before anything is sent. WithoutRequestBodies turns all of this off.
//
// Security: url.full never carries signatures, credentials, session tokens,
// OAuth tokens or API keys (see RedactURL; WithRedactedParams adds names),
// error messages recorded as the span status have the same values removed,
// also in the URLs they quote (a redirect's target), no header value is
// recorded, and the caller's request is never modified.
//
// Wiring aws-sdk-go-v2: call InstrumentConfig on the aws.Config that
// config.LoadDefaultConfig returned. It keeps the SDK's own HTTP client
// settings, where config.WithHTTPClient with a plain http.Client fails once
// AWS_CA_BUNDLE is set.
//
// Hooks: a RequestHook receives a Call (apicall.Call) for every finished
// client span, the way boto's RequestLogger received handle_request_data
// calls. The span processor that calls hooks needs the SDK and so lives on the
// SDK side: exporter.NewHookProcessor.
//
// Dependencies: like the contrib instrumentation packages, otelhook uses the
// OpenTelemetry API only, never the SDK. The attributes it records come from
// the one Call mapping of package apicall, which the exporter, the bridge and
// the Collector components read them back with.
package otelhook
