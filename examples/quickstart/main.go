package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"

	"go.opentelemetry.io/otel/exporters/stdout/stdouttrace"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/requesthook/requesthook/exporter"
	"github.com/requesthook/requesthook/otelhook"
)

func main() {
	err := run(context.Background(), os.Args[1:], os.Stdout)
	switch {
	case err == nil:
	case errors.Is(err, flag.ErrHelp):
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

// run makes two requests through otelhook.Transport and prints the spans and
// the log lines they produced.
func run(ctx context.Context, args []string, stdout io.Writer) error {
	logPath, err := parseArgs(args)
	if err != nil {
		return err
	}

	// A local server standing in for any HTTP API.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("x-amzn-RequestId", "example-request-id")
		fmt.Fprintf(w, "hello from %s\n", r.URL.Path)
	}))
	defer srv.Close()

	// 1. A TracerProvider: spans to stdout, every client span to the legacy log.
	spans, err := stdouttrace.New(stdouttrace.WithWriter(stdout), stdouttrace.WithPrettyPrint())
	if err != nil {
		return err
	}
	legacy, err := exporter.Open(logPath) // appends, never truncates
	if err != nil {
		return err
	}
	tp := sdktrace.NewTracerProvider(
		sdktrace.WithBatcher(spans),
		sdktrace.WithSpanProcessor(exporter.NewProcessor(legacy)),
	)

	// 2. The client: otelhook.Transport around the default transport. It
	// recognises boto-style ?Action=... requests by itself; WithOperationFunc
	// names the operations of any other API.
	client := &http.Client{Transport: otelhook.NewTransport(nil,
		otelhook.WithTracerProvider(tp),
		otelhook.WithOperationFunc(func(r *http.Request) (service, operation string, ok bool) {
			if strings.HasPrefix(r.URL.Path, "/users/") {
				return "Users", "GetUser", true
			}
			return "", "", false
		}),
	)}

	// 3. Requests, as usual. Read and close each body: the span ends then,
	// with the number of bytes read.
	for _, path := range []string{"/?Action=DescribeVolumes&Version=2016-11-15", "/users/42"} {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+path, nil)
		if err != nil {
			return err
		}
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		_, err = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if err != nil {
			return err
		}
	}

	// 4. Shut down before exiting: spans are exported, the log is flushed.
	if err := tp.Shutdown(ctx); err != nil {
		return err
	}
	lines, err := os.ReadFile(logPath)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\nquickstart: 2 requests, 2 spans above; %s now ends with:\n%s", logPath, lastLines(lines, 2))
	return nil
}

func parseArgs(args []string) (logPath string, err error) {
	fs := flag.NewFlagSet("quickstart", flag.ContinueOnError)
	fs.StringVar(&logPath, "log", "request_log.csv", "legacy request log to append to")
	if err := fs.Parse(args); err != nil {
		return "", err
	}
	if fs.NArg() > 0 {
		return "", fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	return logPath, nil
}

// lastLines returns the last n lines of b.
func lastLines(b []byte, n int) string {
	s := strings.TrimSuffix(string(b), "\n")
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n") + "\n"
}
