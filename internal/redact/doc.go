// Package redact removes secrets from URLs, error messages and free text
// before they are recorded: the values of query parameters that carry
// credentials or signatures, and userinfo. It is the module's one redaction:
// otelhook's Transport (url.full and span status), otelhook.RedactURL and
// the other packages of the module use it, so a URL is redacted the same way
// wherever it is recorded.
//
// Every function takes optional extra secret parameter names, added to the
// built-in list (see IsSecretParam) and compared the same way; without them
// the functions allocate nothing unless they have something to redact. The
// functions are safe for concurrent use.
package redact
