package fakeaws

import "slices"

// record counts req once it has been answered and, unless WithoutLog, keeps
// it.
func (s *Server) record(req *Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.counts == nil {
		s.counts = make(map[key]int)
	}
	s.counts[key{req.Service, req.Operation}]++
	s.total++
	if !s.opts.withoutLog {
		s.log = append(s.log, *req)
	}
}

// Requests returns the requests the Server has answered, in the order it
// finished answering them, each with the Status it sent; none with
// WithoutLog.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.log)
}

// Count returns how many requests of the operation the Server has answered;
// service and operation may be Any.
func (s *Server) Count(service, operation string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for k, c := range s.counts {
		if (service == Any || k.service == service) && (operation == Any || k.operation == operation) {
			n += c
		}
	}
	return n
}

// Total returns how many requests the Server has answered.
func (s *Server) Total() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.total
}
