// Requestlog reads the request logs that boto's RequestLogger and the
// requesthook exporter write, one line per call:
//
//	'2014-02-26 21:38:27', '200', '0.791542', '592', 'DescribeVolumes'
//
// Usage:
//
//	requestlog stats [-by operation|status|minute] [-json] [-tz zone] file...
//	requestlog tail [-f] [-n lines] [-stats] [-tz zone] file
//	requestlog replay [-tz zone] [-deadline d] [-timeout d] file...
//	requestlog report [-o file.html] [-tz zone] [-since t] [-until t] [-op name]... file...
//
// Stats summarises logs ("-" reads standard input): per operation, status or
// minute, the number of calls, the failures (status 0, meaning no response,
// or 400 and above), the p50, p90, p99 and maximum duration in seconds and the
// bytes received; an aligned table, or JSON with -json.
//
// Tail prints the last lines of a log and, with -f, the lines appended to it,
// following the file through rotation and truncation; -stats prints a summary
// per minute instead.
//
// Replay sends logs to an OpenTelemetry backend as CLIENT spans with their
// original timestamps, configured by the standard OTEL_EXPORTER_OTLP_* and
// OTEL_SERVICE_NAME variables, with a progress bar on standard error when it
// is a terminal. It stops at its -deadline (default 1h) or on SIGINT or
// SIGTERM within a second, saying how many lines it read and how many of
// them were not delivered; -timeout bounds the sending of each batch,
// retries included.
//
// Report writes one self-contained HTML page (inline SVG charts, no script,
// nothing fetched) of logs: for all operations and for each, the p50, p90
// and p99 latency, the call rate and the failure rate over time in at most
// 200 buckets of a round width, the most frequent failure statuses, and the
// distribution of the known response sizes; -since, -until and -op select
// calls.
//
// The times in a log are local times of the machine that wrote it; -tz names
// that zone when it is not the local one. Malformed lines are reported on
// standard error as file:line: column: problem, counted, and never fatal.
// Operation names and lines are printed with control characters escaped as
// the log's writers escape them, so that a hostile log cannot drive the
// terminal.
// The exit status is 0 on success, 1 when a file cannot be read (or, for
// replay, spans cannot be sent or it was stopped), and 2 for bad usage.
package main
