// Package requestlogreceiver is an OpenTelemetry Collector receiver, of
// type requestlog, that follows legacy request-log files (boto's line,
// package botoline) and turns each line into a CLIENT span with exactly the
// attributes `requestlog replay` gives it (bridge.SpanOf, written through
// package apicall), plus log.file.path naming the file it came from. Each
// line is the root span of a trace of its own.
//
// Each path matching the include globs is followed by the module's one file
// follower (internal/follow: file-system notifications and polling); the
// globs are matched again every poll interval for new files. A file renamed
// away (rotation) is read to its end before the new file at its path, and a
// truncated file is read again from its start. Offsets are kept per file
// (device and inode, checked against the file's first bytes), so a file
// renamed onto another matched path (request_log.csv to request_log.csv.1)
// has each line handed on once. A malformed line is counted and logged and
// never stops the receiver. With a storage extension (file_storage), the
// offsets are saved after each batch the next consumer accepted, so a
// restart neither duplicates nor loses lines, also of a file rotated to a
// matched path while the Collector was down.
//
//	receivers:
//	  requestlog:
//	    include: [/var/log/app/request_log.csv*]
//	    start_at: end          # or beginning; for files found at the first start
//	    location: UTC          # zone of the time column; default local time
//	    poll_interval: 200ms
//	    storage: file_storage
package requestlogreceiver
