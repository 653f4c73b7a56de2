package otelhook

// typedError gives the error of an attempt that failed without a response
// the error.type its call span gets ("timeout", "connection_refused",
// "canceled"; see stableErrorType): otelhttp records the ErrorType method
// of the error the stage returns, in place of the error's type name. Other
// errors are returned as they are, so that net/http still recognises its
// own (a TLS record header that turns into http.ErrSchemeMismatch).
func typedError(err error) error {
	if t := stableErrorType(err); t != "" {
		return &attemptError{err: err, errorType: t}
	}
	return err
}

// attemptError is an error with a stable error.type. It wraps the error, so
// errors.Is and errors.As (a net.Error's Timeout, context.Canceled) see
// through it, and has the same message.
type attemptError struct {
	err       error
	errorType string
}

func (e *attemptError) Error() string     { return e.err.Error() }
func (e *attemptError) Unwrap() error     { return e.err }
func (e *attemptError) ErrorType() string { return e.errorType }

// Timeout and Temporary report what the wrapped error's own methods
// report (false when it has none): url.Error, which net/http's client puts
// around a RoundTripper's error, asks its Err directly.
func (e *attemptError) Timeout() bool {
	t, ok := e.err.(interface{ Timeout() bool })
	return ok && t.Timeout()
}

func (e *attemptError) Temporary() bool {
	t, ok := e.err.(interface{ Temporary() bool })
	return ok && t.Temporary()
}
