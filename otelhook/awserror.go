package otelhook

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/url"
	"strings"
	"syscall"
	"unicode/utf8"

	"github.com/aws/smithy-go"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"

	"github.com/requesthook/requesthook/internal/redact"
)

// maxErrorBody is the largest error response body observed for its code.
const maxErrorBody = 64 << 10

// maxStatusMessage bounds the span status description of a failed call.
const maxStatusMessage = 512

// Low-cardinality error.type values of calls that failed without an AWS
// error response.
const (
	errorTypeTimeout           = "timeout"
	errorTypeConnectionRefused = "connection_refused"
	errorTypeCanceled          = "canceled"
)

// callError returns the error.type and the status description of a failed
// SDK call: the AWS error code and message of an API error (an
// smithy.APIError anywhere in the chain), else "canceled", "timeout",
// "connection_refused" or the type name semantic conventions derive from
// the innermost error that is not one of the SDK's or net/url's wrappers.
// The message has the secrets of u's query (and any URL it quotes) removed,
// redacted names added, and is at most
// maxStatusMessage bytes of valid UTF-8.
func callError(err error, u *url.URL, redacted []string) (errorType, msg string) {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		errorType = ae.ErrorCode()
		if !validCode(errorType) {
			errorType = semconv.ErrorTypeOther.Value.AsString()
		}
		msg = ae.ErrorMessage()
		if msg == "" {
			msg = errorType
		}
	} else {
		errorType = transportErrorType(err)
		msg = err.Error()
	}
	if u != nil {
		msg = redact.Error(errors.New(msg), u, redacted...).Error()
	} else {
		msg = redact.Message(msg, redacted...)
	}
	return errorType, boundMessage(msg)
}

// transportErrorType classifies an error that carries no AWS error code:
// stableErrorType, else the type name of the innermost error that is not a
// wrapper.
func transportErrorType(err error) string {
	if t := stableErrorType(err); t != "" {
		return t
	}
	inner := err
	for e := err; e != nil; e = errors.Unwrap(e) {
		inner = e
		if !isWrapper(e) {
			break
		}
	}
	return semconv.ErrorType(inner).Value.AsString()
}

// stableErrorType returns "canceled", "timeout" or "connection_refused"
// when err is, or wraps, such a failure, and "" otherwise.
func stableErrorType(err error) string {
	switch {
	case errors.Is(err, context.Canceled):
		return errorTypeCanceled
	case errors.Is(err, context.DeadlineExceeded):
		return errorTypeTimeout
	case errors.Is(err, syscall.ECONNREFUSED):
		return errorTypeConnectionRefused
	}
	if ne, ok := errors.AsType[net.Error](err); ok && ne.Timeout() {
		return errorTypeTimeout
	}
	return ""
}

// isWrapper reports whether err only wraps another error on the way from the
// HTTP client to the SDK's caller.
func isWrapper(err error) bool {
	if _, ok := err.(*url.Error); ok {
		return true
	}
	if _, ok := err.(interface{ Unwrap() error }); !ok {
		return false
	}
	t := semconv.ErrorType(err).Value.AsString()
	return strings.Contains(t, "github.com/aws/") || strings.Contains(t, "requesthook/internal/redact")
}

// boundMessage cuts msg to at most maxStatusMessage bytes of valid UTF-8.
func boundMessage(msg string) string {
	if len(msg) > maxStatusMessage {
		cut := maxStatusMessage
		for cut > 0 && !utf8.RuneStart(msg[cut]) {
			cut--
		}
		msg = msg[:cut]
	}
	if !utf8.ValidString(msg) {
		msg = strings.ToValidUTF8(msg, "\uFFFD")
	}
	return msg
}

// validCode reports whether s can be an AWS error code: 1 to maxNameLen
// ASCII letters, digits, '.', '_' or '-', starting with a letter
// ("InvalidVolume.NotFound", "NoSuchKey"). Anything else is not recorded, so
// error.type keeps a low cardinality.
func validCode(s string) bool {
	if len(s) == 0 || len(s) > maxNameLen || !isLetter(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if c := s[i]; !isLetter(c) && !('0' <= c && c <= '9') && c != '_' && c != '-' && c != '.' {
			return false
		}
	}
	return true
}

// headerErrorCode returns the error code of an x-amzn-ErrorType header value
// ("ValidationException:http://internal.amazon.com/...", or with a
// "namespace#" prefix), or "".
func headerErrorCode(v string) string {
	if i := strings.IndexByte(v, ':'); i >= 0 {
		v = v[:i]
	}
	if i := strings.LastIndexByte(v, '#'); i >= 0 {
		v = v[i+1:]
	}
	v = strings.TrimSpace(v)
	if !validCode(v) {
		return ""
	}
	return v
}

// bodyErrorCode returns the error code of an AWS error document, or "": the
// first <Code> element of an XML document (EC2's
// <Response><Errors><Error><Code>, the query protocol's
// <ErrorResponse><Error><Code>, S3's <Error><Code>), or the "__type" member
// of a JSON document, without its "namespace#" prefix.
func bodyErrorCode(b []byte) string {
	b = bytes.TrimLeft(b, " \t\r\n\ufeff")
	if len(b) == 0 {
		return ""
	}
	var code []byte
	switch b[0] {
	case '<':
		i := bytes.Index(b, []byte("<Code>"))
		if i < 0 {
			return ""
		}
		rest := b[i+len("<Code>"):]
		j := bytes.IndexByte(rest, '<')
		if j < 0 {
			return ""
		}
		code = bytes.TrimSpace(rest[:j])
	case '{':
		code = jsonStringMember(b, "__type")
		if i := bytes.LastIndexByte(code, '#'); i >= 0 {
			code = code[i+1:]
		}
	}
	if !validCode(string(code)) {
		return ""
	}
	return string(code)
}

// jsonStringMember returns the raw value of the first string member named
// name in a JSON object, without unescaping (codes need none), or nil.
func jsonStringMember(b []byte, name string) []byte {
	key := `"` + name + `"`
	for {
		i := bytes.Index(b, []byte(key))
		if i < 0 {
			return nil
		}
		b = bytes.TrimLeft(b[i+len(key):], " \t\r\n")
		if len(b) == 0 || b[0] != ':' {
			continue
		}
		b = bytes.TrimLeft(b[1:], " \t\r\n")
		if len(b) == 0 || b[0] != '"' {
			return nil
		}
		b = b[1:]
		j := bytes.IndexAny(b, "\"\\")
		if j < 0 {
			return nil
		}
		return b[:j]
	}
}
