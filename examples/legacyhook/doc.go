// Command legacyhook shows a request hook written the way boto's tutorial
// (request_hook_tut.rst) describes boto.requestlog.RequestLogger: a log, a
// queue and a worker goroutine, with HandleRequestData called for every
// request and handing the line to the worker. It is attached to the
// TracerProvider with exporter.NewHookProcessor, and the client is an
// aws-sdk-go-v2 EC2 client instrumented with otelhook.InstrumentConfig.
//
//	go run ./examples/legacyhook
//
// It calls DescribeVolumes, as the tutorial calls conn.get_all_volumes(),
// against a small local EC2-compatible server, and prints the line:
//
//	'2014-02-26 21:38:27', '200', '0.791542', '592', 'DescribeVolumes'
//
// To write boto's log file itself, use exporter.Open with
// exporter.NewProcessor instead (see examples/ec2); write a RequestHook like
// this one when you want to do something of your own with each call.
package main
