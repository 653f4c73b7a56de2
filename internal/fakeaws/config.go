package fakeaws

// Any, as the service or the operation of Handle, Respond, FailNext,
// FailAlways, Reset and Count, matches every service or operation. A rule
// for the exact operation wins over one for Any operation of its service,
// which wins over one for Any service.
const Any = "*"

type key struct{ service, operation string }

// rule is how one operation (or Any) is answered.
type rule struct {
	handler    Handler
	failNext   int
	failErr    Error
	failAlways *Error
}

func (s *Server) ruleFor(service, operation string) *rule {
	k := key{service, operation}
	r := s.rules[k]
	if r == nil {
		r = &rule{}
		s.rules[k] = r
	}
	return r
}

// Handle makes h answer the operation's requests, in place of the default
// answer or an earlier Handle or Respond. Failures set with FailNext and
// FailAlways still come first.
func (s *Server) Handle(service, operation string, h Handler) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ruleFor(service, operation).handler = h
}

// Respond makes the operation answer every request with resp, as Handle
// does.
func (s *Server) Respond(service, operation string, resp Response) {
	s.Handle(service, operation, func(*Request) (*Response, error) {
		r := resp
		return &r, nil
	})
}

// FailNext makes the next n requests of the operation fail with e (adding to
// those still pending), then the operation answers as before. It is how a
// test throttles: FailNext("EC2", "DescribeVolumes", 1, Error{Status: 503,
// Code: "RequestLimitExceeded"}) makes the SDK retry once.
func (s *Server) FailNext(service, operation string, n int, e Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.ruleFor(service, operation)
	r.failNext += n
	r.failErr = e
}

// FailAlways makes every request of the operation fail with e, so that
// callers exhaust their retries, until Reset.
func (s *Server) FailAlways(service, operation string, e Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ruleFor(service, operation).failAlways = &e
}

// Reset forgets what Handle, Respond, FailNext and FailAlways set for the
// operation: it answers with its default again.
func (s *Server) Reset(service, operation string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.rules, key{service, operation})
}

// plan decides, under the lock, how req is answered: with a failure, a
// configured handler, or (both nil) the default.
func (s *Server) plan(req *Request) (fail *Error, h Handler) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var rules []*rule
	for _, k := range []key{{req.Service, req.Operation}, {req.Service, Any}, {Any, Any}} {
		if r := s.rules[k]; r != nil {
			rules = append(rules, r)
		}
	}
	for _, r := range rules {
		if r.failNext > 0 {
			r.failNext--
			e := r.failErr
			return &e, nil
		}
	}
	for _, r := range rules {
		if r.failAlways != nil {
			e := *r.failAlways
			return &e, nil
		}
	}
	for _, r := range rules {
		if r.handler != nil {
			return nil, r.handler
		}
	}
	return nil, nil
}
