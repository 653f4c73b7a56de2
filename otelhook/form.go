package otelhook

import (
	"bytes"
	"io"
	"net/http"
	"strings"

	"github.com/requesthook/requesthook/internal/query"
)

// maxFormBody is the largest form body read to find its Action parameter.
const maxFormBody = 64 << 10

// formValue returns the first value of key in an encoded query or form body,
// decoded, if it is a valid name, and the zero value ("" or nil) otherwise.
// It allocates only for percent-encoded values; a []byte result aliases q
// unless it was percent-encoded.
func formValue[T query.Text](q T, key string) (value T, ok bool) {
	if v, found := query.Get(q, key); found {
		if v, err := query.Unescape(v); err == nil && validName(v) {
			return v, true
		}
	}
	return value, false
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
// r.Body once the base RoundTripper returns. A body marked by markMismatch
// (the caller's is in memory, of another length) is read whole and handed
// over from memory too, so that net/http fails on the mismatch before
// writing anything, as it does without the Transport. Otherwise the copy
// carries the bytes read followed by the rest of the original body, read
// errors included, and the base RoundTripper closes it as usual. The Action
// is only taken from a body read whole at its announced length: a partial
// body says nothing about the operation.
func readForm(r *http.Request) (send *http.Request, op []byte, inMemory bool) {
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
		op, _ = formValue(buf, "Action") // nil when there is none
		return memSend(r, buf), op, true
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
