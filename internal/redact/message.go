package redact

import "strings"

// Message returns msg with the secrets of the URLs it quotes redacted, as URL
// redacts them: an error message such as
//
//	Get "https://h/k?X-Amz-Signature=abc": dial tcp: connection refused
//
// becomes
//
//	Get "https://h/k?X-Amz-Signature=REDACTED": dial tcp: connection refused
//
// A URL is any token of msg, between spaces, quotes ('"', '\”, '`') or angle
// brackets, that has "://" or a '?': its secret parameters and userinfo are
// redacted, or its whole query when it does not parse. The rest of msg is
// kept byte for byte, so Message is idempotent. It returns msg itself, without
// allocating, when msg quotes no URL.
func Message(msg string, extra ...string) string {
	var b strings.Builder // empty until something changed
	last := 0             // msg[:last] is in b
	for i := 0; i < len(msg); {
		if isDelim(msg[i]) {
			i++
			continue
		}
		j := i + 1
		for j < len(msg) && !isDelim(msg[j]) {
			j++
		}
		if tok := msg[i:j]; strings.Contains(tok, "://") || strings.IndexByte(tok, '?') >= 0 {
			if r := URL(tok, extra...); r != tok {
				if b.Len() == 0 {
					b.Grow(len(msg) + len(Redacted))
				}
				b.WriteString(msg[last:i])
				b.WriteString(r)
				last = j
			}
		}
		i = j
	}
	if last == 0 {
		return msg
	}
	b.WriteString(msg[last:])
	return b.String()
}

// isDelim reports whether c ends a token of a message.
func isDelim(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\r', '"', '\'', '`', '<', '>':
		return true
	}
	return false
}
