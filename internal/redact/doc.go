// Package redact is the one redaction of the module: every URL, query and
// error message that becomes a span attribute, a span status or a log line
// goes through it, so signatures, credentials and tokens never leave the
// process.
package redact
