package main

import (
	"fmt"
	"io"
	"net/url"
	"strconv"
	"text/tabwriter"

	"go.opentelemetry.io/otel/trace"

	"github.com/requesthook/requesthook/apicall"
	"github.com/requesthook/requesthook/otelhook"
)

// summary is what one round did, for printSummary.
type summary struct {
	target   string          // what was called
	results  []result        // the SDK calls
	requests []otelhook.Call // the HTTP requests, as the request hook saw them
	logPath  string          // the legacy log
	spansTo  string          // where spans went
	jaeger   string          // Jaeger UI base URL; "" unless spans went to OTLP
	service  string          // the service name the spans carry
	traceID  trace.TraceID   // the round's trace
	flushErr error           // exporting failed
}

// printSummary tells the user what happened and where to look.
func printSummary(w io.Writer, s summary) {
	fmt.Fprintf(w, "\nec2-example: %d EC2 calls to %s made %d HTTP requests.\n\n",
		len(s.results), s.target, len(s.requests))

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

	fmt.Fprintln(w, "\nThe HTTP requests, as otelhook saw them (one span and one log line each):")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "  SPAN\tATTEMPT\tSTATUS\tBYTES\tSECONDS\tREQUEST ID\n")
	for _, c := range s.requests {
		size := "unknown"
		if c.Size >= 0 {
			size = strconv.FormatInt(c.Size, 10)
		}
		status := strconv.Itoa(c.StatusCode)
		if c.Err != nil {
			status = "error: " + c.Err.Error()
		}
		fmt.Fprintf(tw, "  %s\t%d\t%s\t%s\t%.6f\t%s\n",
			apicall.SpanName(c.Service, c.Operation, c.Method), c.Attempt, status, size,
			c.End.Sub(c.Start).Seconds(), c.RequestID)
	}
	tw.Flush()

	fmt.Fprintf(w, "\nLegacy log: %d lines appended to %s\n", len(s.requests), s.logPath)
	fmt.Fprintf(w, "Spans:      %s\n", s.spansTo)
	switch {
	case s.flushErr != nil:
		fmt.Fprintf(w, "            exporting FAILED: %v\n", s.flushErr)
		if s.jaeger != "" {
			fmt.Fprintln(w, "            Is Jaeger (or another OTLP receiver) running and reachable? See README.md.")
		}
	case s.jaeger != "":
		fmt.Fprintf(w, "Jaeger:     %s/trace/%s\n", s.jaeger, s.traceID)
		fmt.Fprintf(w, "            (all traces: %s/search?service=%s)\n", s.jaeger, url.QueryEscape(s.service))
	default:
		fmt.Fprintln(w, "            To see them in Jaeger, start one (docker compose up jaeger, see README.md) and run")
		fmt.Fprintln(w, "            OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:4318 go run ./examples/ec2")
	}
}
