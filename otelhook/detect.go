package otelhook

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"

	"github.com/requesthook/requesthook/apicall"
	"github.com/requesthook/requesthook/internal/redact"
)

// maxFormBody is the largest form body read to find its Action parameter.
const maxFormBody = 64 << 10

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
	inMemory           bool // the request sent carries r's body bytes from memory: close r.Body after sending
}

// detect fills d from r and returns the request to send: r itself, or a copy
// carrying the same body bytes when the body had to be read to find the
// operation. The first detector that finds an operation wins.
func (d *detection) detect(r *http.Request, fn OperationFunc) *http.Request {
	d.resends = -1
	scopeService, region := credentialScope(r)
	d.region = region
	if v := header(r.Header, "Amz-Sdk-Request"); v != "" {
		d.resends = attempt(v) - 1
	}
	if v := header(r.Header, "Amz-Sdk-Invocation-Id"); v != "" && len(v) <= maxNameLen && utf8.ValidString(v) {
		d.invocationID = v
	}
	send := r

	ctx := r.Context()
	if op := awsmiddleware.GetOperationName(ctx); op != "" {
		d.set(awsmiddleware.GetServiceID(ctx), op, nil, true)
		return send
	}
	if scopeService == "" {
		scopeService = hostService(r.URL.Host)
	}
	service := serviceName(scopeService)
	if target := header(r.Header, "X-Amz-Target"); target != "" {
		if i := strings.LastIndexByte(target, '.'); i > 0 && validName(target[i+1:]) {
			if service == "" {
				service = targetService(target[:i])
			}
			d.set(service, target[i+1:], nil, true)
			return send
		}
	}
	if op, ok := formValue(r.URL.RawQuery, "Action"); ok {
		d.set(service, op, nil, true)
		return send
	}
	if isForm(r) {
		var op []byte
		send, op, d.inMemory = readForm(r)
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
	if fn != nil {
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

// call returns the request facts d knows as a Call for the one attribute
// writer, with the URL set only when the url.full otelhttp recorded holds a
// secret.
func (d *detection) call(r *http.Request) apicall.Call {
	c := apicall.Call{Service: d.service, Operation: d.operation, Region: d.region,
		InvocationID: d.invocationID, Size: -1, Attempt: d.resends + 1}
	if u := r.URL; u != nil && (u.User != nil || hasSecretParam(u.RawQuery)) {
		c.URL = u.String()
	}
	if d.aws && (d.operation != "" || d.service != "") {
		c.RPCSystem = apicall.SystemAWS
	}
	return c
}

// validName reports whether s is an API identifier: 1 to maxNameLen ASCII
// letters, digits, '_' or '-', starting with a letter. Anything else found in
// a request (quotes, spaces, invalid UTF-8) is not taken as an operation.
func validName(s string) bool {
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

// formValue returns the first value of key in an encoded query or form, if it
// is a valid name. It allocates only for percent-encoded values.
func formValue(q, key string) (string, bool) {
	for q != "" {
		var part string
		part, q, _ = strings.Cut(q, "&")
		name, value, _ := strings.Cut(part, "=")
		if name != key {
			continue
		}
		if strings.ContainsAny(value, "%+") {
			v, err := url.QueryUnescape(value)
			if err != nil {
				return "", false
			}
			value = v
		}
		return value, validName(value)
	}
	return "", false
}

// formValueBytes is formValue over a body; the value returned aliases b unless
// it was percent-encoded.
func formValueBytes(b []byte, key string) []byte {
	for len(b) > 0 {
		part := b
		if i := bytes.IndexByte(b, '&'); i >= 0 {
			part, b = b[:i], b[i+1:]
		} else {
			b = nil
		}
		name, value, _ := bytes.Cut(part, []byte{'='})
		if string(name) != key {
			continue
		}
		if bytes.ContainsAny(value, "%+") {
			v, err := url.QueryUnescape(string(value))
			if err != nil {
				return nil
			}
			value = []byte(v)
		}
		if !validName(string(value)) {
			return nil
		}
		return value
	}
	return nil
}

// isForm reports whether r carries a small form body worth reading for its
// Action: application/x-www-form-urlencoded with a known length of at most
// maxFormBody. Bodies of unknown length are streams and are never read.
func isForm(r *http.Request) bool {
	if r.Body == nil || r.Body == http.NoBody || r.ContentLength <= 0 || r.ContentLength > maxFormBody {
		return false
	}
	ct := header(r.Header, "Content-Type")
	const form = "application/x-www-form-urlencoded"
	return len(ct) >= len(form) && strings.EqualFold(ct[:len(form)], form) &&
		(len(ct) == len(form) || ct[len(form)] == ';' || ct[len(form)] == ' ')
}

// readForm reads r's form body and returns the request to send with the same
// bytes, and the Action found in them. When the body is exactly ContentLength
// bytes, the copy sent carries them as an in-memory reader (net/http then
// writes headers and body together) and inMemory is true: the caller closes
// r.Body once the base RoundTripper returns. Otherwise the copy carries the
// bytes read followed by the rest of the original body, read errors included,
// and the base RoundTripper closes it as usual.
func readForm(r *http.Request) (send *http.Request, op []byte, inMemory bool) {
	buf := make([]byte, r.ContentLength+1)
	n, err := io.ReadFull(r.Body, buf)
	buf = buf[:n]
	op = formValueBytes(buf, "Action")

	if int64(n) == r.ContentLength && err == io.ErrUnexpectedEOF {
		m := &memRequest{req: *r, buf: buf}
		m.r.Reset(buf)
		send = &m.req
		send.Body = io.NopCloser(&m.r)
		if r.GetBody != nil {
			send.GetBody = m.getBody
		}
		return send, op, true
	}
	send = new(http.Request)
	*send = *r
	// A body shorter or longer than announced, or one that failed: hand the
	// base the same stream and let it report the mismatch as it would have.
	var rest io.Reader = r.Body
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		rest = errReader{err}
	}
	send.Body = &prefixBody{Reader: io.MultiReader(bytes.NewReader(buf), rest), closer: r.Body}
	return send, op, false
}

// memRequest is the request sent in place of one whose form body was read
// into memory, allocated together with the reader over that body.
type memRequest struct {
	req http.Request
	buf []byte
	r   bytes.Reader
}

func (m *memRequest) getBody() (io.ReadCloser, error) {
	return io.NopCloser(bytes.NewReader(m.buf)), nil
}

// prefixBody replays the bytes already read, then the rest of the body.
type prefixBody struct {
	io.Reader
	closer io.Closer
}

func (b *prefixBody) Close() error { return b.closer.Close() }

// errReader repeats a read error.
type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// attempt parses the attempt number of an amz-sdk-request header
// ("attempt=2; max=3"); it returns 1 when there is none.
func attempt(v string) int {
	for v != "" {
		var part string
		part, v, _ = strings.Cut(v, ";")
		part = strings.TrimSpace(part)
		if num, ok := strings.CutPrefix(part, "attempt="); ok {
			if n, err := strconv.Atoi(num); err == nil && n >= 1 && n <= 1<<20 {
				return n
			}
			return 1
		}
	}
	return 1
}

// credentialScope returns the service and region of a SigV4 credential scope
// ("AKID/20140226/us-west-2/ec2/aws4_request") from the Authorization header
// or a presigned URL's X-Amz-Credential parameter.
func credentialScope(r *http.Request) (service, region string) {
	var scope string
	if auth := header(r.Header, "Authorization"); strings.HasPrefix(auth, "AWS4-") {
		if i := strings.Index(auth, "Credential="); i >= 0 {
			scope = auth[i+len("Credential="):]
			if j := strings.IndexAny(scope, ", "); j >= 0 {
				scope = scope[:j]
			}
		}
	} else if r.URL != nil && strings.Contains(r.URL.RawQuery, "X-Amz-Credential=") {
		if v, ok := queryRaw(r.URL.RawQuery, "X-Amz-Credential"); ok {
			if u, err := url.QueryUnescape(v); err == nil {
				scope = u
			}
		}
	}
	// AKID / date / region / service / aws4_request
	parts := [5]string{}
	for i := range parts {
		var p string
		p, scope, _ = strings.Cut(scope, "/")
		parts[i] = p
	}
	if parts[4] != "aws4_request" || !validRegion(parts[2]) || !validName(parts[3]) {
		return "", ""
	}
	return parts[3], parts[2]
}

// validRegion reports whether s looks like an AWS region ("us-west-2").
func validRegion(s string) bool {
	if len(s) == 0 || len(s) > 32 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('a' <= c && c <= 'z') && !('0' <= c && c <= '9') && c != '-' {
			return false
		}
	}
	return true
}

// queryRaw returns the raw (still encoded) value of key in q.
func queryRaw(q, key string) (string, bool) {
	for q != "" {
		var part string
		part, q, _ = strings.Cut(q, "&")
		if name, value, _ := strings.Cut(part, "="); name == key {
			return value, true
		}
	}
	return "", false
}

// hasSecretParam reports whether an encoded query names a secret parameter.
func hasSecretParam(q string) bool {
	for q != "" {
		var part string
		part, q, _ = strings.Cut(q, "&")
		name, _, _ := strings.Cut(part, "=")
		if redact.IsSecretParam(name) {
			return true
		}
	}
	return false
}

// header returns the first value of a header given by its canonical name,
// without canonicalizing it again as http.Header.Get does.
func header(h http.Header, canonicalKey string) string {
	if v := h[canonicalKey]; len(v) > 0 {
		return v[0]
	}
	return ""
}
