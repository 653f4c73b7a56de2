package otelhook

import (
	"net/http"

	"github.com/requesthook/requesthook/internal/query"
)

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
// maxFormBody (smallBody).
func isForm(r *http.Request) bool {
	return smallBody(r) && hasContentType(r, "application/x-www-form-urlencoded")
}

// readForm reads r's form body as readBody does and returns the request to
// send, the body read whole (nil when it was not) and the Action found in
// it. The Action is only taken from a body read whole at its announced
// length: a partial body says nothing about the operation.
func readForm(r *http.Request) (send *http.Request, body, op []byte, inMemory bool) {
	send, body, inMemory = readBody(r)
	op, _ = formValue(body, "Action") // nil when there is none
	return send, body, op, inMemory
}
