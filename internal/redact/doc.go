// Package redact is the one redaction of the module: every URL, query and
// error message that becomes a span attribute, a span status or a log line
// goes through it (otelhook's Transport and RedactURL, apicall, the bridge),
// so signatures, credentials and tokens never leave the process, and a URL
// is redacted the same way wherever it is recorded. It removes the values of
// query parameters that carry credentials, tokens or signatures, and
// userinfo, from URLs, error messages and free text.
//
// Every function takes optional extra secret parameter names, added to the
// built-in list (see IsSecretParam) and compared the same way; without them
// the functions allocate nothing unless they have something to redact. The
// functions are safe for concurrent use.
package redact
