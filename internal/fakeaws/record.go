package fakeaws

import "slices"

// record keeps req once it has been answered.
func (s *Server) record(req *Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.log = append(s.log, *req)
}

// Requests returns the requests the Server has answered, in the order it
// finished answering them, each with the Status it sent.
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
	for _, r := range s.log {
		if (service == Any || r.Service == service) && (operation == Any || r.Operation == operation) {
			n++
		}
	}
	return n
}

// Total returns how many requests the Server has answered.
func (s *Server) Total() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.log)
}
