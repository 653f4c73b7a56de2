// Package exporter writes boto's request log from OpenTelemetry spans: the
// file that boto's RequestLogger (boto/requestlog.py) wrote, byte for byte,
// next to any other exporter (Jaeger, any OTLP backend) on the same
// TracerProvider.
//
// # Format
//
// Every HTTP or RPC client span (as otelhook.CallFromSpan reads it; other
// spans are skipped) becomes one line, boto's
// "'%s', '%s', '%s', '%s', '%s'\n":
//
//	'2014-02-26 21:38:27', '200', '0.791542', '592', 'DescribeVolumes'
//
// The fields are:
//
//   - time: the end of the call in the Exporter's location (time.Local, like
//     boto's datetime.now(); see WithLocation), truncated to the second;
//   - status: the HTTP status code, 0 when no response arrived;
//   - duration: in seconds, computed as Python computes it from microsecond
//     timestamps, (td.microseconds + (td.seconds + td.days*24*3600) * 1e6) /
//     1e6 where td is the end minus the start, each truncated to the
//     microsecond, and printed as Python's str(float) prints it: the shortest
//     digits that round-trip, in scientific notation when the decimal
//     exponent is below -4 or at least 16, and with ".0" on integral values
//     ("0.791542", "2.0", "0.0001", "5e-05", "1000000.5");
//   - size: the response body size, 0 when the call failed without a usable
//     response (boto's error=True) and None when the size is unknown;
//   - operation: the API operation ("DescribeVolumes"), the operation part of
//     rpc.method ("EC2/DescribeVolumes" or a bare "DescribeVolumes"), escaped.
//
// # Escaping
//
// The operation is the only free-form field. So that a hostile or broken name
// can never split a line or shift the columns, it is escaped:
//
//	'                          doubled: ''  (as csv does)
//	\                          \\
//	LF, CR, TAB                \n, \r, \t
//	other bytes below 0x20     \xNN
//	DEL (0x7f)                 \x7f
//	each byte of invalid UTF-8 \xNN
//	U+0080 to U+009F           \uNNNN
//	U+2028, U+2029             \u2028, \u2029
//
// (NN and NNNN in lowercase hex); every other character is written as it is.
// A line is therefore valid UTF-8 with no line break of any kind inside it,
// and Python's csv.reader(f, quotechar="'", skipinitialspace=True) reads
// exactly five fields from it, the fifth being the escaped operation with its
// doubled quotes read as one.
//
// An escaped operation longer than MaxFieldLen (128) bytes is cut at an
// escape or character boundary to at most MaxFieldLen-3 bytes and "..." is
// appended. Undoing the escapes of a capped field and escaping the result
// again gives the same bytes.
//
// # Files and durability
//
// New writes to any io.Writer; Open appends to a file, creating it if needed.
// ExportSpans renders a batch in memory and writes it with one Write before it
// returns (a Go SpanExporter has no ForceFlush, so nothing is buffered); with
// O_APPEND, several processes appending to one local file never interleave
// inside a line. Open supports size-based rotation (WithMaxSize,
// WithMaxBackups: path.1 … path.N) and Reopen for logrotate; it also reopens
// path by itself when the file it writes was deleted, renamed or replaced.
//
// Write errors (a read-only directory, a full disk, a deleted directory) are
// returned by ExportSpans wrapped with the path, and nothing half-written
// stays behind: a file is truncated back to its last whole line, and a
// writer given to New, which cannot take bytes back, gets the rest of a torn
// line before anything else once it accepts writes again. Writing resumes by
// itself when the fault clears. Shutdown is idempotent, honours its context,
// and fsyncs and closes only the file Open opened; ExportSpans after Shutdown
// returns ErrShutdown and writes nothing.
//
// # Keeping every line
//
// boto logged every request. Two parts of a default OpenTelemetry pipeline
// lose calls: sdktrace.NewBatchSpanProcessor drops spans when its queue is full
// and never sees spans that the sampler did not sample. To keep every line,
// put the Exporter behind NewProcessor, which blocks span End instead of
// dropping, takes recorded-but-unsampled spans and retries failed writes, and
// wrap the sampler with RecordCalls, which records every CLIENT span the
// sampler would drop without sampling it. Only sampled traces then reach the
// OTLP exporter behind its usual batch processor, while the file gets them
// all:
//
//	legacy, err := exporter.Open("request_log.csv")
//	// handle err
//	tp := sdktrace.NewTracerProvider(
//		sdktrace.WithSampler(exporter.RecordCalls(sdktrace.ParentBased(sdktrace.TraceIDRatioBased(0.01)))),
//		sdktrace.WithBatcher(otlpExporter),
//		sdktrace.WithSpanProcessor(exporter.NewProcessor(legacy)),
//	)
//
// When writing fails (a full disk, a missing directory), NewProcessor retries
// the batch from its first unwritten line, with backoff, for up to
// WithRetryTimeout (30 s by default), and then reports the lines it gave up
// through otel.Handle; while it retries, its queue fills and span End waits.
//
// # What differs from boto
//
//   - The file is appended to; boto truncated it on every start.
//   - There is one line per HTTP attempt, retries included (otelhook's
//     Transport makes one span per request); boto wrote one line per logical
//     request, after its retries.
//   - The size is the response body size (Content-Length, or the bytes read
//     when there is none), so None appears only when the size is really
//     unknown, where boto wrote None whenever the Content-Length header was
//     missing.
//   - The duration of a call that spans a daylight-saving change is its real
//     length; boto subtracted naive local times and was off by an hour.
//   - Operation names are escaped and capped as described above; boto wrote
//     them as they were.
package exporter
