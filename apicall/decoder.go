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
	*d = Decoder{}
	d.c.Start, d.c.End, d.c.Size, d.c.Attempt = start, end, -1, 1
}

// Attr reads one attribute; keys that are not part of a Call are ignored.
func (d *Decoder) Attr(key string, v attribute.Value) {
	if f, ok := Lookup(key); ok {
		d.SetValue(f, v)
	}
}

// A Field is the fact of a Call that an attribute key names. A reader that
// holds its values in another form than attribute.Value (a Collector's
// pdata) looks each key up first and converts only the values of keys that
// name a Field, with the typed setters below; Attr is Lookup and SetValue.
// The zero Field names no fact, and setting it does nothing.
type Field struct{ f *field }

// Lookup returns the Field that an attribute key names, under its own name
// or one that other instrumentations use, and reports whether there is one.
//
// It is a lookup in the key index, small enough to be inlined in a
// reader's loop.
func Lookup(key string) (Field, bool) {
	if uint(len(key)-minKeyLen) > maxKeyLen-minKeyLen {
		return Field{}, false
	}
	if e := &index.slots[slot(key, index.mult)]; e.name == key {
		return Field{e.f}, true
	}
	return Field{}, false
}

// LookupLine is Lookup for the fields that boto's line of a call and the
// choice of the spans that get one depend on: a reader that wants only
// Decoder.Record and Decoder.Reported (and a call's RPCSystem and
// Operation) hands the Decoder those and skips the other attributes. It
// reports false for the other keys, most without comparing them: a key
// whose slot in the index holds no such field cannot be one.
func LookupLine(key string) (Field, bool) {
	if uint(len(key)-minKeyLen) > maxKeyLen-minKeyLen {
		return Field{}, false
	}
	if e := &index.slots[slot(key, index.mult)]; e.line && e.name == key {
		return Field{e.f}, true
	}
	return Field{}, false
}

// SetValue reads the value v of an attribute of field f.
func (d *Decoder) SetValue(f Field, v attribute.Value) {
	if f.f != nil {
		d.set(f.f, v)
		d.isCall = d.isCall || f.f.call
	}
}

// SetString reads the string value s of an attribute of field f: what
// SetValue reads from attribute.StringValue(s).
func (d *Decoder) SetString(f Field, s string) {
	if f.f != nil {
		d.setString(f.f, s)
		d.isCall = d.isCall || f.f.call
	}
}

// SetInt reads the integer value n of an attribute of field f: what
// SetValue reads from attribute.Int64Value(n).
func (d *Decoder) SetInt(f Field, n int64) {
	if f.f != nil {
		d.setNumber(f.f, n)
		d.isCall = d.isCall || f.f.call
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
