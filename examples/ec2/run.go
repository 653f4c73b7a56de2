package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/ec2"

	"github.com/requesthook/requesthook/otelhook"
)

// errUsage marks a command-line error (exit status 2).
var errUsage = errors.New("usage")

// errReported marks an error that the summary has already explained: main
// exits with status 1 without printing it again.
var errReported = errors.New("reported in the summary")

// options are the command-line flags.
type options struct {
	endpoint string        // EC2 endpoint URL; "" for the embedded one (or AWS with -aws)
	realAWS  bool          // call AWS itself
	region   string        // AWS region; "" for the default
	logPath  string        // the legacy request log
	interval time.Duration // repeat every interval; 0 for once
	jaegerUI string        // Jaeger UI base URL for the summary
	metrics  string        // serve Prometheus metrics on this address; "" for none
	verbose  bool          // also print every span as JSON
}

// embeddedRegion is the region of the embedded endpoint.
const embeddedRegion = "us-east-1"

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("ec2-example", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.endpoint, "endpoint", "", "call the EC2-compatible endpoint at this `URL` instead of the embedded one\n(credentials and region from the standard AWS configuration)")
	fs.BoolVar(&o.realAWS, "aws", false, "call the real EC2 API with the standard AWS configuration (read-only Describe calls)")
	fs.StringVar(&o.region, "region", "", "AWS `region` (default "+embeddedRegion+" for the embedded endpoint, else from the AWS configuration)")
	fs.StringVar(&o.logPath, "log", "request_log.csv", "legacy request log to append to (reopened on SIGHUP)")
	fs.DurationVar(&o.interval, "interval", 0, "repeat the calls every `duration` until interrupted (0: once)")
	fs.StringVar(&o.metrics, "metrics-addr", "", "serve the metrics for Prometheus on http://`host:port`/metrics (e.g. 127.0.0.1:9464; default: off)")
	fs.BoolVar(&o.verbose, "v", false, "also print every span to stdout as JSON (stdouttrace) before the summary")
	fs.StringVar(&o.jaegerUI, "jaeger-ui", "", "Jaeger UI base `URL` for the summary (default: the OTLP endpoint's host, port 16686)")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `usage: ec2-example [flags]

Makes a few EC2 API calls with aws-sdk-go-v2 instrumented by otelhook: one
OpenTelemetry call span per SDK call with one child span per HTTP attempt, sent
to OTLP when OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_TRACES_EXPORTER is set (and to
stdout as JSON with -v), and one line per call appended to the legacy request
log; then it prints a summary of the calls. By default it calls an
EC2-compatible endpoint it starts on 127.0.0.1, with example credentials: no
AWS account needed.

Flags:
`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return o, err
		}
		return o, fmt.Errorf("%w: %w", errUsage, err)
	}
	switch {
	case fs.NArg() > 0:
		err := fmt.Errorf("%w: unexpected argument %q", errUsage, fs.Arg(0))
		fmt.Fprintln(stderr, err)
		fs.Usage()
		return o, err
	case o.realAWS && o.endpoint != "":
		err := fmt.Errorf("%w: -aws and -endpoint exclude each other", errUsage)
		fmt.Fprintln(stderr, err)
		return o, err
	case o.interval < 0:
		err := fmt.Errorf("%w: -interval must not be negative", errUsage)
		fmt.Fprintln(stderr, err)
		return o, err
	}
	return o, nil
}

// run is the example: it parses args, sets up OpenTelemetry, makes the EC2
// calls (once, or every -interval until ctx ends), prints a summary to
// stdout after each round, and flushes and shuts everything down.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) (err error) {
	o, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	logPath, err := filepath.Abs(o.logPath)
	if err != nil {
		return err
	}

	tel, err := setupTelemetry(ctx, logPath, o.verbose, o.metrics, stdout, stderr)
	if err != nil {
		return err
	}
	defer func() {
		// Export what is left even when ctx was cancelled, within limits.
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 15*time.Second)
		defer cancel()
		if serr := tel.shutdown(sctx); serr != nil {
			err = errors.Join(err, fmt.Errorf("shutting down telemetry: %w", serr))
		}
	}()

	// logrotate and friends rename the log and send SIGHUP.
	stopHUP := reopenOnSIGHUP(tel, logPath, stderr)
	defer stopHUP()

	target := "the real EC2 API"
	endpointURL := o.endpoint
	if !o.realAWS && o.endpoint == "" {
		ep, err := startEndpoint()
		if err != nil {
			return err
		}
		defer ep.Close(context.WithoutCancel(ctx))
		endpointURL = ep.URL
		target = "the embedded EC2 endpoint at " + ep.URL
	} else if o.endpoint != "" {
		target = "the EC2 endpoint at " + o.endpoint
	}

	client, err := newEC2Client(ctx, o, endpointURL != "" && o.endpoint == "", endpointURL)
	if err != nil {
		return err
	}

	ui := o.jaegerUI
	if ui == "" && tel.otlp != "" {
		ui = jaegerUI(tel.otlp)
	}
	for {
		results, traceID := callEC2(ctx, client)
		// Export this round's spans before the summary points at them, even
		// when ctx was just cancelled.
		fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 15*time.Second)
		ferr := tel.flush(fctx)
		cancel()
		printSummary(stdout, summary{
			target:   target,
			results:  results,
			calls:    tel.takeCalls(),
			logPath:  logPath,
			spansTo:  tel.spansTo,
			otlp:     tel.otlp,
			jaeger:   ui,
			service:  tel.service,
			traceID:  traceID,
			flushErr: ferr,
		})
		tel.writeCallCounts(ctx, stdout)
		if o.interval == 0 {
			if ferr != nil {
				return fmt.Errorf("%w: exporting spans: %w", errReported, ferr)
			}
			if err := unexpected(results); err != nil {
				return fmt.Errorf("%w: %w", errReported, err)
			}
			return nil
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(o.interval):
		}
	}
}

// reopenOnSIGHUP reopens the legacy log on each SIGHUP until the returned
// function is called.
func reopenOnSIGHUP(tel *telemetry, logPath string, stderr io.Writer) (stop func()) {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		for {
			select {
			case <-hup:
				if err := tel.legacy.Reopen(); err != nil {
					fmt.Fprintf(stderr, "ec2-example: SIGHUP: reopening %s: %v\n", logPath, err)
				} else {
					fmt.Fprintf(stderr, "ec2-example: SIGHUP: reopened %s\n", logPath)
				}
			case <-done:
				return
			}
		}
	}()
	return func() {
		signal.Stop(hup)
		close(done)
		<-finished
	}
}

// newEC2Client loads the AWS configuration and instruments it with
// otelhook.InstrumentConfig, which wraps the SDK's own HTTP client (keeping
// its CA bundle, proxy and timeout settings) with otelhook.Transport.
func newEC2Client(ctx context.Context, o options, embedded bool, endpointURL string) (*ec2.Client, error) {
	var lo []func(*config.LoadOptions) error
	region := o.region
	if embedded {
		if region == "" {
			region = embeddedRegion
		}
		// The embedded endpoint checks that requests are signed, not by whom:
		// AWS's documented example keys do.
		lo = append(lo, config.WithCredentialsProvider(
			credentials.NewStaticCredentialsProvider("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "")))
	}
	if region != "" {
		lo = append(lo, config.WithRegion(region))
	}
	cfg, err := config.LoadDefaultConfig(ctx, lo...)
	if err != nil {
		return nil, fmt.Errorf("loading the AWS configuration: %w", err)
	}
	if cfg.Region == "" {
		if o.realAWS {
			return nil, errors.New("no AWS region: set AWS_REGION or pass -region")
		}
		cfg.Region = embeddedRegion
	}
	otelhook.InstrumentConfig(&cfg)
	return ec2.NewFromConfig(cfg, func(eo *ec2.Options) {
		if endpointURL != "" {
			eo.BaseEndpoint = aws.String(endpointURL)
		}
	}), nil
}
