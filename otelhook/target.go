package otelhook

import (
	"net/http"
	"strings"
)

// targetOperation reads the X-Amz-Target header of the JSON protocol
// ("DynamoDB_20120810.GetItem"): the operation after the last '.', and the
// service the prefix names (targetService), or "" when the header is absent
// or its operation is not a name.
func targetOperation(r *http.Request) (prefixService, operation string) {
	target := header(r.Header, "X-Amz-Target")
	if i := strings.LastIndexByte(target, '.'); i > 0 && validName(target[i+1:]) {
		return targetService(target[:i]), target[i+1:]
	}
	return "", ""
}

// targetService derives a service name from an X-Amz-Target prefix when no
// credential scope names it: "DynamoDB_20120810" gives "DynamoDB".
func targetService(prefix string) string {
	if i := strings.LastIndexByte(prefix, '_'); i > 0 && len(prefix)-i == 9 {
		prefix = prefix[:i]
	}
	if !validName(prefix) {
		return ""
	}
	return prefix
}
