// Requestlog reads the request logs that boto's RequestLogger and the
// requesthook exporter write, one line per call:
//
//	'2014-02-26 21:38:27', '200', '0.791542', '592', 'DescribeVolumes'
//
// Usage:
//
//	requestlog stats [-by operation|status|class|minute] [-format table|csv|json] [-tz zone] [filters] file...
//	requestlog tail [-f] [-n n] [-stats [-format table|csv|json]] [-tz zone] [filters] file
//	requestlog replay [-tz zone] [-deadline d] [-timeout d] [filters] file...
//	requestlog report [-o file.html] [-tz zone] [-top n] [filters] file...
//	requestlog version
//
// The filters, shared by the four commands (filter.go), select calls:
// -op name or glob ("Describe*") and -status code (503), class (5xx) or
// none, both repeatable, and -since and -until, a time in the log's zone,
// RFC 3339, or a duration back from now such as 1h.
//
// Stats summarises logs ("-" reads standard input): per operation, status,
// status class or minute, the number of calls, the failures (status 0,
// meaning no response, or 400 and above) and their percentage, the p50,
// p90, p99 and maximum duration in seconds, the bytes received and the
// calls whose size is unknown (None, or no response), which are left out
// of the bytes. It prints an aligned table (sizes in binary units,
// durations with six decimals), CSV or JSON (-json is a synonym of -format
// json; both with exact bytes and durations as the log writes them,
// botoline.AppendFloat). A file of 4 MiB or more is read in two halves at
// once. When a file cannot be read it prints no summary.
//
// Tail prints the last lines of a log and, with -f, the lines appended to it,
// following the file through rotation and truncation; -stats prints a summary
// per minute instead, in the formats of stats, and when it ends (for -f, on
// an interrupt, once it has read what the file holds) the totals of every
// line it counted.
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
// distribution of the known response sizes, of the calls the filters
// select.
//
// The times in a log are local times of the machine that wrote it; -tz names
// that zone when it is not the local one. Malformed lines are reported on
// standard error as file:line: column: problem, counted, and never fatal.
// Operation names and lines are printed with control characters escaped as
// the log's writers escape them, so that a hostile log cannot drive the
// terminal.
// Version, -version and --version print the module version
// (runtime/debug.ReadBuildInfo), devel when it is unknown.
//
// The exit status is 0 on success, 1 when a file cannot be read (or, for
// replay, spans cannot be sent or it was stopped), and 2 for bad usage.
package main
