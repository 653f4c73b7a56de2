package fakeaws

import (
	"net/http"
	"strconv"
)

// Handler answers the requests of one operation. It returns the Response
// to send, or an error: an *Error is sent as the service's error document,
// any other error as a 500 InternalFailure. It is called from many
// goroutines at once.
type Handler func(r *Request) (*Response, error)

// Response is a successful answer. The Server adds the headers AWS sends
// (the request ID, the content type) unless Header sets them.
type Response struct {
	Status int         // 0 means 200
	Header http.Header // sent on top of, and replacing, the Server's headers
	Body   []byte      // sent verbatim

	// Chunked sends the body without a Content-Length, in chunked
	// encoding, as EC2 does for larger responses.
	Chunked bool
}

// Error is an AWS error the Server sends in its service's error format, so
// that the SDK's smithy.APIError reports ErrorCode() == Code and
// ErrorMessage() == Message.
type Error struct {
	Status  int // 0 means 400
	Code    string
	Message string
	Header  http.Header // sent on top of the Server's headers, e.g. Retry-After
}

// Error returns "Code: Message".
func (e *Error) Error() string { return e.Code + ": " + e.Message }

func (e *Error) status() int {
	if e.Status == 0 {
		return http.StatusBadRequest
	}
	return e.Status
}

// fault is the query protocols' <Type>: Sender for 4xx, Receiver for 5xx.
func (e *Error) fault() string {
	if e.status() >= 500 {
		return "Receiver"
	}
	return "Sender"
}

// write sends resp for req, with the protocol's headers under resp.Header.
func (s *Server) write(w http.ResponseWriter, req *Request, resp *Response) {
	status := resp.Status
	if status == 0 {
		status = http.StatusOK
	}
	h := w.Header()
	for k, vs := range resp.Header {
		h[http.CanonicalHeaderKey(k)] = vs
	}
	checksum(h, req, resp.Body)
	if resp.Chunked {
		h.Del("Content-Length")
	} else if h.Get("Content-Length") == "" && bodyAllowed(req.Method, status) {
		h.Set("Content-Length", strconv.Itoa(len(resp.Body)))
	}
	req.Status = status
	w.WriteHeader(status)
	if resp.Chunked {
		if f, ok := w.(http.Flusher); ok {
			f.Flush() // the headers go out now: the body is chunked
		}
	}
	if len(resp.Body) > 0 && bodyAllowed(req.Method, status) {
		w.Write(resp.Body) //nolint:errcheck // the client went away; nothing to do
	}
}

func bodyAllowed(method string, status int) bool {
	return method != http.MethodHead && status != http.StatusNoContent && status != http.StatusNotModified
}
