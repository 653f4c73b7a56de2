package apicall

import (
	"errors"
	"strconv"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
)

// Decoder reads a Call from the attributes of a finished span. Hand it the
// span's times with Reset, each attribute with Attr, and take the Call with
// Call. It allocates nothing itself. A Decoder is not safe for concurrent use;
// its zero value is ready after Reset.
type Decoder struct {
	c          Call
	isCall     bool
	rpcService string
	errorType  string
}

// Reset starts reading a span that ran from start to end.
func (d *Decoder) Reset(start, end time.Time) {
	*d = Decoder{c: Call{Start: start, End: end, Size: -1, Attempt: 1}}
}

// Attr reads one attribute; keys that are not part of a Call are ignored.
func (d *Decoder) Attr(key string, v attribute.Value) {
	f := lookup(key)
	if f == nil {
		return
	}
	d.read(f, v)
	if f.call {
		d.isCall = true
	}
}

// Call returns the Call read, given the span's status. It reports false for
// a span that carries neither http.request.method nor rpc.method (nor their
// older names): an application's own span, not a call. A call whose status
// is Error and which got no response has an Err with the status description
// (else its error.type, else "request failed").
func (d *Decoder) Call(code codes.Code, description string) (Call, bool) {
	if !d.isCall {
		return Call{}, false
	}
	c := d.c
	if c.Service == "" && d.rpcService != "" {
		c.Service = d.rpcService
	}
	// error.type is kept unless the status code implies it.
	if t := d.errorType; t != "" && (c.StatusCode < 400 || !isDecimal(t, c.StatusCode)) {
		c.ErrorType = t
	}
	if code == codes.Error && c.StatusCode == 0 {
		msg := description
		if msg == "" {
			msg = d.errorType
		}
		if msg == "" {
			msg = "request failed"
		}
		c.Err = errors.New(msg)
	}
	return c, true
}

// isDecimal reports whether s is n in decimal, without allocating.
func isDecimal(s string, n int) bool {
	var buf [20]byte
	return string(strconv.AppendInt(buf[:0], int64(n), 10)) == s
}
