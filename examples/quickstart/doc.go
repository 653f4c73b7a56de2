// Command quickstart is the smallest complete use of otelhook: a plain
// http.Client whose Transport is otelhook.Transport, calling a local server.
// Each request becomes one OpenTelemetry client span, printed on stdout, and
// one line of boto's request log, appended to a file.
//
//	go run ./examples/quickstart [-log request_log.csv]
package main
