package otelhook

import (
	"go.opentelemetry.io/otel/attribute"

	"github.com/requesthook/requesthook/apicall"
	"github.com/requesthook/requesthook/internal/redact"
)

// Call is one finished call, as a RequestHook receives it. It is
// apicall.Call, the record that the Transport, the exporter, the bridge and
// the Collector components share.
type Call = apicall.Call

// InvocationIDKey holds the aws-sdk-go-v2 amz-sdk-invocation-id header.
//
// Deprecated: use apicall.InvocationIDKey.
const InvocationIDKey = apicall.InvocationIDKey

// RPCSystemAWS is the rpc.system.name attribute of calls to AWS APIs.
//
// Deprecated: use apicall.SystemAWS (the value) with semconv.RPCSystemNameKey.
var RPCSystemAWS = attribute.String("rpc.system.name", apicall.SystemAWS)

// SpanName returns the span name of a call.
//
// Deprecated: use apicall.SpanName, which also names calls of unknown
// method ("HTTP").
func SpanName(service, operation, method string) string {
	return apicall.SpanName(service, operation, method)
}

// RPCMethod returns the rpc.method value of a call.
//
// Deprecated: use apicall.RPCMethod.
func RPCMethod(service, operation string) string { return apicall.RPCMethod(service, operation) }

// RedactURL returns raw with its secrets replaced by "REDACTED": the values of
// the query parameters of the default list that WithRedactedParams documents
// (AWS, Azure and Google signatures and credentials, OAuth tokens, API keys,
// passwords; names compared case-insensitively, percent-encoded names
// included, every occurrence) and userinfo, which becomes "REDACTED:REDACTED"
// as the url.full semantic convention asks. Every other byte is kept, so
// RedactURL is idempotent. A value that does not parse as a URL has its whole
// query and any userinfo redacted, so nothing secret slips through a parse
// error. It is safe for concurrent use.
func RedactURL(raw string) string { return redact.URL(raw) }
