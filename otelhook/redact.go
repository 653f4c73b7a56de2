package otelhook

import "github.com/requesthook/requesthook/internal/redact"

// RedactURL returns raw with its secrets replaced by "REDACTED": the values of
// the query parameters of the default list WithRedactedParams gives
// (X-Amz-Signature, X-Amz-Credential, X-Amz-Security-Token, AWSAccessKeyId,
// Signature, SecurityToken, sig, X-Goog-Signature, the OAuth 2.0 tokens and
// API keys, and code next to state; names compared case-insensitively,
// percent-encoded names included, every occurrence) and userinfo, which becomes "REDACTED:REDACTED" as the url.full
// semantic convention asks. Every other byte is kept, so RedactURL is
// idempotent. A value that does not parse as a URL has its whole query and
// any userinfo redacted, so nothing secret slips through a parse error.
func RedactURL(raw string) string {
	return redact.URL(raw)
}
