// Command ec2 is the example the README starts with: an aws-sdk-go-v2 EC2
// client instrumented with otelhook, whose calls become OpenTelemetry spans
// and lines of boto's request log.
//
//	go run ./examples/ec2
//
// By default it starts an EC2-compatible endpoint on 127.0.0.1 that answers
// like EC2 does (DescribeVolumes, DescribeInstances, a DescribeAvailabilityZones
// that is throttled once with 503 RequestLimitExceeded so the SDK retries it,
// and a DescribeVolumes that fails with InvalidVolume.NotFound and EC2's error
// document) and calls it with example credentials, so it needs no AWS account
// and no network. -endpoint URL calls another EC2-compatible endpoint and -aws
// the real EC2 API, both with the standard AWS configuration (environment,
// ~/.aws); only read-only Describe calls are made.
//
// The client is instrumented with otelhook.InstrumentConfig: each SDK call is
// one CLIENT call span (requesthook.role=call, aws.sdk.attempts, the AWS error
// code as error.type) with one child span per HTTP attempt
// (requesthook.role=attempt). Spans go to OTLP when OTEL_EXPORTER_OTLP_ENDPOINT
// or OTEL_TRACES_EXPORTER is set (go.opentelemetry.io/contrib/exporters/autoexport,
// so every standard OTEL_EXPORTER_OTLP_* variable applies), and with -v also
// to stdout as JSON. Their service.name is "ec2-example" unless
// OTEL_SERVICE_NAME says otherwise; OTEL_TRACES_SAMPLER and
// OTEL_TRACES_SAMPLER_ARG choose the sampler. Every SDK call, sampled or not,
// is also appended as one line to the legacy request log (-log, default
// request_log.csv), as boto's RequestLogger wrote it, and the log is reopened
// on SIGHUP.
//
// Metrics (rpc.client.call.duration per call, the HTTP client metrics per
// attempt, the legacy log processor's health) are served for Prometheus on
// -metrics-addr host:port (off by default) or, with
// OTEL_METRICS_EXPORTER=prometheus, on OTEL_EXPORTER_PROMETHEUS_HOST and
// OTEL_EXPORTER_PROMETHEUS_PORT (one endpoint either way: the flag wins);
// OTEL_METRICS_EXPORTER=otlp or console sends them there. Without the
// variable no metric is exported over OTLP.
//
// At the end it prints a summary: what the SDK returned; each call as the
// request hook saw it (attempts, status, AWS error code, size, duration as
// the log writes it, request ID); where the log is; and, when spans went to
// OTLP, the trace's URL in the Jaeger UI and in Jaeger's query API, or one
// sentence saying why they could not be exported. -interval repeats the calls
// until the program is interrupted.
package main
