package apicall

import "strings"

// SpanName returns the name of a call's span, the one rule every span and
// label of the module follows: "Service.Operation" when the operation is
// known ("EC2.DescribeVolumes", or just the operation when the service is
// not); otherwise otelhttp's "HTTP {method}", and "HTTP" when the method is
// not known either (a line of the legacy log).
func SpanName(service, operation, method string) string {
	switch {
	case operation == "" && method == "":
		return "HTTP"
	case operation == "":
		return "HTTP " + method
	case service == "":
		return operation
	default:
		return service + "." + operation
	}
}

// RPCMethod returns the rpc.method value of a call: "Service/Operation", or
// the bare operation when the service is unknown.
func RPCMethod(service, operation string) string {
	if service == "" {
		return operation
	}
	return service + "/" + operation
}

// SplitRPCMethod splits an rpc.method value at its first '/' (service names
// have none); a bare value is the operation.
func SplitRPCMethod(m string) (service, operation string) {
	if i := strings.IndexByte(m, '/'); i >= 0 {
		return m[:i], m[i+1:]
	}
	return "", m
}
