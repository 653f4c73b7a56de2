package otelhook

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"
)

// Attribute keys this package records in addition to otelhttp's standard
// HTTP client attributes.
const (
	// InvocationIDKey holds the aws-sdk-go-v2 amz-sdk-invocation-id header:
	// one value per logical call, shared by all of its retries.
	InvocationIDKey = attribute.Key("aws.sdk.invocation_id")
)

// RPCSystemAWS is the rpc.system.name value of calls to AWS APIs.
var RPCSystemAWS = semconv.RPCSystemNameKey.String("aws-api")

// Call is one finished request: what boto's request hook saw through its
// request, response and error arguments.
type Call struct {
	// Start and End bound the call (the span's start and end times).
	Start, End time.Time
	// Service is the API's service ID ("EC2", "DynamoDB", "S3"); empty when unknown.
	Service string
	// Operation is the API operation ("DescribeVolumes"); empty when unknown.
	Operation string
	// Method is the HTTP request method ("GET", "POST").
	Method string
	// URL is the request URL with its secrets redacted (see RedactURL).
	URL string
	// StatusCode is the HTTP response status code, 0 when no response arrived.
	StatusCode int
	// Size is the response body size in bytes, -1 when unknown.
	Size int64
	// Attempt is the 1-based attempt number of this request within its
	// logical call (1 when the request is not a retry).
	Attempt int
	// RequestID is the AWS request ID (x-amzn-RequestId or x-amz-request-id).
	RequestID string
	// Err is non-nil when the call failed without a usable response.
	Err error
}

// SpanName returns the span name the Transport gives a call: "Service.Operation"
// when the operation is known ("EC2.DescribeVolumes", or just the operation when
// the service is not), otherwise otelhttp's default "HTTP {method}".
func SpanName(service, operation, method string) string {
	switch {
	case operation == "":
		if method == "" {
			method = "GET"
		}
		return "HTTP " + method
	case service == "":
		return operation
	default:
		return service + "." + operation
	}
}

// RPCMethod returns the rpc.method value of a call: "Service/Operation", or the
// bare operation when the service is unknown.
func RPCMethod(service, operation string) string {
	if service == "" {
		return operation
	}
	return service + "/" + operation
}

// Attributes returns the span attributes that describe c, with the same keys and
// values the Transport records for a call like it: http.request.method,
// url.full, http.response.status_code, http.response.body.size, rpc.system.name
// and rpc.method, aws.request_id, http.request.resend_count and error.type.
// Attributes that c does not know (a zero StatusCode or Attempt, a negative
// Size, an empty Operation) are left out. http.request.resend_count is set for
// every known attempt, first ones included (as 0), as the Transport does for
// requests that carry the SDK's amz-sdk-request header.
func (c Call) Attributes() []attribute.KeyValue {
	attrs := make([]attribute.KeyValue, 0, 10)
	if c.Method != "" {
		attrs = append(attrs, semconv.HTTPRequestMethodKey.String(c.Method))
	}
	if c.URL != "" {
		attrs = append(attrs, semconv.URLFull(RedactURL(c.URL)))
	}
	if c.Operation != "" {
		attrs = append(attrs, RPCSystemAWS, semconv.RPCMethod(RPCMethod(c.Service, c.Operation)))
	}
	if c.StatusCode > 0 {
		attrs = append(attrs, semconv.HTTPResponseStatusCode(c.StatusCode))
	}
	if c.Size >= 0 {
		attrs = append(attrs, semconv.HTTPResponseBodySize(int(c.Size)))
	}
	if c.RequestID != "" {
		attrs = append(attrs, semconv.AWSRequestID(c.RequestID))
	}
	if c.Attempt > 0 {
		attrs = append(attrs, semconv.HTTPRequestResendCount(c.Attempt-1))
	}
	switch {
	case c.Err != nil:
		attrs = append(attrs, semconv.ErrorTypeKey.String(errorType(c.Err)))
	case c.StatusCode >= 400:
		attrs = append(attrs, semconv.ErrorTypeKey.String(strconv.Itoa(c.StatusCode)))
	}
	return attrs
}

// errorType names an error the way semconv.ErrorType does.
func errorType(err error) string {
	return semconv.ErrorType(err).Value.AsString()
}

// CallFromSpan reads the Call that a finished span describes. It reports false
// for spans that are not HTTP or RPC client calls (not of kind CLIENT, or
// carrying neither http.request.method nor rpc.method), so an application's own
// spans are left alone.
func CallFromSpan(s sdktrace.ReadOnlySpan) (Call, bool) {
	if s == nil || s.SpanKind() != trace.SpanKindClient {
		return Call{}, false
	}
	c := Call{Start: s.StartTime(), End: s.EndTime(), Size: -1, Attempt: 1}
	var isCall bool
	var errType string
	for _, kv := range s.Attributes() {
		switch kv.Key {
		case semconv.HTTPRequestMethodKey:
			c.Method = kv.Value.AsString()
			isCall = true
		case semconv.RPCMethodKey:
			c.Service, c.Operation = splitRPCMethod(kv.Value.AsString())
			isCall = true
		case semconv.URLFullKey:
			c.URL = kv.Value.AsString()
		case semconv.HTTPResponseStatusCodeKey:
			c.StatusCode = int(kv.Value.AsInt64())
		case semconv.HTTPResponseBodySizeKey:
			c.Size = kv.Value.AsInt64()
		case semconv.HTTPRequestResendCountKey:
			c.Attempt = int(kv.Value.AsInt64()) + 1
		case semconv.AWSRequestIDKey:
			c.RequestID = kv.Value.AsString()
		case semconv.ErrorTypeKey:
			errType = kv.Value.AsString()
		}
	}
	if !isCall {
		return Call{}, false
	}
	if st := s.Status(); st.Code == codes.Error && c.StatusCode == 0 {
		msg := st.Description
		if msg == "" {
			msg = errType
		}
		if msg == "" {
			msg = "request failed"
		}
		c.Err = errors.New(msg)
	}
	return c, true
}

// splitRPCMethod splits "Service/Operation" at the first '/' (service names
// have none); a bare value is the operation.
func splitRPCMethod(m string) (service, operation string) {
	if i := strings.IndexByte(m, '/'); i >= 0 {
		return m[:i], m[i+1:]
	}
	return "", m
}
