// Package bridge brings boto-style request reporting into OpenTelemetry:
// calls reported by hand become spans, and legacy request logs are parsed,
// summarised and replayed.
//
// In OpenTelemetry a bridge lets code written against an older
// instrumentation API emit OTel telemetry. Here the older API is boto's
// request hook, handle_request_data(request, response, error), and its
// RequestLogger file.
//
// Calls reported by hand: code that does not go through otelhook.Transport
// (a hand-written client, a non-HTTP protocol, a queue consumer) reports
// each finished call as an otelhook.Call to the hook NewHook returns, which
// records it as a CLIENT span with the call's own start and end times and the
// names and attributes the Transport would have given it. The legacy
// exporter and a tracing backend see both alike.
//
// Legacy logs: ParseLine reads one line of the request log that boto's
// RequestLogger and exporter.AppendLine write,
//
//	'2014-02-26 21:38:27', '200', '0.791542', '592', 'DescribeVolumes'
//
// (end time to the second in local time, status, duration in seconds as
// Python prints a float, response size or None, operation), including
// exponent durations ("5e-05"), escaped operations and CRLF line endings.
// It returns the otelhook.Call that exporter.AppendLine renders back into the
// same bytes, and a *SyntaxError with the column otherwise. Read streams a
// whole log as an iter.Seq2, reporting each bad line as a *LineError with its
// line number and going on. Replay re-emits a log as spans with their
// original timestamps, so history can be backfilled into Jaeger or any OTLP
// backend.
//
// The line keeps only what boto logged: a parsed Call has no service, method,
// URL or request ID, its end time is exact only to the second (its start is
// end minus the logged duration, to the microsecond), and "failed" survives
// only as status 0 with size 0, which ParseLine reads as ErrNoResponse.
//
// The command cmd/requestlog builds on this package: stats, tail -f and
// replay for request logs.
package bridge
