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
// each finished call as an apicall.Call to the hook NewHook returns, which
// records it as a CLIENT span with the call's own start and end times and the
// names and attributes the Transport would have given it (the one mapping of
// package apicall). The legacy exporter and a tracing backend see both
// alike.
//
// Legacy logs: Read streams a request log (the line format lives in package
// botoline) as apicall.Calls, reporting each bad line as a
// *botoline.LineError with its line number and going on. Replay re-emits a
// log as spans with their original timestamps, so history can be backfilled
// into Jaeger or any OTLP backend.
//
// The line keeps only what boto logged: a Call read from it has no service,
// method, URL or request ID, its end time is exact only to the second (its
// start is end minus the logged duration, to the microsecond), and "failed"
// survives only as status 0 with size 0, which reads as
// apicall.ErrNoResponse.
//
// The command cmd/requestlog builds on this package: stats, tail -f and
// replay for request logs.
package bridge
