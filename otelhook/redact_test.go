package otelhook_test

import (
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"

	"github.com/requesthook/requesthook/internal/redact"
	"github.com/requesthook/requesthook/otelhook"
)

// TestRedactURL checks that RedactURL and the Transport's url.full are
// internal/redact's URL, whose cases (secrets, userinfo, what url.Parse
// rejects) are tested there.
func TestRedactURL(t *testing.T) {
	for _, in := range []string{
		"https://ec2.amazonaws.com/?Action=DescribeVolumes",
		"https://b.s3.amazonaws.com/k?X-Amz-Credential=AKID%2Fx&X-Amz-Signature=abc",
		"https://user@h/p?sig=1#frag",
		"http://u:p@h/%zz?sig=1",
		"",
	} {
		if got, want := otelhook.RedactURL(in), redact.URL(in); got != want {
			t.Errorf("RedactURL(%q) = %q, redact.URL %q", in, got, want)
		}
	}

	srv := newDumpServer(t)
	c, sr := client(t, nil)
	u := srv.URL + "/k?X-Amz-Credential=AKID%2Fx&X-Amz-Signature=abc&Action=DescribeVolumes"
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	got := attrs(onlySpan(t, sr))[semconv.URLFullKey].AsString()
	if want := redact.URL(u); got != want || strings.Contains(got, "AKID") {
		t.Errorf("url.full = %q, want redact.URL's %q", got, want)
	}
}

func TestTransportRedactsErrors(t *testing.T) {
	// A base that is an http.Client reports *url.Error with the whole URL.
	ln := newDumpServer(t)
	addr := ln.Listener.Addr().String()
	ln.Close()
	tp, sr := recorder(t)
	base := doRoundTripper{&http.Client{}}
	c := &http.Client{Transport: otelhook.NewTransport(base, otelhook.WithTracerProvider(tp))}
	_, err := c.Get("http://user:hunter2@" + addr + "/b/k?X-Amz-Signature=s3cr3tsig&X-Amz-Credential=AKID%2Fscope&ok=1")
	if err == nil {
		t.Fatal("want a connection error")
	}
	s := onlySpan(t, sr)
	desc := s.Status().Description
	for _, secret := range []string{"s3cr3tsig", "AKID", "hunter2"} { // the password, not the user name
		if strings.Contains(desc, secret) {
			t.Errorf("span status %q leaks %q", desc, secret)
		}
	}
	if !strings.Contains(desc, "REDACTED") {
		t.Errorf("span status %q, want the redacted URL", desc)
	}
	var netErr *net.OpError
	if !errors.As(err, &netErr) {
		t.Errorf("err = %v, want it to still unwrap to *net.OpError", err)
	}
}

type doRoundTripper struct{ c *http.Client }

func (d doRoundTripper) RoundTrip(r *http.Request) (*http.Response, error) { return d.c.Do(r) }

func TestWithRedactedParams(t *testing.T) {
	srv := newDumpServer(t)
	tests := []struct {
		name  string
		opts  []otelhook.Option
		query string
		leaks []string
		keeps []string
	}{
		{"defaults", nil,
			"access_token=l1&API_KEY=l2&code=l3&state=s&session=kept&keep=yes",
			[]string{"l1", "l2", "l3"}, []string{"session=kept", "state=s", "keep=yes"}},
		{"added names", []otelhook.Option{otelhook.WithRedactedParams("Session", "", "x-custom-sig"), otelhook.WithRedactedParams()},
			"session=l1&X-Custom-Sig=l2&keep=yes",
			[]string{"l1", "l2"}, []string{"keep=yes"}},
		{"nil names", []otelhook.Option{otelhook.WithRedactedParams(nil...)},
			"session=kept&token=l1",
			[]string{"l1"}, []string{"session=kept"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, sr := client(t, nil, tt.opts...)
			resp, err := c.Get(srv.URL + "/?" + tt.query)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			got := attrs(onlySpan(t, sr))[semconv.URLFullKey].AsString()
			for _, leak := range tt.leaks {
				if strings.Contains(got, "="+leak) {
					t.Errorf("url.full = %q leaks %q", got, leak)
				}
			}
			for _, keep := range tt.keeps {
				if !strings.Contains(got, keep) {
					t.Errorf("url.full = %q, want it to keep %q", got, keep)
				}
			}
		})
	}
}

// clientRT is a base RoundTripper that sends with an http.Client, following
// redirects, and reports its errors as a RoundTripper does: without a
// response.
type clientRT struct{ c *http.Client }

func (d clientRT) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := d.c.Do(r)
	if err != nil {
		if resp != nil {
			resp.Body.Close()
		}
		return nil, err
	}
	return resp, nil
}

// TestTransportRedactsRedirectTargets checks the errors of a base that
// follows redirects: *url.Error then quotes the redirect's target, a
// presigned URL the request itself does not carry.
func TestTransportRedactsRedirectTargets(t *testing.T) {
	const target = "/target?X-Amz-Signature=s1gnature&access_token=t0ken&code=c0de&state=st&session=s3ss&keep=yes"
	mux := http.NewServeMux()
	mux.HandleFunc("/start", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target, http.StatusFound)
	})
	mux.HandleFunc("/target", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target, http.StatusFound) // forever
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	tests := []struct {
		name  string
		check func(req *http.Request, via []*http.Request) error
		want  string
	}{
		{"CheckRedirect fails", func(*http.Request, []*http.Request) error { return errors.New("redirects refused") }, "redirects refused"},
		{"too many redirects", nil, "stopped after 10 redirects"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base := clientRT{&http.Client{CheckRedirect: tt.check}}
			c, sr := client(t, base, otelhook.WithRedactedParams("session"))
			_, err := c.Get(srv.URL + "/start")
			if err == nil {
				t.Fatal("want an error")
			}
			desc := onlySpan(t, sr).Status().Description
			for _, msg := range []string{desc, err.Error()} {
				if !strings.Contains(msg, tt.want) || !strings.Contains(msg, "/target?") {
					t.Errorf("message %q, want the base's error quoting the redirect target", msg)
				}
				for _, secret := range []string{"s1gnature", "t0ken", "c0de", "s3ss"} {
					if strings.Contains(msg, secret) {
						t.Errorf("message %q leaks %q", msg, secret)
					}
				}
				if !strings.Contains(msg, "keep=yes") || !strings.Contains(msg, "state=st") {
					t.Errorf("message %q, want the other parameters kept", msg)
				}
			}
		})
	}
}
