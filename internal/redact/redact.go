package redact

import (
	"net/url"
	"strings"
)

// redacted replaces every secret value.
const redacted = "REDACTED"

// secretParams are the query parameters whose values are credentials or
// signatures (SigV4 and SigV2 presigned URLs, Azure SAS, Google signed URLs),
// compared case-insensitively.
var secretParams = [...]string{
	"x-amz-signature",
	"x-amz-credential",
	"x-amz-security-token",
	"awsaccesskeyid",
	"signature",
	"securitytoken",
	"sig",
	"x-goog-signature",
}

// IsSecretParam reports whether a (still percent-encoded) query parameter
// name is one of secretParams.
func IsSecretParam(name string) bool {
	switch len(name) {
	case 3, 9, 13, 14, 15, 16, 20: // the lengths of secretParams
	default:
		// Only escapes and non-ASCII letters that fold to ASCII ones
		// ("ſig") change a name's length before comparison.
		if strings.IndexByte(name, '%') < 0 && isASCII(name) {
			return false
		}
	}
	if strings.IndexByte(name, '%') >= 0 || strings.IndexByte(name, '+') >= 0 {
		if n, err := url.QueryUnescape(name); err == nil {
			name = n
		}
	}
	for _, s := range secretParams {
		if strings.EqualFold(name, s) {
			return true
		}
	}
	return false
}

// URL returns raw with its secrets replaced by "REDACTED": the values of
// the query parameters X-Amz-Signature, X-Amz-Credential, X-Amz-Security-Token,
// AWSAccessKeyId, Signature, SecurityToken, sig and X-Goog-Signature (names
// compared case-insensitively, percent-encoded names included, every
// occurrence) and userinfo, which becomes "REDACTED:REDACTED" as the url.full
// semantic convention asks. Every other byte is kept, so RedactURL is
// idempotent. A value that does not parse as a URL has its whole query and
// any userinfo redacted, so nothing secret slips through a parse error.
func URL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return redactUnparsed(raw)
	}
	q, changed := redactQuery(u.RawQuery)
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
				rest = rest[:i+2] + redacted + ":" + redacted + rest[i+2+at:]
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

// redactQuery replaces the values of secret parameters in an encoded query,
// keeping every other byte, and reports whether it changed anything.
func redactQuery(q string) (string, bool) {
	var b []byte // nil until the first secret is found
	for start := 0; start <= len(q); {
		end := strings.IndexByte(q[start:], '&')
		if end < 0 {
			end = len(q)
		} else {
			end += start
		}
		part := q[start:end]
		name, _, _ := strings.Cut(part, "=")
		if IsSecretParam(name) {
			if b == nil {
				b = make([]byte, 0, len(q)+len(redacted))
				b = append(b, q[:start]...)
			}
			b = append(b, name...)
			b = append(b, "="+redacted...)
		} else if b != nil {
			b = append(b, part...)
		}
		if b != nil && end < len(q) {
			b = append(b, '&')
		}
		start = end + 1
	}
	if b == nil {
		return q, false
	}
	return string(b), true
}

// redactUnparsed handles a URL that url.Parse rejects: everything after the
// first '?' and any userinfo before the host are replaced.
func redactUnparsed(raw string) string {
	s := raw
	if i := strings.IndexByte(s, '#'); i >= 0 {
		s = s[:i]
	}
	if i := strings.IndexByte(s, '?'); i >= 0 {
		s = s[:i+1] + redacted
	}
	if i := strings.Index(s, "//"); i >= 0 {
		rest := s[i+2:]
		end := strings.IndexAny(rest, "/?")
		if end < 0 {
			end = len(rest)
		}
		if at := strings.LastIndexByte(rest[:end], '@'); at >= 0 {
			s = s[:i+2] + redacted + ":" + redacted + rest[at:]
		}
	}
	return s
}

// Error hides the secrets of u in err's message: a base
// RoundTripper that is an http.Client (or wraps one) reports errors as
// *url.Error carrying the whole URL, and otelhttp copies the message into the
// span status. The error returned unwraps to err.
func Error(err error, u *url.URL) error {
	if u == nil {
		return err
	}
	var secrets []string
	if p, ok := u.User.Password(); ok && p != "" {
		secrets = append(secrets, p)
	}
	for q := u.RawQuery; q != ""; {
		var part string
		part, q, _ = strings.Cut(q, "&")
		name, value, _ := strings.Cut(part, "=")
		if value == "" || !IsSecretParam(name) {
			continue
		}
		secrets = append(secrets, value)
		if v, err := url.QueryUnescape(value); err == nil && v != value {
			secrets = append(secrets, v)
		}
	}
	msg := err.Error()
	redactedMsg := msg
	for _, s := range secrets {
		redactedMsg = strings.ReplaceAll(redactedMsg, s, redacted)
	}
	if redactedMsg == msg {
		return err
	}
	return &redactedError{err: err, msg: redactedMsg}
}

// redactedError is an error whose message had secrets removed.
type redactedError struct {
	err error
	msg string
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// isASCII reports whether s has only ASCII bytes.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
