package otelhook

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
)

// isJSON reports whether r carries a small body (smallBody) of the AWS
// JSON protocol: application/x-amz-json-1.0 or application/x-amz-json-1.1.
func isJSON(r *http.Request) bool {
	return smallBody(r) && (hasContentType(r, "application/x-amz-json-1.0") ||
		hasContentType(r, "application/x-amz-json-1.1"))
}

// jsonMember returns the raw value of the first member called name of the
// JSON object b, at its top level only (a member of the same name inside
// another value, a DynamoDB item's attribute for instance, is not it), or
// nil when b is not an object or has no such member. It allocates only for
// member names with escapes.
func jsonMember(b []byte, name string) []byte {
	var found []byte
	jsonMembers(b, func(key, value []byte) bool {
		if jsonKeyIs(key, name) {
			found = value
			return false
		}
		return true
	})
	return found
}

// jsonMembers calls f with the raw name (without quotes, escapes kept) and
// the raw value of each member of the JSON object b, in order, until f
// returns false or the object ends. It reports whether b is an object it
// read to its end or until f stopped; a malformed object ends the walk
// early and reports false.
func jsonMembers(b []byte, f func(key, value []byte) bool) bool {
	s := jsonScanner{b: b}
	if !s.byte('{') {
		return false
	}
	if s.byte('}') {
		return true
	}
	for {
		key, ok := s.str()
		if !ok || !s.byte(':') {
			return false
		}
		s.ws()
		start := s.i
		if !s.skipValue() {
			return false
		}
		if !f(key, s.b[start:s.i]) {
			return true
		}
		if s.byte('}') {
			return true
		}
		if !s.byte(',') {
			return false
		}
	}
}

// jsonKeyIs reports whether a raw member name is name.
func jsonKeyIs(key []byte, name string) bool {
	if bytes.IndexByte(key, '\\') < 0 {
		return string(key) == name
	}
	s, ok := jsonUnquote(key)
	return ok && s == name
}

// jsonString returns the string a raw JSON value holds, as valid UTF-8, or
// "" when the value is not a string.
func jsonString(v []byte) string {
	if len(v) < 2 || v[0] != '"' || v[len(v)-1] != '"' {
		return ""
	}
	s, _ := jsonUnquote(v[1 : len(v)-1])
	return s
}

// jsonUnquote decodes the contents of a JSON string (without its quotes).
func jsonUnquote(raw []byte) (string, bool) {
	if bytes.IndexByte(raw, '\\') < 0 {
		return validUTF8(string(raw)), true
	}
	q := make([]byte, 0, len(raw)+2)
	q = append(append(append(q, '"'), raw...), '"')
	var s string
	if err := json.Unmarshal(q, &s); err != nil {
		return "", false
	}
	return validUTF8(s), true
}

// jsonKeys returns the member names of the raw JSON object v, decoded,
// sorted and joined with commas, or "" when it has none or is malformed.
func jsonKeys(v []byte) string {
	var keys []string
	ok := jsonMembers(v, func(key, _ []byte) bool {
		if k, ok := jsonUnquote(key); ok && k != "" {
			keys = append(keys, k)
		}
		return true
	})
	if !ok || len(keys) == 0 {
		return ""
	}
	slices.Sort(keys)
	return strings.Join(keys, ",")
}

// jsonScanner walks a JSON document without decoding it.
type jsonScanner struct {
	b []byte
	i int
}

// ws skips white space.
func (s *jsonScanner) ws() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\r', '\n':
			s.i++
		default:
			return
		}
	}
}

// byte skips white space and c, and reports whether c was there.
func (s *jsonScanner) byte(c byte) bool {
	s.ws()
	if s.i < len(s.b) && s.b[s.i] == c {
		s.i++
		return true
	}
	return false
}

// str skips white space and a string, and returns its raw contents.
func (s *jsonScanner) str() ([]byte, bool) {
	if !s.byte('"') {
		return nil, false
	}
	start := s.i
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case '\\':
			s.i += 2
		case '"':
			s.i++
			return s.b[start : s.i-1], true
		default:
			s.i++
		}
	}
	return nil, false
}

// skipValue skips one value: a string, an object or array (whatever they
// hold), or a number or literal.
func (s *jsonScanner) skipValue() bool {
	if s.i >= len(s.b) {
		return false
	}
	switch s.b[s.i] {
	case '"':
		_, ok := s.str()
		return ok
	case '{', '[':
		depth := 0
		for s.i < len(s.b) {
			switch s.b[s.i] {
			case '"':
				if _, ok := s.str(); !ok {
					return false
				}
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					s.i++
					return true
				}
			}
			s.i++
		}
		return false
	}
	start := s.i
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ',', '}', ']', ' ', '\t', '\r', '\n':
			return s.i > start
		}
		s.i++
	}
	return s.i > start
}
