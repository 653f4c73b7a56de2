package redact_test

import (
	"errors"
	"io"
	"net/url"
	"testing"

	"github.com/requesthook/requesthook/internal/redact"
)

func TestMessage(t *testing.T) {
	tests := []struct{ in, want string }{
		{`Get "https://h/x?X-Amz-Signature=abc": dial tcp: connection refused`,
			`Get "https://h/x?X-Amz-Signature=REDACTED": dial tcp: connection refused`},
		{`redirect to https://u:p@h/x?sig=1&a=2 failed`, `redirect to https://REDACTED:REDACTED@h/x?sig=REDACTED&a=2 failed`},
		{`two: 'http://a/?Signature=1' <http://b/?sig=2>`, `two: 'http://a/?Signature=REDACTED' <http://b/?sig=REDACTED>`},
		{`bad: "http://h/%zz?sig=1"`, `bad: "http://h/%zz?REDACTED"`},
		{`relative "/k?X-Amz-Signature=abc"`, `relative "/k?X-Amz-Signature=REDACTED"`},
		{`no url here? sig=1 stays`, `no url here? sig=1 stays`},
		{`Get "https://h/?Action=X": EOF`, `Get "https://h/?Action=X": EOF`},
		{`Get "https://h/cb?code=c0de&state=s&access_token=t&session=x": EOF`,
			`Get "https://h/cb?code=REDACTED&state=s&access_token=REDACTED&session=x": EOF`},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got := redact.Message(tt.in)
			if got != tt.want {
				t.Errorf("Message(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
			if again := redact.Message(got); again != got {
				t.Errorf("Message is not idempotent: %q then %q", got, again)
			}
		})
	}
}

func TestError(t *testing.T) {
	u, _ := url.Parse("http://user:hunter2@h/k?X-Amz-Signature=s3cr3t&X-Amz-Credential=AKID%2Fscope&ok=1")
	tests := []struct {
		name string
		err  error
		u    *url.URL
		want string
	}{
		{"values of u anywhere", errors.New("sig s3cr3t, key AKID/scope, pass hunter2"), u,
			"sig REDACTED, key REDACTED, pass REDACTED"},
		{"a quoted URL that is not u", &url.Error{Op: "Get", URL: "https://other/?sig=zzz", Err: io.EOF}, u,
			`Get "https://other/?sig=REDACTED": EOF`},
		{"nil URL", &url.Error{Op: "Get", URL: "https://other/?sig=zzz", Err: io.EOF}, nil,
			`Get "https://other/?sig=REDACTED": EOF`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := redact.Error(tt.err, tt.u)
			if got.Error() != tt.want {
				t.Errorf("Error() = %q, want %q", got.Error(), tt.want)
			}
			if !errors.Is(got, tt.err) {
				t.Errorf("redacted error does not unwrap to %v", tt.err)
			}
		})
	}
	withExtra := redact.Error(&url.Error{Op: "Get", URL: "https://h/?session=s3ss&ok=1", Err: io.EOF}, nil, "Session")
	if want := `Get "https://h/?session=REDACTED&ok=1": EOF`; withExtra.Error() != want {
		t.Errorf("Error with extra name Session = %q, want %q", withExtra, want)
	}
	plain := errors.New("connection refused")
	if got := redact.Error(plain, u); got != plain {
		t.Errorf("Error(%v) = %v, want the same error when nothing is secret", plain, got)
	}
	if got := redact.Error(nil, u); got != nil {
		t.Errorf("Error(nil) = %v, want nil", got)
	}
}
