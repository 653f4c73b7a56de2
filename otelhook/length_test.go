package otelhook_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/requesthook/requesthook/exporter"
	"github.com/requesthook/requesthook/otelhook"
)

// receiptServer records what its handler received: one line per request
// with the body bytes read and whether reading them failed.
type receiptServer struct {
	*httptest.Server
	mu       sync.Mutex
	received []string
	closed   int // connections closed so far
}

func newReceiptServer(t *testing.T) *receiptServer {
	s := &receiptServer{}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, err := io.ReadAll(r.Body)
		s.mu.Lock()
		s.received = append(s.received, fmt.Sprintf("%s %q read error: %v", r.Method, b, err != nil))
		s.mu.Unlock()
	}))
	s.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateClosed || state == http.StateHijacked {
			s.mu.Lock()
			s.closed++
			s.mu.Unlock()
		}
	}
	s.Start()
	t.Cleanup(s.Close)
	return s
}

// take returns what the server received since the last call, once it has
// seen as many connections close as the client dialed: then nothing is still
// on its way.
func (s *receiptServer) take(t *testing.T, dialed int) []string {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(time.Millisecond) {
		s.mu.Lock()
		if s.closed >= dialed {
			got := s.received
			s.received = nil
			s.mu.Unlock()
			return got
		}
		s.mu.Unlock()
		if time.Now().After(deadline) {
			t.Fatalf("the server saw %d of %d connections close", s.closed, dialed)
		}
	}
}

// dialCounter is an http.Transport that counts the connections it dials.
func dialCounter(dialed *atomic.Int32) *http.Transport {
	var d net.Dialer
	return &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		dialed.Add(1)
		return d.DialContext(ctx, network, addr)
	}}
}

// ports matches the local end of a connection in an error message, which
// differs between two connections.
var ports = regexp.MustCompile(`127\.0\.0\.1:\d+->`)

// stream hides a reader's in-memory type from net/http, like a file or a
// pipe would.
type stream struct{ io.Reader }

// TestTransportBodyLengthMismatch sends form bodies whose length is not their
// ContentLength, or whose read fails, through a bare http.Transport and
// through the Transport, with the request sampled or not: the server must
// receive the same thing (for in-memory bodies net/http fails before anything
// leaves, for streams it sends what it read), the caller must get the same
// error, and no operation may be taken from a body that was not read whole.
func TestTransportBodyLengthMismatch(t *testing.T) {
	const form = "Action=DescribeVolumes&Version=2016-11-15&Ok=1" // 46 bytes
	boom := errors.New("disk on fire")
	tests := []struct {
		name   string
		body   func() io.Reader
		length int64
		// answered: the server gets a whole body of ContentLength bytes
		// and may answer before net/http notices the extra bytes, so the
		// caller gets a response or an error, with or without the
		// Transport.
		answered bool
	}{
		{"in memory, longer", func() io.Reader { return strings.NewReader(form) }, 20, false},
		{"in memory, shorter", func() io.Reader { return strings.NewReader("Action=X") }, 20, false},
		{"in memory bytes, longer", func() io.Reader { return bytes.NewBufferString(form) }, 21, false},
		{"stream, longer", func() io.Reader { return stream{strings.NewReader(form)} }, 20, true},
		{"stream, shorter", func() io.Reader { return stream{strings.NewReader("Action=X")} }, 20, false},
		{"read fails", func() io.Reader { return io.MultiReader(strings.NewReader("Action=Run"), errAfter{boom}) }, 20, false},
	}
	for _, tt := range tests {
		for _, sampled := range []bool{true, false} {
			t.Run(fmt.Sprintf("%s/sampled=%v", tt.name, sampled), func(t *testing.T) {
				srv := newReceiptServer(t)
				send := func(rt http.RoundTripper) error {
					req, err := http.NewRequest(http.MethodPost, srv.URL+"/", tt.body())
					if err != nil {
						t.Fatal(err)
					}
					req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
					req.ContentLength = tt.length
					resp, err := (&http.Client{Transport: rt}).Do(req)
					if err == nil {
						resp.Body.Close()
					}
					return err
				}

				var dialed atomic.Int32
				bare := dialCounter(&dialed)
				bareErr := send(bare)
				bare.CloseIdleConnections()
				want := srv.take(t, int(dialed.Load()))

				base := dialCounter(&dialed)
				tp, sr := recorder(t)
				if !sampled {
					tp = sdktrace.NewTracerProvider(sdktrace.WithSampler(sdktrace.NeverSample()))
				}
				err := send(otelhook.NewTransport(base, otelhook.WithTracerProvider(tp)))
				base.CloseIdleConnections()
				got := srv.take(t, int(dialed.Load()))

				switch {
				case tt.answered && (bareErr == nil || err == nil):
					// either outcome is net/http's
				case errors.Is(bareErr, net.ErrClosed) || errors.Is(err, net.ErrClosed):
					// When its goroutines are slow, net/http's roundTrip finds
					// its write error, the closed connection and the read
					// error of that connection ready at once and picks one
					// at random (persistConn.roundTrip's select), with or
					// without the Transport.
					t.Logf("net/http reported the closed connection: %v / %v", err, bareErr)
				case bareErr == nil || err == nil || ports.ReplaceAllString(err.Error(), "") != ports.ReplaceAllString(bareErr.Error(), ""):
					t.Errorf("caller's error:\n got %v\nwant %v (a bare http.Transport's)", err, bareErr)
				}
				if errors.Is(bareErr, boom) != errors.Is(err, boom) {
					t.Errorf("errors.Is(err, %v) = %v, want %v", boom, errors.Is(err, boom), errors.Is(bareErr, boom))
				}
				if strings.Join(got, "\n") != strings.Join(want, "\n") {
					t.Errorf("server received:\n got %q\nwant %q (through a bare http.Transport)", got, want)
				}
				if !sampled {
					return
				}
				call, ok := exporter.CallFromSpan(onlySpan(t, sr))
				if !ok {
					t.Fatal("CallFromSpan = false")
				}
				if call.Operation != "" {
					t.Errorf("operation %q taken from a body that was not read whole", call.Operation)
				}
			})
		}
	}
}
