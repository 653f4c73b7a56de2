package apicall

// Granularity chooses which spans stand for calls in the legacy log and in
// request hooks: one per logical call (boto's view) or one per HTTP attempt.
type Granularity uint8

const (
	// PerCall reports each logical call once: spans with Role RoleCall and
	// spans without a role, never the RoleAttempt spans under a call. It is
	// what boto's request hook saw and the default everywhere.
	PerCall Granularity = iota
	// PerAttempt reports each HTTP request: spans with Role RoleAttempt and
	// spans without a role, never the RoleCall spans above attempts.
	PerAttempt
)

// Reported reports whether the span c was decoded from stands for a call at
// granularity g: whether it gets a line in the legacy log and a request hook
// call. Spans without a role (the Transport alone, the bridge, a line read
// back) are reported at both granularities, so every request is counted
// exactly once either way. The exporter, the hook processor and the
// Collector components all decide with this one function.
func (c *Call) Reported(g Granularity) bool {
	return RoleReported(c.Role, g)
}

// RoleReported reports whether a span of the given role (the value of
// RoleKey, or empty) stands for a call at granularity g, as Call.Reported
// decides: a reader can leave a span of the other role as soon as it sees
// the role.
func RoleReported(role string, g Granularity) bool {
	switch role {
	case RoleCall:
		return g == PerCall
	case RoleAttempt:
		return g == PerAttempt
	}
	return true
}

// GaveUp reports whether c is a logical call (Role RoleCall) whose final
// attempt got a 500, 502, 503 or 504: the statuses boto retried silently
// and, once out of retries, reported with error=True, which its
// RequestLogger wrote with size 0.
func (c *Call) GaveUp() bool {
	if c.Role != RoleCall {
		return false
	}
	switch c.StatusCode {
	case 500, 502, 503, 504:
		return true
	}
	return false
}
