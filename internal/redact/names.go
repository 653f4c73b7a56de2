package redact

import (
	"strings"

	"github.com/requesthook/requesthook/internal/query"
)

// Redacted replaces every secret value.
const Redacted = "REDACTED"

// secretParams are the query parameters whose values are credentials,
// tokens or signatures, compared case-insensitively: SigV4 and SigV2
// presigned URLs, Azure SAS and Google signed URLs (the semantic
// conventions' list), then common OAuth 2.0 and API key names. Keep the
// list in IsSecretParam's documentation (and otelhook.WithRedactedParams')
// in step.
var secretParams = [...]string{
	// AWS, Azure SAS, Google
	"x-amz-signature",
	"x-amz-credential",
	"x-amz-security-token",
	"awsaccesskeyid",
	"signature",
	"securitytoken",
	"sig",
	"x-goog-signature",
	// OAuth 2.0 and API keys
	"access_token",
	"refresh_token",
	"id_token",
	"client_secret",
	"session_token",
	"token",
	"api_key",
	"apikey",
	"api-key",
	"password",
	"passwd",
	"secret",
	"auth",
	"authorization",
}

// secretLens has bit n set when a name of secretParams is n bytes long.
var secretLens = func() (m uint64) {
	for _, s := range secretParams {
		m |= 1 << len(s)
	}
	return m
}()

// IsSecretParam reports whether a (still percent-encoded) query parameter
// name is one whose value is a secret on its own: X-Amz-Signature,
// X-Amz-Credential, X-Amz-Security-Token, AWSAccessKeyId, Signature,
// SecurityToken, sig, X-Goog-Signature, access_token, refresh_token,
// id_token, client_secret, session_token, token, api_key, apikey, api-key,
// password, passwd, secret, auth, authorization, or one of extra (empty
// names ignored). Names are compared case-insensitively (Unicode simple
// folding, as strings.EqualFold) after percent-decoding. The OAuth 2.0
// authorization "code" is secret only next to a "state" parameter, which
// IsSecretParam cannot see: Query, HasSecret, URL, Error and Message redact
// it there.
func IsSecretParam(name string, extra ...string) bool {
	escaped := query.Escaped(name)
	if len(extra) == 0 && !escaped && (len(name) >= 64 || secretLens&(1<<len(name)) == 0) && isASCII(name) {
		// Only escapes and non-ASCII letters that fold to ASCII ones
		// ("ſig") change a name's length before comparison.
		return false
	}
	if escaped {
		if n, err := query.Unescape(name); err == nil {
			name = n
		}
	}
	for _, s := range secretParams {
		if strings.EqualFold(name, s) {
			return true
		}
	}
	for _, s := range extra {
		if s != "" && strings.EqualFold(name, s) {
			return true
		}
	}
	return false
}

// HasSecret reports whether an encoded query has a secret parameter: one
// IsSecretParam names, or "code" next to "state".
func HasSecret(rawQuery string, extra ...string) bool {
	s := secrets{q: rawQuery, extra: extra}
	for name := range query.All(rawQuery) {
		if s.is(name) {
			return true
		}
	}
	return false
}

// secrets decides which parameters of one encoded query are secret.
type secrets struct {
	q     string
	extra []string
	state int8 // whether q has a "state" parameter: 0 not looked up yet, 1 yes, -1 no
}

// is reports whether the parameter name of s.q is secret: IsSecretParam
// says so, or it is the OAuth 2.0 authorization "code" and s.q has "state".
func (s *secrets) is(name string) bool {
	if IsSecretParam(name, s.extra...) {
		return true
	}
	if !isName(name, "code") {
		return false
	}
	if s.state == 0 {
		s.state = -1
		for n := range query.All(s.q) {
			if isName(n, "state") {
				s.state = 1
				break
			}
		}
	}
	return s.state > 0
}

// isName reports whether the raw parameter name is want (lower-case ASCII),
// compared as IsSecretParam compares.
func isName(name, want string) bool {
	if len(name) == len(want) && strings.EqualFold(name, want) {
		return true
	}
	if len(name) == len(want) && isASCII(name) {
		return false
	}
	if n, err := query.Unescape(name); err == nil {
		name = n
	}
	return strings.EqualFold(name, want)
}

// isASCII reports whether s has only ASCII bytes.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
