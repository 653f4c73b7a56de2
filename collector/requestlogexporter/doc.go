// Package requestlogexporter is an OpenTelemetry Collector exporter, of type
// requestlog, that writes boto's request-log line (package botoline) for
// every span that describes an API call, to one central file.
//
// Which spans become lines is decided from each span alone (pdatacall.Line,
// with apicall.Call.Reported, the Go exporter's decision):
// CLIENT spans that are calls and PRODUCER spans that are AWS calls, per
// logical call by default or per HTTP attempt with per_attempt. Attributes
// are read through package apicall, so the spans of requesthook, otelaws,
// botocore, the Java SDK and .NET read alike.
//
// The file is written like the Go exporter writes it (package exporter of
// the root module): opened with O_APPEND, each batch in one write of whole
// lines, rotation by rename detected before each batch, size-based rotation
// when configured, and a flush and close on shutdown.
//
//	exporters:
//	  requestlog:
//	    path: /var/log/requesthook/request_log.csv
//	    location: UTC          # IANA zone of the time column; default local time
//	    per_attempt: false     # a line per HTTP attempt instead of per call
//	    file_mode: "0644"
//	    rotation:
//	      max_megabytes: 100
//	      max_backups: 5
//	    sending_queue: ...     # exporterhelper's queue, retry and timeout
//	    retry_on_failure: ...
//	    timeout: 5s
package requestlogexporter
