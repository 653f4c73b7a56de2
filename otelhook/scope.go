package otelhook

import (
	"net/http"
	"strings"

	"github.com/requesthook/requesthook/internal/query"
)

// credentialScope returns the service and region of a SigV4 credential scope
// ("AKID/20140226/us-west-2/ec2/aws4_request") from the Authorization header
// or a presigned URL's X-Amz-Credential parameter.
func credentialScope(r *http.Request) (service, region string) {
	var scope string
	if auth := header(r.Header, "Authorization"); strings.HasPrefix(auth, "AWS4-") {
		if i := strings.Index(auth, "Credential="); i >= 0 {
			scope = auth[i+len("Credential="):]
			if j := strings.IndexAny(scope, ", "); j >= 0 {
				scope = scope[:j]
			}
		}
	} else if r.URL != nil && strings.Contains(r.URL.RawQuery, "X-Amz-Credential=") {
		if v, ok := query.Get(r.URL.RawQuery, "X-Amz-Credential"); ok {
			if u, err := query.Unescape(v); err == nil {
				scope = u
			}
		}
	}
	// AKID / date / region / service / aws4_request
	parts := [5]string{}
	for i := range parts {
		var p string
		p, scope, _ = strings.Cut(scope, "/")
		parts[i] = p
	}
	if parts[4] != "aws4_request" || !validRegion(parts[2]) || !validName(parts[3]) {
		return "", ""
	}
	return parts[3], parts[2]
}

// validRegion reports whether s looks like an AWS region ("us-west-2").
func validRegion(s string) bool {
	if len(s) == 0 || len(s) > 32 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('a' <= c && c <= 'z') && !('0' <= c && c <= '9') && c != '-' {
			return false
		}
	}
	return true
}
