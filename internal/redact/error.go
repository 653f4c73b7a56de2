package redact

import (
	"net/url"
	"strings"

	"github.com/requesthook/requesthook/internal/query"
)

// Error hides secrets in err's message: the password and the secret
// parameter values of u (the request's URL), raw and percent-decoded,
// wherever they appear, and then whatever Message finds in URLs the message
// quotes, such as the target of a redirect that *url.Error names instead of
// u. A base RoundTripper that is an http.Client (or wraps one) reports
// errors as *url.Error carrying a whole URL, and otelhttp copies the message
// into the span status. Error returns err itself when there is nothing to
// hide, and otherwise an error with the redacted message that unwraps to
// err. u may be nil; extra adds secret parameter names as in IsSecretParam.
func Error(err error, u *url.URL, extra ...string) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	red := msg
	if u != nil {
		if p, ok := u.User.Password(); ok && p != "" {
			red = strings.ReplaceAll(red, p, Redacted)
		}
		s := secrets{q: u.RawQuery, extra: extra}
		for name, value := range query.All(u.RawQuery) {
			if value == "" || !s.is(name) {
				continue
			}
			red = strings.ReplaceAll(red, value, Redacted)
			if v, err := query.Unescape(value); err == nil && v != value && v != "" {
				red = strings.ReplaceAll(red, v, Redacted)
			}
		}
	}
	red = Message(red, extra...)
	if red == msg {
		return err
	}
	return &redactedError{err: err, msg: red}
}

// redactedError is an error whose message had secrets removed.
type redactedError struct {
	err error
	msg string
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }
