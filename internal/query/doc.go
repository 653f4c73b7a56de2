// Package query walks URL-encoded parameter lists: the query of a URL, an
// application/x-www-form-urlencoded body, and header values made of
// "name=value" pairs. It is the module's one splitter for them, so that
// operation detection and secret redaction read a query the same way.
//
// Everything works on the raw (still encoded) text, as a string or a []byte,
// without allocating; Unescape decodes a name or a value, and allocates only
// when it has something to decode. The functions are safe for concurrent use.
package query
