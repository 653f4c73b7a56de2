package query

import (
	"iter"
	"net/url"
)

// Text is the raw form of a query: a string, or a []byte such as a request
// body.
type Text interface{ ~string | ~[]byte }

// All returns an iterator over the parameters of an encoded query or form q,
// in order: for each '&'-separated part, its raw name and raw value, cut at
// the first '='. A part without '=' has an empty value, an empty part an
// empty name; a trailing '&' adds no part. Names and values are slices of q.
// ';' is not a separator, as in url.ParseQuery.
func All[T Text](q T) iter.Seq2[T, T] {
	return Split(q, '&')
}

// Split is All with another separator between the parts, for header values
// such as "attempt=2; max=3" (sep ';'). Spaces are kept: the second name
// there is " max".
func Split[T Text](q T, sep byte) iter.Seq2[T, T] {
	return func(yield func(name, value T) bool) {
		for len(q) > 0 {
			part := q
			q = q[len(q):]
			for i := 0; i < len(part); i++ {
				if part[i] == sep {
					part, q = part[:i], part[i+1:]
					break
				}
			}
			name, value := part, part[len(part):]
			for i := 0; i < len(part); i++ {
				if part[i] == '=' {
					name, value = part[:i], part[i+1:]
					break
				}
			}
			if !yield(name, value) {
				return
			}
		}
	}
}

// Get returns the raw value of the first parameter of q named key (compared
// as raw text, case-sensitively), and whether q has one: "a&b=1" has "a"
// with an empty value.
func Get[T Text](q T, key string) (T, bool) {
	for name, value := range All(q) {
		if string(name) == key {
			return value, true
		}
	}
	return q[:0], false
}

// Has reports whether q has a parameter named key, with or without a value.
func Has[T Text](q T, key string) bool {
	_, ok := Get(q, key)
	return ok
}

// Unescape decodes a raw name or value as url.QueryUnescape does ('+' is a
// space). When s has no '%' and no '+' it returns s itself without
// allocating; a []byte result then aliases s.
func Unescape[T Text](s T) (T, error) {
	if !Escaped(s) {
		return s, nil
	}
	u, err := url.QueryUnescape(string(s))
	if err != nil {
		return s[:0], err
	}
	return T(u), nil
}

// Escaped reports whether s has a '%' or a '+', the bytes Unescape decodes.
func Escaped[T Text](s T) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '%' || s[i] == '+' {
			return true
		}
	}
	return false
}
