package fakeaws

import (
	"errors"
	"hash/crc32"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// maxRequestBody caps what the Server reads of a request body.
const maxRequestBody = 64 << 20

// ServeHTTP answers one request: it names its service and operation, checks
// the signature (with RequireSigV4), then answers with the first of a
// pending FailNext, a FailAlways, a Handle or Respond, the operation's
// default answer, or the service's "unknown operation" error; and records
// the request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	body, readErr := io.ReadAll(http.MaxBytesReader(w, r.Body, maxRequestBody))
	req, problem := identify(r, body)
	req.Time = start
	req.RequestID = s.newRequestID(req.Protocol)
	s.baseHeaders(w.Header(), req)
	defer func() {
		req.RequestID = w.Header().Get(requestIDHeader(req.Protocol))
		s.record(req)
	}()

	switch {
	case readErr != nil:
		s.fail(w, req, &Error{Status: http.StatusRequestEntityTooLarge, Code: "RequestEntityTooLarge",
			Message: "The request body could not be read: " + readErr.Error()})
		return
	case s.opts.requireSigV4 && !signed(r):
		s.fail(w, req, authError(req.Protocol))
		return
	case problem != nil:
		s.fail(w, req, problem)
		return
	}
	failure, h := s.plan(req)
	if failure != nil {
		s.fail(w, req, failure)
		return
	}
	if h == nil {
		h = s.defaultHandler(req)
	}
	if h == nil {
		s.fail(w, req, unknownOperation(req))
		return
	}
	resp, err := h(req)
	var apiErr *Error
	switch {
	case errors.As(err, &apiErr):
		s.fail(w, req, apiErr)
	case err != nil:
		s.fail(w, req, &Error{Status: http.StatusInternalServerError, Code: "InternalFailure", Message: err.Error()})
	case resp == nil:
		s.write(w, req, &Response{})
	default:
		s.write(w, req, resp)
	}
}

// signed reports whether r carries a SigV4 signature.
func signed(r *http.Request) bool {
	return strings.HasPrefix(r.Header.Get("Authorization"), "AWS4-HMAC-SHA256 ") ||
		r.URL.Query().Get("X-Amz-Algorithm") == "AWS4-HMAC-SHA256"
}

// authError is what the protocol's services answer to an unsigned request.
func authError(p Protocol) *Error {
	switch p {
	case EC2Query:
		return &Error{Status: http.StatusUnauthorized, Code: "AuthFailure",
			Message: "AWS was not able to validate the provided access credentials"}
	case RESTXML:
		return &Error{Status: http.StatusForbidden, Code: "AccessDenied", Message: "Access Denied"}
	case JSON:
		return &Error{Code: "MissingAuthenticationTokenException", Message: "Request is missing Authentication Token"}
	}
	return &Error{Status: http.StatusForbidden, Code: "MissingAuthenticationToken", Message: "Request is missing Authentication Token"}
}

// unknownOperation is the error for an operation the Server has no answer
// for.
func unknownOperation(req *Request) *Error {
	switch req.Protocol {
	case EC2Query:
		return &Error{Code: "InvalidAction", Message: "The action " + req.Operation + " is not valid for this web service."}
	case Query:
		return &Error{Code: "InvalidAction", Message: "Could not find operation " + req.Operation + " for version " + req.Form.Get("Version")}
	case RESTXML:
		return &Error{Status: http.StatusNotImplemented, Code: "NotImplemented",
			Message: "A header you provided implies functionality that is not implemented"}
	case RESTJSON:
		return &Error{Status: http.StatusNotFound, Code: "UnknownOperationException", Message: "Unknown operation " + req.Operation}
	}
	return &Error{Code: "UnknownOperationException", Message: ""}
}

// baseHeaders sets the headers the service sends with every response.
func (s *Server) baseHeaders(h http.Header, req *Request) {
	switch req.Protocol {
	case EC2Query:
		h.Set("x-amzn-RequestId", req.RequestID)
		h.Set("Server", "AmazonEC2")
		h.Set("Cache-Control", "no-cache, no-store")
		h.Set("Content-Type", "text/xml;charset=UTF-8")
	case Query:
		h.Set("x-amzn-RequestId", req.RequestID)
		h.Set("Content-Type", "text/xml")
	case JSON:
		h.Set("x-amzn-RequestId", req.RequestID)
		ct := req.Header.Get("Content-Type")
		if !strings.HasPrefix(ct, "application/x-amz-json-") {
			ct = "application/x-amz-json-1.0"
		}
		h.Set("Content-Type", ct)
	case RESTXML:
		h.Set("x-amz-request-id", req.RequestID)
		h.Set("x-amz-id-2", newExtendedRequestID())
		h.Set("Server", "AmazonS3")
	case RESTJSON:
		h.Set("x-amzn-RequestId", req.RequestID)
		h.Set("Content-Type", "application/json")
	}
}

// requestIDHeader is the header the protocol's services send the request ID
// in.
func requestIDHeader(p Protocol) string {
	if p == RESTXML {
		return "x-amz-request-id"
	}
	return "x-amzn-RequestId"
}

// checksum adds DynamoDB's X-Amz-Crc32 of the body, which the SDK checks,
// unless the response sets its own.
func checksum(h http.Header, req *Request, body []byte) {
	if req.Service == "DynamoDB" && h.Get("X-Amz-Crc32") == "" {
		h.Set("X-Amz-Crc32", strconv.FormatUint(uint64(crc32.ChecksumIEEE(body)), 10))
	}
}
