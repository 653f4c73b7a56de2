// Package exporter writes boto's request log from OpenTelemetry spans: the
// file that boto's RequestLogger (boto/requestlog.py) wrote, byte for byte,
// next to any other exporter (Jaeger, any OTLP backend) on the same
// TracerProvider.
//
// # Format
//
// Every HTTP or RPC client span (as CallFromSpan reads it; other spans are
// skipped) becomes one line, boto's "'%s', '%s', '%s', '%s', '%s'\n":
//
//	'2014-02-26 21:38:27', '200', '0.791542', '592', 'DescribeVolumes'
//
// The line format (fields, Python's float printing, escaping and the length
// cap of the operation) is defined once, in package botoline; the conversion
// from a span's call is apicall.Call.Record: the time is the end of the call
// in the Exporter's location (time.Local, like boto's datetime.now(); see
// WithLocation), the size is 0 when the call failed without a usable
// response (boto's error=True) and None when it is unknown, and the operation
// is the operation part of rpc.method.
//
// # Hooks
//
// NewHookProcessor calls RequestHooks (apicall.RequestHook) with the Call
// of every finished client span, as boto called a connection's request hook;
// CallFromSpan reads that Call through the one attribute mapping of package
// apicall.
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
// Opening never blocks: a FIFO is opened with O_NONBLOCK for the open only,
// so Open of a FIFO nobody reads fails at once (ENXIO) instead of waiting.
// A file whose last line a crash tore (kill -9 in the middle of a write) gets
// a newline before the first new line, so the fragment stays alone and every
// new line is whole (see Open for the race with other processes).
//
// Behind the Exporter, a small unexported sink writes whole lines: New's
// io.Writer or Open's file, with rotation and reopening. Span processors of
// their own write through WriteBatch, which renders and writes a batch and
// says how many of its lines are done, so a failed batch can be retried from
// its first unwritten line.
//
// # Keeping every line
//
// boto logged every request. Two parts of a default OpenTelemetry pipeline
// lose calls: sdktrace.NewBatchSpanProcessor drops spans when its queue is full
// and never sees spans that the sampler did not sample. To keep every line,
// put the Exporter behind NewProcessor, which blocks span End instead of
// dropping (within the bounds below), takes recorded-but-unsampled spans and retries failed writes, and
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
// The promise has two bounds. A writer that stops accepting writes (a stuck
// mount, a FIFO nobody reads) would make span End wait forever: once the
// writing of a batch has lasted WithStallTimeout (5 s by default), span End
// stops waiting and drops, counts and reports what does not fit in the queue
// until the write returns. And a process killed with kill -9 loses what is
// still in memory: the queue and the batch being written, at most
// DefaultQueueSize + DefaultBatchSize = 2048 + 512 = 2560 lines with the
// defaults; Shutdown before exiting loses nothing.
//
// NewProcessor reports its own health on WithMeterProvider's MeterProvider
// (otel.GetMeterProvider() by default): requesthook.exporter.lines.written,
// requesthook.exporter.lines.dropped (by reason: stalled, write_error,
// shutdown), requesthook.exporter.queue.size and .queue.capacity, and
// requesthook.exporter.write.duration, so that a stalled or failing log shows
// before anyone reads it.
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
