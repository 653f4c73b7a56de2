package redact

import (
	"net/url"
	"strings"

	"github.com/requesthook/requesthook/internal/query"
)

// URL returns raw with its secrets replaced by "REDACTED": the values of the
// secret query parameters (as Query decides, with extra; percent-encoded
// names included, every occurrence) and userinfo, which becomes
// "REDACTED:REDACTED" as the url.full semantic convention asks. Every other
// byte is kept, so URL is idempotent. A value that does not parse as a URL
// has its whole query and any userinfo redacted, so nothing secret slips
// through a parse error.
func URL(raw string, extra ...string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return unparsed(raw)
	}
	q, changed := Query(u.RawQuery, extra...)
	if !changed && u.User == nil {
		return raw
	}
	// url.Parse cuts the fragment at the first '#', then the query at the
	// first '?' of what is left; the userinfo ends at the authority's last '@'.
	rest, frag, hasFrag := strings.Cut(raw, "#")
	rest, _, hasQuery := strings.Cut(rest, "?")
	if u.User != nil {
		if i := strings.Index(rest, "//"); i >= 0 {
			auth := rest[i+2:]
			if j := strings.IndexByte(auth, '/'); j >= 0 {
				auth = auth[:j]
			}
			if at := strings.LastIndexByte(auth, '@'); at >= 0 {
				rest = rest[:i+2] + Redacted + ":" + Redacted + rest[i+2+at:]
			}
		}
	}
	if hasQuery {
		rest += "?" + q
	}
	if hasFrag {
		rest += "#" + frag
	}
	return rest
}

// Query replaces the values of the secret parameters of an encoded query
// (those IsSecretParam names, with extra, and "code" next to "state"),
// keeping every other byte, and reports whether it changed anything. A
// secret parameter without '=' gains one: "sig" becomes "sig=REDACTED".
func Query(q string, extra ...string) (string, bool) {
	s := secrets{q: q, extra: extra}
	var b []byte // nil until the first secret is found
	last := 0    // q[:last] is in b
	pos := 0     // start of the current parameter in q
	for name, value := range query.All(q) {
		end := pos + len(name) // end of the parameter in q
		if end < len(q) && q[end] == '=' {
			end += 1 + len(value)
		}
		if s.is(name) {
			if b == nil {
				b = make([]byte, 0, len(q)+len(Redacted))
			}
			b = append(b, q[last:pos+len(name)]...)
			b = append(b, "="+Redacted...)
			last = end
		}
		pos = end + 1
	}
	if b == nil {
		return q, false
	}
	return string(append(b, q[last:]...)), true
}

// unparsed handles a URL that url.Parse rejects: everything after the first
// '?' and any userinfo before the host are replaced.
func unparsed(raw string) string {
	s := raw
	if i := strings.IndexByte(s, '#'); i >= 0 {
		s = s[:i]
	}
	if i := strings.IndexByte(s, '?'); i >= 0 {
		s = s[:i+1] + Redacted
	}
	if i := strings.Index(s, "//"); i >= 0 {
		rest := s[i+2:]
		end := strings.IndexAny(rest, "/?")
		if end < 0 {
			end = len(rest)
		}
		if at := strings.LastIndexByte(rest[:end], '@'); at >= 0 {
			s = s[:i+2] + Redacted + ":" + Redacted + rest[at:]
		}
	}
	return s
}
