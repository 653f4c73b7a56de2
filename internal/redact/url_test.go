package redact_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/requesthook/requesthook/internal/redact"
)

// urlTests are the inputs and outputs of URL; otelhook's TestRedactURL
// checks that its public forwarder and its Transport use URL.
var urlTests = []struct{ in, want string }{
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
	// empty parts and a trailing '&' are kept
	{"https://h/?&sig=1&&a&", "https://h/?&sig=REDACTED&&a&"},
	{"https://user:pass@h/p", "https://REDACTED:REDACTED@h/p"},
	{"https://user@h/p?sig=1#frag", "https://REDACTED:REDACTED@h/p?sig=REDACTED#frag"},
	// what url.Parse rejects loses its whole query and userinfo
	{"http://u:p@h/%zz?sig=1", "http://REDACTED:REDACTED@h/%zz?REDACTED"},
	{"", ""},
	// OAuth 2.0 and API keys
	{"https://api.example.com/v1?access_token=a&refresh_token=b&id_token=c&client_secret=d&session_token=e&keep=1",
		"https://api.example.com/v1?access_token=REDACTED&refresh_token=REDACTED&id_token=REDACTED&client_secret=REDACTED&session_token=REDACTED&keep=1"},
	{"https://h/?Token=a&API_KEY=b&apikey=c&Api-Key=d&password=e&passwd=f&secret=g&auth=h&Authorization=i",
		"https://h/?Token=REDACTED&API_KEY=REDACTED&apikey=REDACTED&Api-Key=REDACTED&password=REDACTED&passwd=REDACTED&secret=REDACTED&auth=REDACTED&Authorization=REDACTED"},
	// the authorization code is secret next to state only
	{"https://app/cb?code=abc&state=xyz", "https://app/cb?code=REDACTED&state=xyz"},
	{"https://app/cb?STATE=xyz&%63ode=abc", "https://app/cb?STATE=xyz&%63ode=REDACTED"},
	{"https://h/?code=200&kind=http", "https://h/?code=200&kind=http"},
	// names that only look alike are kept
	{"https://h/?NextToken=a&tokens=b&author=c&codes=d&state=e", "https://h/?NextToken=a&tokens=b&author=c&codes=d&state=e"},
}

func TestURL(t *testing.T) {
	for _, tt := range urlTests {
		t.Run(tt.in, func(t *testing.T) {
			if got := redact.URL(tt.in); got != tt.want {
				t.Errorf("URL(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

// secretNames are the parameters whose values URL must hide.
var secretNames = []string{"x-amz-signature", "x-amz-credential", "x-amz-security-token", "awsaccesskeyid",
	"signature", "securitytoken", "sig", "x-goog-signature",
	"access_token", "refresh_token", "id_token", "client_secret", "session_token", "token",
	"api_key", "apikey", "api-key", "password", "passwd", "secret", "auth", "authorization"}

// checkRedacted fails when out still carries a secret of in.
func checkRedacted(t *testing.T, in, out string) {
	t.Helper()
	u, err := url.Parse(out)
	if err != nil {
		if _, err := url.Parse(in); err == nil {
			t.Fatalf("URL(%q) = %q, which does not parse: %v", in, out, err)
		}
		if strings.Contains(out, "?") && !strings.HasSuffix(strings.SplitN(out, "#", 2)[0], "?REDACTED") {
			t.Fatalf("URL(%q) = %q keeps a query it could not parse", in, out)
		}
		return
	}
	if u.User != nil && u.User.String() != "REDACTED:REDACTED" {
		t.Fatalf("URL(%q) = %q keeps userinfo %q", in, out, u.User)
	}
	parts := strings.Split(u.RawQuery, "&")
	names := make([]string, len(parts))
	state := false
	for i, part := range parts {
		name, _, _ := strings.Cut(part, "=")
		if n, err := url.QueryUnescape(name); err == nil {
			name = n
		}
		names[i] = name
		state = state || strings.EqualFold(name, "state")
	}
	for i, part := range parts {
		_, value, _ := strings.Cut(part, "=")
		secret := state && strings.EqualFold(names[i], "code")
		for _, s := range secretNames {
			secret = secret || strings.EqualFold(names[i], s)
		}
		if secret && value != "REDACTED" {
			t.Fatalf("URL(%q) = %q keeps %s=%q", in, out, names[i], value)
		}
	}
}

func FuzzRedactURL(f *testing.F) {
	f.Add("https://b.s3.amazonaws.com/k?X-Amz-Credential=AKID%2Fx&X-Amz-Signature=abc")
	f.Add("https://user:pass@h/p?sig=1&Sig=2")
	f.Add("http://h/?%53ignature=x&signature")
	f.Add("http://[::1]:80/?sig=1;sig=2")
	f.Add("https://api/v1?access_token=a&Refresh_Token=b&api-key=c&passwd=d")
	f.Add("https://app/cb?code=abc&%73tate=xyz")
	f.Fuzz(func(t *testing.T, in string) {
		out := redact.URL(in)
		checkRedacted(t, in, out)
		if again := redact.URL(out); again != out {
			t.Fatalf("URL is not idempotent: %q then %q", out, again)
		}
		msg := redact.Message(in)
		if again := redact.Message(msg); again != msg {
			t.Fatalf("Message is not idempotent: %q then %q", msg, again)
		}
	})
}

func TestIsSecretParam(t *testing.T) {
	tests := []struct {
		name  string
		extra []string
		want  bool
	}{
		{"X-Amz-Signature", nil, true},
		{"x-amz-signature", nil, true},
		{"%58-Amz-Signature", nil, true},
		{"ſig", nil, true}, // U+017F folds to 's'
		{"Action", nil, false},
		{"sig2", nil, false},
		{"", nil, false},
		{"Session", []string{"session"}, true},
		{"S%65ssion", []string{"SESSION"}, true},
		{"Action", []string{"session", ""}, false},
		{"", []string{""}, false},
		{"access_token", nil, true},
		{"AUTHORIZATION", nil, true},
		{"api%2Dkey", nil, true},
		{"code", nil, false}, // secret only next to state
		{"NextToken", nil, false},
	}
	for _, tt := range tests {
		if got := redact.IsSecretParam(tt.name, tt.extra...); got != tt.want {
			t.Errorf("IsSecretParam(%q, %q) = %v, want %v", tt.name, tt.extra, got, tt.want)
		}
	}
}

func TestQuery(t *testing.T) {
	tests := []struct {
		in    string
		extra []string
		want  string
	}{
		{"a=1&sig=2", nil, "a=1&sig=REDACTED"},
		{"a=1&b=2", nil, "a=1&b=2"},
		{"a=1&session=2", []string{"Session"}, "a=1&session=REDACTED"},
		{"sig", nil, "sig=REDACTED"},
		{"code=1&state=2", nil, "code=REDACTED&state=2"},
		{"code=1&State", nil, "code=REDACTED&State"},
		{"code=1&states=2", nil, "code=1&states=2"},
		{"", nil, ""},
	}
	for _, tt := range tests {
		got, changed := redact.Query(tt.in, tt.extra...)
		if got != tt.want || changed != (tt.in != tt.want) {
			t.Errorf("Query(%q, %q) = %q, %v; want %q", tt.in, tt.extra, got, changed, tt.want)
		}
		if has := redact.HasSecret(tt.in, tt.extra...); has != changed {
			t.Errorf("HasSecret(%q, %q) = %v, want %v", tt.in, tt.extra, has, changed)
		}
	}
}
