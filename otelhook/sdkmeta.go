package otelhook

import (
	"net/http"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"

	"github.com/requesthook/requesthook/internal/query"
)

// sdkOperation returns the service ID and operation name aws-sdk-go-v2's
// middleware stored in r's context, or "" when r was not sent by the SDK.
func sdkOperation(r *http.Request) (service, operation string) {
	ctx := r.Context()
	if op := awsmiddleware.GetOperationName(ctx); op != "" {
		return awsmiddleware.GetServiceID(ctx), op
	}
	return "", ""
}

// sdkHeaders records what the SDK's amz-sdk-request and
// amz-sdk-invocation-id headers say about the attempt.
func (d *detection) sdkHeaders(h http.Header) {
	if v := header(h, "Amz-Sdk-Request"); v != "" {
		d.resends = attempt(v) - 1
	}
	if v := header(h, "Amz-Sdk-Invocation-Id"); v != "" && len(v) <= maxNameLen && utf8.ValidString(v) {
		d.invocationID = v
	}
}

// attempt parses the attempt number of an amz-sdk-request header
// ("attempt=2; max=3"); it returns 1 when there is none.
func attempt(v string) int {
	for name, num := range query.Split(v, ';') {
		if strings.TrimLeftFunc(name, unicode.IsSpace) != "attempt" {
			continue
		}
		if n, err := strconv.Atoi(strings.TrimRightFunc(num, unicode.IsSpace)); err == nil && n >= 1 && n <= 1<<20 {
			return n
		}
		return 1
	}
	return 1
}
