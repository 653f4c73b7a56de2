// Package apicall is the one mapping between an API call and OpenTelemetry
// attributes, in both directions, and between a call and boto's request-log
// line.
//
// A Call is what boto's request hook saw of one finished call. Its fields map
// to span attributes through a single table (fields.go): AppendAttributes
// writes a Call as attributes, and a Decoder reads a Call back from the
// attributes of any finished span, whatever holds them: the SDK's
// ReadOnlySpan, a Collector pdata span, or a test recorder each need only a
// thin loop that hands the Decoder their key/value pairs. The Decoder also
// reads the names other instrumentations use for the same facts (the older
// http.status_code and http.response_content_length, rpc.system,
// rpc.service with a bare rpc.method, botocore's aws.region and .NET's
// aws.requestId), so spans from botocore, the Java SDK or .NET read like
// ours.
//
// Record and FromRecord convert between a Call and the five fields of boto's
// line (package botoline); SpanName decides a call's span name everywhere.
//
// The package depends on the OpenTelemetry API only (attribute, codes,
// semconv, trace), so the instrumentation, the SDK-side exporter, the bridge
// and a Collector component all import it without pulling in each other's
// dependencies. Its functions are safe for concurrent use; a Decoder is not.
package apicall
