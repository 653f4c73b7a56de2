package otelhook

import (
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/requesthook/requesthook/apicall"
	"github.com/requesthook/requesthook/internal/query"
	"github.com/requesthook/requesthook/internal/redact"
)

// maxNameLen caps service and operation names; longer names are not names.
const maxNameLen = 128

// detection is what the stage learns about one request before sending it.
type detection struct {
	service, operation string
	name, rpcMethod    string // span name and rpc.method, set when operation is known
	aws                bool   // an AWS API call: rpc.system.name is aws-api
	region             string
	resends            int // -1 when the request carries no amz-sdk-request header
	invocationID       string
	inMemory           bool   // the request sent carries r's body bytes from memory: close r.Body after sending
	body               []byte // the request body, when it was read whole
	attempt            bool   // an attempt named by its call (fromCall): the call span has the rest
}

// detect fills d from r and returns the request to send: r itself, or a copy
// carrying the same body bytes when the body was read (readBody). The
// sources of the operation are tried in order and the first that finds one
// wins: aws-sdk-go-v2 metadata (sdkmeta.go), the X-Amz-Target header
// (target.go), the Action of the query string or form body (form.go), the
// S3 REST routes (s3.go) and the OperationFunc. The service comes from the
// SDK, else the SigV4 credential scope (scope.go), else the host name
// (service.go). Unless cfg says WithoutRequestBodies, the body of a request
// whose service names its resource there is read too, for
// requestAttributes (resourceBody).
func (d *detection) detect(r *http.Request, cfg *config) *http.Request {
	send := d.detectOperation(r, cfg)
	if send == r && !cfg.noBodies && resourceBody(d.service, r) {
		send, d.body, d.inMemory = readBody(r)
	}
	return send
}

// resourceBody reports whether the body of r, a request to service, names
// the resource requestAttributes records: the JSON body of SQS and DynamoDB
// (isJSON), the form body of SNS and the older SQS (isForm).
func resourceBody(service string, r *http.Request) bool {
	switch service {
	case "SQS":
		return isJSON(r) || isForm(r)
	case "DynamoDB":
		return isJSON(r)
	case "SNS":
		return isForm(r)
	}
	return false
}

// detectOperation is detect without the resource body.
func (d *detection) detectOperation(r *http.Request, cfg *config) *http.Request {
	d.resends = -1
	scopeService, region := credentialScope(r)
	d.region = region
	d.sdkHeaders(r.Header)
	send := r

	if service, op := sdkOperation(r); op != "" {
		d.set(service, op, nil, true)
		return send
	}
	if scopeService == "" {
		scopeService = hostService(r.URL.Host)
	}
	service := serviceName(scopeService)
	if prefixService, op := targetOperation(r); op != "" {
		if service == "" {
			service = prefixService
		}
		d.set(service, op, nil, true)
		return send
	}
	if op, ok := formValue(r.URL.RawQuery, "Action"); ok {
		d.set(service, op, nil, true)
		return send
	}
	if !cfg.noBodies && isForm(r) {
		var op []byte
		send, d.body, op, d.inMemory = readForm(r)
		if op != nil {
			d.set(service, "", op, true)
			return send
		}
	}
	if scopeService == "s3" || isS3Host(r.URL.Host) {
		if op := s3Operation(r); op != "" {
			d.set("S3", op, nil, true)
			return send
		}
	}
	if fn := cfg.operationFunc; fn != nil {
		if svc, op, ok := fn(r); ok && op != "" {
			// rpc.method is "service/operation": a '/' in the service
			// would move the split.
			d.set(strings.ReplaceAll(sanitize(svc), "/", "_"), sanitize(op), nil, false)
			return send
		}
	}
	if service != "" {
		d.service = service
		d.aws = true
	}
	return send
}

// set records the service and the operation, given as a string or as bytes,
// and derives the span name and rpc.method in a single allocation.
func (d *detection) set(service, op string, opBytes []byte, aws bool) {
	n := len(op) + len(opBytes)
	var b strings.Builder
	if service == "" {
		b.Grow(n)
		b.WriteString(op)
		b.Write(opBytes)
		d.operation = b.String()
		d.name, d.rpcMethod = d.operation, d.operation
	} else {
		b.Grow(2*len(service) + 2*n + 2)
		b.WriteString(service)
		b.WriteByte('.')
		b.WriteString(op)
		b.Write(opBytes)
		k := b.Len()
		b.WriteString(service)
		b.WriteByte('/')
		b.WriteString(op)
		b.Write(opBytes)
		s := b.String()
		d.name, d.rpcMethod = s[:k], s[k:]
		d.operation = s[len(service)+1 : k]
	}
	d.service = service
	d.aws = aws
}

// fromCall names an attempt of the call st from what the call middleware
// already derived, in place of detect: the service, the operation, the span
// name and rpc.method. The amz-sdk-request and amz-sdk-invocation-id
// headers are still read, for the resend count and the call's invocation
// ID.
func (d *detection) fromCall(r *http.Request, st *callState) {
	d.resends = -1
	d.sdkHeaders(r.Header)
	d.service, d.operation, d.name, d.rpcMethod = st.service, st.operation, st.name, st.rpcMethod
	d.aws = true
	d.attempt = true
}

// call returns the request facts d knows as a Call for the one attribute
// writer, with the URL set only when the url.full otelhttp recorded holds a
// secret: a default secret parameter or one of extra. apicall redacts the
// default secrets; the values of extra names are redacted here. An attempt
// named by its call (fromCall) leaves out what its parent, the call span,
// records once for all attempts: the region and the invocation ID. It
// keeps rpc.system.name and rpc.method, which tell a reader that sees the
// span alone (a Collector, a request hook per attempt) what it is.
func (d *detection) call(r *http.Request, extra []string) apicall.Call {
	c := apicall.Call{Service: d.service, Operation: d.operation, Size: -1, Attempt: d.resends + 1}
	if !d.attempt {
		c.Region, c.InvocationID = d.region, d.invocationID
	}
	if u := r.URL; u != nil && (u.User != nil || redact.HasSecret(u.RawQuery, extra...)) {
		c.URL = u.String()
		if len(extra) > 0 {
			c.URL = redact.URL(c.URL, extra...)
		}
	}
	if d.aws && (d.operation != "" || d.service != "") {
		c.RPCSystem = apicall.SystemAWS
	}
	if d.attempt {
		c.Role = apicall.RoleAttempt
	}
	return c
}

// validName reports whether s is an API identifier: 1 to maxNameLen ASCII
// letters, digits, '_' or '-', starting with a letter. Anything else found in
// a request (quotes, spaces, invalid UTF-8) is not taken as an operation.
func validName[T query.Text](s T) bool {
	if len(s) == 0 || len(s) > maxNameLen || !isLetter(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if c := s[i]; !isLetter(c) && !('0' <= c && c <= '9') && c != '_' && c != '-' {
			return false
		}
	}
	return true
}

func isLetter(c byte) bool { return 'a' <= c|0x20 && c|0x20 <= 'z' }

// sanitize makes a user-supplied name safe for a span: valid UTF-8, at most
// maxNameLen bytes.
func sanitize(s string) string {
	if len(s) > maxNameLen {
		s = s[:maxNameLen]
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	return s
}

// header returns the first value of a header given by its canonical name,
// without canonicalizing it again as http.Header.Get does.
func header(h http.Header, canonicalKey string) string {
	if v := h[canonicalKey]; len(v) > 0 {
		return v[0]
	}
	return ""
}
