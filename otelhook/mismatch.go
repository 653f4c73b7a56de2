package otelhook

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"reflect"
	"strings"
)

// mismatchKey marks, in a request's context, a body that net/http knows to
// be in memory and whose length is not the request's ContentLength.
type mismatchKey struct{}

// markMismatch returns r, or, when r carries a body the stage may read
// (smallBody) held by a reader net/http knows to be in memory
// (*bytes.Reader, *bytes.Buffer, *strings.Reader, alone or in io.NopCloser)
// whose unread length is not
// ContentLength, a shallow copy of r whose context says so. net/http writes
// such a body together with the headers and fails on the mismatch before
// anything leaves; below otelhttp, which wraps the body, the stage can no
// longer see its type, and readBody uses the mark to fail the same way. The
// check reads and allocates nothing; only a marked request allocates.
func markMismatch(r *http.Request) *http.Request {
	if !smallBody(r) {
		return r
	}
	if n, ok := inMemoryLen(r.Body); !ok || n == r.ContentLength {
		return r
	}
	return r.WithContext(context.WithValue(r.Context(), mismatchKey{}, true))
}

// nopCloserTypes are the types io.NopCloser returns, which net/http looks
// through (unwrapNopCloser in net/http/transfer.go).
var nopCloserTypes = [...]reflect.Type{
	reflect.TypeOf(io.NopCloser(nil)),
	reflect.TypeOf(io.NopCloser(struct {
		io.Reader
		io.WriterTo
	}{})),
}

// inMemoryLen returns the unread length of body when it is one of the
// readers net/http's isKnownInMemoryReader accepts.
func inMemoryLen(body io.Reader) (int64, bool) {
	switch b := body.(type) {
	case *bytes.Reader:
		return int64(b.Len()), true
	case *bytes.Buffer:
		return int64(b.Len()), true
	case *strings.Reader:
		return int64(b.Len()), true
	}
	if t := reflect.TypeOf(body); t == nopCloserTypes[0] || t == nopCloserTypes[1] {
		return inMemoryLen(reflect.ValueOf(body).Field(0).Interface().(io.Reader))
	}
	return 0, false
}

// sendUnrecorded sends r with base when no span records it: a body marked by
// markMismatch is still handed over from memory, so that net/http fails on
// it as it would without the Transport.
func sendUnrecorded(base http.RoundTripper, r *http.Request) (*http.Response, error) {
	if !smallBody(r) || r.Context().Value(mismatchKey{}) == nil {
		return base.RoundTrip(r)
	}
	send, _, inMemory := readBody(r)
	resp, err := base.RoundTrip(send)
	if inMemory {
		_ = r.Body.Close()
	}
	return resp, err
}
