package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"

	"go.opentelemetry.io/otel/trace"

	"github.com/requesthook/requesthook/apicall"
	"github.com/requesthook/requesthook/botoline"
	"github.com/requesthook/requesthook/otelhook"
)

// summary is what one round did, for printSummary.
type summary struct {
	target   string          // what was called
	results  []result        // the SDK calls
	calls    []otelhook.Call // the calls, as the request hook saw them
	logPath  string          // the legacy log
	spansTo  string          // where spans went
	otlp     string          // the OTLP endpoint; "" unless spans went to OTLP
	jaeger   string          // Jaeger UI base URL; "" unless spans went to OTLP
	service  string          // the service name the spans carry
	traceID  trace.TraceID   // the round's trace
	flushErr error           // exporting failed
}

// printSummary tells the user what happened and where to look.
func printSummary(w io.Writer, s summary) {
	attempts := 0
	for _, c := range s.calls {
		attempts += max(c.Attempts, 1)
	}
	fmt.Fprintf(w, "\nec2-example: %d EC2 calls (%s) to %s.\n\n",
		len(s.results), plural(attempts, "HTTP attempt"), s.target)

	fmt.Fprintln(w, "The calls, as the SDK returned them:")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, r := range s.results {
		outcome := "ok"
		switch {
		case r.err != nil && r.expected:
			outcome = "failed, as intended"
		case r.err != nil:
			outcome = "FAILED"
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", r.call, outcome, r.detail)
	}
	tw.Flush()

	fmt.Fprintln(w, "\nThe same calls, as the request hook saw them: one call span each, with a child")
	fmt.Fprintln(w, "span per HTTP attempt. STATUS, BYTES and SECONDS are the call's log line (a retried")
	fmt.Fprintln(w, "call's line is timed from its last attempt, as boto timed it):")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "  CALL\tATTEMPTS\tSTATUS\tERROR\tBYTES\tSECONDS\tREQUEST ID\n")
	for _, c := range s.calls {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", apicall.SpanName(c.Service, c.Operation, c.Method),
			strings.Join(callColumns(c), "\t"), dash(c.RequestID))
	}
	tw.Flush()

	fmt.Fprintf(w, "\nLegacy log: %s appended to %s\n", plural(len(s.calls), "line"), s.logPath)
	switch {
	case s.flushErr != nil:
		fmt.Fprintf(w, "Spans:      NOT exported: %s\n", exportProblem(s.flushErr, s.otlp))
		fmt.Fprintln(w, "            Start Jaeger or a collector there (see README.md), or unset")
		fmt.Fprintln(w, "            OTEL_EXPORTER_OTLP_ENDPOINT to run without one.")
	case s.jaeger != "":
		fmt.Fprintf(w, "Spans:      %s\n", s.spansTo)
		fmt.Fprintf(w, "Jaeger:     %s/trace/%s\n", s.jaeger, s.traceID)
		fmt.Fprintf(w, "            %s/api/traces/%s\n", s.jaeger, s.traceID)
		fmt.Fprintln(w, "            (the same trace as JSON from the query API, for a Jaeger without UI assets)")
		fmt.Fprintf(w, "            (all traces: %s/search?service=%s)\n", s.jaeger, url.QueryEscape(s.service))
	default:
		fmt.Fprintf(w, "Spans:      %s\n", s.spansTo)
		fmt.Fprintln(w, "            To see them in Jaeger, start one (docker compose up -d jaeger, see README.md) and run")
		fmt.Fprintln(w, "            OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:4318 go run ./examples/ec2")
	}
}

// callColumns returns a call's attempts, status, error.type (the AWS error
// code when AWS answered with one), bytes and seconds. Status, bytes and seconds are those of its legacy-log line,
// written as the log writes them (botoline.AppendFloat of botoline.Duration):
// a retried call's line is timed from its final attempt, as boto timed it.
func callColumns(c otelhook.Call) []string {
	r := c.Record()
	attempts := "unknown"
	if c.Attempts > 0 {
		attempts = strconv.Itoa(c.Attempts)
	}
	status := strconv.Itoa(r.Status)
	if c.Err != nil && r.Status == 0 {
		status = "none"
	}
	size := "None"
	if r.Size >= 0 {
		size = strconv.FormatInt(r.Size, 10)
	}
	return []string{attempts, status, dash(c.ErrorType), size,
		string(botoline.AppendFloat(nil, botoline.Duration(r.Start, r.End)))}
}

// dash returns s, or "-" for an empty column.
func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// exportProblem says in one sentence why the spans could not be exported
// to the OTLP endpoint.
func exportProblem(err error, endpoint string) string {
	if endpoint == "" {
		endpoint = "the OTLP endpoint"
	}
	msg := err.Error()
	switch {
	case errors.Is(err, syscall.ECONNREFUSED) || strings.Contains(msg, "connection refused"):
		return "nothing is listening at " + endpoint + " (connection refused)."
	case strings.Contains(msg, "no such host"):
		return "the host of " + endpoint + " is unknown (no such host)."
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded) ||
		strings.Contains(msg, "timeout") || strings.Contains(msg, "deadline exceeded"):
		return endpoint + " did not answer in time."
	}
	return endpoint + " did not accept them: " + lastPart(msg) + "."
}

// lastPart returns the innermost message of a chain of "outer: inner" errors.
func lastPart(msg string) string {
	if i := strings.LastIndex(msg, ": "); i >= 0 && i+2 < len(msg) {
		return msg[i+2:]
	}
	return msg
}
