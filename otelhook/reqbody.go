package otelhook

import (
	"bytes"
	"io"
	"net/http"
	"strings"
)

// maxRequestBody is the largest request body the Transport reads: to find
// a form body's Action and the resource a form or JSON body names, and to
// hand an SDK request's body over from memory.
const maxRequestBody = 64 << 10

// maxFormBody is the largest form body read to find its Action parameter.
const maxFormBody = maxRequestBody

// smallBody reports whether r carries a body the Transport may read whole
// before sending it: one of known length, 1 to maxRequestBody bytes, that
// the server is not asked to accept first (Expect: 100-continue). Bodies of
// unknown length are streams and are never read.
func smallBody(r *http.Request) bool {
	return r.Body != nil && r.Body != http.NoBody && r.ContentLength > 0 &&
		r.ContentLength <= maxRequestBody && len(r.Header["Expect"]) == 0
}

// hasContentType reports whether r's Content-Type is mediaType, compared
// case-insensitively, with or without parameters.
func hasContentType(r *http.Request, mediaType string) bool {
	ct := header(r.Header, "Content-Type")
	return len(ct) >= len(mediaType) && strings.EqualFold(ct[:len(mediaType)], mediaType) &&
		(len(ct) == len(mediaType) || ct[len(mediaType)] == ';' || ct[len(mediaType)] == ' ')
}

// readBody reads r's body (smallBody) and returns the request to send with
// the same bytes, and the body when it was read whole at its announced
// length (nil otherwise). When the body is exactly ContentLength bytes, the
// copy sent carries them as an in-memory reader (net/http then writes
// headers and body together) and inMemory is true: the caller closes r.Body
// once the base RoundTripper returns, and the copy's GetBody, kept when r
// has one, replays the same bytes. A body marked by markMismatch (the
// caller's is in memory, of another length) is read whole and handed over
// from memory too, so that net/http fails on the mismatch before writing
// anything, as it does without the Transport; its bytes are not returned.
// Otherwise the copy carries the bytes read followed by the rest of the
// original body, read errors included, and the base RoundTripper closes it
// as usual. r itself is never modified.
func readBody(r *http.Request) (send *http.Request, body []byte, inMemory bool) {
	if r.Context().Value(mismatchKey{}) != nil {
		buf, err := io.ReadAll(r.Body)
		if err == nil {
			return memSend(r, buf), nil, true
		}
		return prefixSend(r, buf, err), nil, false
	}
	buf := make([]byte, r.ContentLength+1)
	n, err := io.ReadFull(r.Body, buf)
	buf = buf[:n]
	if int64(n) == r.ContentLength && err == io.ErrUnexpectedEOF {
		return memSend(r, buf), buf, true
	}
	// A body shorter or longer than announced, or one that failed: hand the
	// base the same stream and let it report the mismatch as it would have.
	return prefixSend(r, buf, err), nil, false
}

// memSend returns a copy of r that carries buf as its body, from memory.
func memSend(r *http.Request, buf []byte) *http.Request {
	m := &memRequest{req: *r, buf: buf}
	m.r.Reset(buf)
	send := &m.req
	send.Body = io.NopCloser(&m.r)
	if r.GetBody != nil {
		send.GetBody = m.getBody
	}
	return send
}

// prefixSend returns a copy of r whose body replays buf, then the rest of
// r.Body, or err when reading it failed with more than EOF.
func prefixSend(r *http.Request, buf []byte, err error) *http.Request {
	send := new(http.Request)
	*send = *r
	var rest io.Reader = r.Body
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		rest = errReader{err}
	}
	send.Body = &prefixBody{Reader: io.MultiReader(bytes.NewReader(buf), rest), closer: r.Body}
	return send
}

// memRequest is the request sent in place of one whose body was read into
// memory, allocated together with the reader over that body.
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
