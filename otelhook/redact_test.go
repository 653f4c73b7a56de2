package otelhook_test

import (
	"errors"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/requesthook/requesthook/otelhook"
)

func TestRedactURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://ec2.amazonaws.com/?Action=DescribeVolumes", "https://ec2.amazonaws.com/?Action=DescribeVolumes"},
		{"https://b.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20140226%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Signature=abc&X-Amz-Security-Token=tok",
			"https://b.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=REDACTED&X-Amz-Signature=REDACTED&X-Amz-Security-Token=REDACTED"},
		{"https://s3.amazonaws.com/b/k?AWSAccessKeyId=AKID&Expires=1&Signature=sig%2B%3D",
			"https://s3.amazonaws.com/b/k?AWSAccessKeyId=REDACTED&Expires=1&Signature=REDACTED"},
		{"https://x.blob.core.windows.net/c/b?sv=2020&sig=abc&se=1", "https://x.blob.core.windows.net/c/b?sv=2020&sig=REDACTED&se=1"},
		{"https://storage.googleapis.com/b/o?X-Goog-Signature=abc", "https://storage.googleapis.com/b/o?X-Goog-Signature=REDACTED"},
		{"https://sts.amazonaws.com/?SecurityToken=abc&x-amz-signature=d", "https://sts.amazonaws.com/?SecurityToken=REDACTED&x-amz-signature=REDACTED"},
		// repeated, case-folded and percent-encoded names
		{"https://h/?sig=1&SIG=2&%73ig=3&Sig", "https://h/?sig=REDACTED&SIG=REDACTED&%73ig=REDACTED&Sig=REDACTED"},
		{"https://user:pass@h/p", "https://REDACTED:REDACTED@h/p"},
		{"https://user@h/p?sig=1#frag", "https://REDACTED:REDACTED@h/p?sig=REDACTED#frag"},
		// what url.Parse rejects loses its whole query and userinfo
		{"http://u:p@h/%zz?sig=1", "http://REDACTED:REDACTED@h/%zz?REDACTED"},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := otelhook.RedactURL(tt.in); got != tt.want {
				t.Errorf("RedactURL(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
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
