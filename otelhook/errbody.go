package otelhook

import (
	"io"
	"net/http"
	"sync"

	"go.opentelemetry.io/otel/trace"

	"github.com/requesthook/requesthook/apicall"
)

// errBody wraps the body of an error response (status 400 and above) below
// otelhttp, to set error.type to the AWS error code once the caller has read
// the body: at EOF, before otelhttp's wrapper above ends the span, or, when
// the body is closed first, from the errClose wrapper above otelhttp, before
// otelhttp's Close ends the span. Either way it lands after the status code
// otelhttp records as error.type, and so replaces it.
//
// It observes the bytes as the caller reads them and never reads ahead: the
// caller gets the same bytes, at the same time, with the same errors. Only
// a body of known length up to maxErrorBody is kept for its code; an
// x-amzn-ErrorType header names the code without looking at the body. It is
// safe for a Close concurrent with a Read.
type errBody struct {
	body io.ReadCloser
	span trace.Span

	call pendingCall // the Transport's call point, recorded with the code

	mu      sync.Mutex
	code    string // from the header, else found at the end
	observe bool   // keep the bytes read in buf
	buf     []byte
	done    bool
}

// observeError wraps resp.Body in an errBody when resp is an error response
// whose code can be known, and returns the errBody (nil when it did not).
func observeError(resp *http.Response, r *http.Request, span trace.Span) *errBody {
	if resp.Body == nil || resp.Body == http.NoBody || r.Method == http.MethodHead {
		return nil
	}
	code := headerErrorCode(header(resp.Header, "X-Amzn-Errortype"))
	observe := code == "" && resp.ContentLength > 0 && resp.ContentLength <= maxErrorBody
	if code == "" && !observe {
		return nil
	}
	b := &errBody{body: resp.Body, span: span, code: code, observe: observe}
	if observe {
		b.buf = make([]byte, 0, resp.ContentLength)
	}
	resp.Body = b
	return b
}

func (b *errBody) Read(p []byte) (int, error) {
	n, err := b.body.Read(p)
	if b.observe && n > 0 {
		b.mu.Lock()
		if !b.done {
			b.buf = append(b.buf, p[:min(n, cap(b.buf)-len(b.buf))]...)
		}
		b.mu.Unlock()
	}
	if err == io.EOF {
		b.finish()
	}
	return n, err
}

// Close closes the body; errClose has already called finish.
func (b *errBody) Close() error { return b.body.Close() }

// finish sets error.type from the code, once.
func (b *errBody) finish() {
	b.mu.Lock()
	if b.done {
		b.mu.Unlock()
		return
	}
	b.done = true
	code := b.code
	if code == "" && b.observe {
		code = bodyErrorCode(b.buf)
	}
	b.buf = nil
	b.mu.Unlock()
	if code != "" {
		setLateAttributes(b.span, apicall.Call{Size: -1, ErrorType: code})
	}
	b.call.record(code)
}

// pendingErrBodies hands an errBody from the stage below otelhttp to the
// Transport above it, keyed by the response both see. Only error responses
// pass through it.
var pendingErrBodies sync.Map // *http.Response → *errBody

// errClose wraps otelhttp's body of an error response above otelhttp: a
// body closed before EOF gets its error.type before otelhttp ends the span.
type errClose struct {
	body io.ReadCloser
	eb   *errBody
}

func (c *errClose) Read(p []byte) (int, error) { return c.body.Read(p) }

func (c *errClose) Close() error {
	c.eb.finish()
	return c.body.Close()
}
