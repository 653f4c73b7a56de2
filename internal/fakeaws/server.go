package fakeaws

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"sync"
	"testing"
	"time"
)

// Server is a fake AWS endpoint listening on a loopback port. Configure it
// with Handle, Respond, FailNext and FailAlways (at any time, also while it
// serves) and inspect what it answered with Requests, Count and Total. It is
// safe for concurrent use.
type Server struct {
	// URL is the base URL to give clients as BaseEndpoint:
	// http://127.0.0.1:port, or https://... with WithTLS.
	URL string

	opts   options
	srv    *http.Server
	served chan error
	cert   *x509.Certificate

	mu     sync.Mutex
	rules  map[key]*rule
	log    []Request
	counts map[key]int
	total  int
	s3     store
}

// Start listens on a free port of 127.0.0.1 and serves in the background
// until Close.
func Start(opts ...Option) (*Server, error) {
	s := newServer(opts)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("fakeaws: %w", err)
	}
	s.srv = &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          log.New(io.Discard, "", 0), // failed handshakes are the client's business
	}
	scheme := "http"
	if s.opts.tls {
		cert, leaf, err := selfSigned()
		if err != nil {
			ln.Close()
			return nil, fmt.Errorf("fakeaws: %w", err)
		}
		s.cert = leaf
		ln = tls.NewListener(ln, &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12})
		scheme = "https"
	}
	s.URL = scheme + "://" + ln.Addr().String()
	s.served = make(chan error, 1)
	go func() { s.served <- s.srv.Serve(ln) }()
	return s, nil
}

// New starts a Server for a test, failing it if the Server cannot start,
// and closes the Server when the test and its subtests end.
func New(tb testing.TB, opts ...Option) *Server {
	tb.Helper()
	s, err := Start(opts...)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := s.Close(context.Background()); err != nil {
			tb.Errorf("fakeaws: Close: %v", err)
		}
	})
	return s
}

func newServer(opts []Option) *Server {
	s := &Server{rules: make(map[key]*rule)}
	for _, o := range opts {
		o(&s.opts)
	}
	return s
}

// Close stops the Server: it stops listening, closes idle connections and
// waits for the requests in flight until ctx ends, then closes their
// connections too. Close on a Server already closed returns nil.
func (s *Server) Close(ctx context.Context) error {
	err := s.srv.Shutdown(ctx)
	if err != nil {
		err = errors.Join(err, s.srv.Close())
	}
	if s.served != nil {
		if serr := <-s.served; !errors.Is(serr, http.ErrServerClosed) {
			err = errors.Join(err, serr)
		}
		s.served = nil
	}
	return err
}

// Certificate returns the certificate a Server started WithTLS presents,
// for a client's RootCAs or an AWS_CA_BUNDLE file; nil without WithTLS.
func (s *Server) Certificate() *x509.Certificate { return s.cert }

// Client returns an http.Client that trusts the Server's certificate (with
// WithTLS) and uses its own transport.
func (s *Server) Client() *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	if s.cert != nil {
		pool := x509.NewCertPool()
		pool.AddCert(s.cert)
		t.TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	}
	return &http.Client{Transport: t}
}
