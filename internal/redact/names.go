package redact

import (
	"strings"

	"github.com/requesthook/requesthook/internal/query"
)

// Redacted replaces every secret value.
const Redacted = "REDACTED"

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

// secretLens has bit n set when a name of secretParams is n bytes long.
var secretLens = func() (m uint64) {
	for _, s := range secretParams {
		m |= 1 << len(s)
	}
	return m
}()

// IsSecretParam reports whether a (still percent-encoded) query parameter
// name is one whose value is a secret: X-Amz-Signature, X-Amz-Credential,
// X-Amz-Security-Token, AWSAccessKeyId, Signature, SecurityToken, sig,
// X-Goog-Signature, or one of extra. Names are compared case-insensitively
// (Unicode simple folding, as strings.EqualFold) after percent-decoding.
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

// HasSecret reports whether an encoded query names a secret parameter, as
// IsSecretParam decides.
func HasSecret(rawQuery string, extra ...string) bool {
	for name := range query.All(rawQuery) {
		if IsSecretParam(name, extra...) {
			return true
		}
	}
	return false
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
