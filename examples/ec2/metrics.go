package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"go.opentelemetry.io/contrib/exporters/autoexport"
	promexporter "go.opentelemetry.io/otel/exporters/prometheus"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/resource"
)

// metricsPipeline is the example's MeterProvider and where its metrics go:
// a Prometheus endpoint (the -metrics-addr flag or
// OTEL_METRICS_EXPORTER=prometheus), the exporter OTEL_METRICS_EXPORTER
// names otherwise, and always a ManualReader the summary reads its counts
// from.
type metricsPipeline struct {
	mp     *sdkmetric.MeterProvider
	counts *sdkmetric.ManualReader // for callCounts
	server *http.Server            // the Prometheus endpoint, or nil
	addr   string                  // its address, "" when there is none
	to     string                  // where metrics go, for the summary

	once    sync.Once
	stopErr error
}

// setupMetrics builds the metrics pipeline for res:
//
//   - promAddr, when not empty, serves the Prometheus exposition on
//     http://promAddr/metrics (go.opentelemetry.io/otel/exporters/prometheus);
//   - OTEL_METRICS_EXPORTER=prometheus does the same on
//     OTEL_EXPORTER_PROMETHEUS_HOST:OTEL_EXPORTER_PROMETHEUS_PORT (default
//     localhost:9464), unless promAddr is set: the flag's address wins and
//     there is one endpoint, never two;
//   - any other OTEL_METRICS_EXPORTER value (otlp, console, none) goes to
//     contrib autoexport, as the traces variables do;
//   - without OTEL_METRICS_EXPORTER no metric leaves the process except
//     through the Prometheus endpoint of promAddr: autoexport's default,
//     OTLP, is not used.
func setupMetrics(ctx context.Context, res *resource.Resource, promAddr string) (*metricsPipeline, error) {
	p := &metricsPipeline{counts: sdkmetric.NewManualReader()}
	opts := []sdkmetric.Option{sdkmetric.WithResource(res), sdkmetric.WithReader(p.counts)}
	var dests []string

	env := strings.TrimSpace(os.Getenv("OTEL_METRICS_EXPORTER"))
	if strings.Contains(env, ",") {
		return nil, fmt.Errorf("OTEL_METRICS_EXPORTER=%q: the example takes one exporter", env)
	}
	switch env {
	case "", "prometheus":
		if env == "prometheus" && promAddr == "" {
			promAddr = envOr("OTEL_EXPORTER_PROMETHEUS_HOST", "localhost") + ":" + envOr("OTEL_EXPORTER_PROMETHEUS_PORT", "9464")
		}
	default:
		r, err := autoexport.NewMetricReader(ctx)
		if err != nil {
			return nil, fmt.Errorf("metric reader (OTEL_METRICS_EXPORTER=%q): %w", env, err)
		}
		if !autoexport.IsNoneMetricReader(r) {
			opts = append(opts, sdkmetric.WithReader(r))
			dests = append(dests, env+" (OTEL_METRICS_EXPORTER)")
		}
	}
	if promAddr != "" {
		r, err := p.servePrometheus(promAddr)
		if err != nil {
			// The autoexport reader has no provider yet to shut it down.
			return nil, errors.Join(err, shutdownReaders(ctx, opts))
		}
		opts = append(opts, sdkmetric.WithReader(r))
		dests = append(dests, "Prometheus at http://"+p.addr+"/metrics")
	}
	p.mp = sdkmetric.NewMeterProvider(opts...)
	p.to = "the summary only"
	if len(dests) > 0 {
		p.to = strings.Join(dests, ", ")
	}
	return p, nil
}

// servePrometheus starts the Prometheus endpoint on addr and returns its
// reader.
func (p *metricsPipeline) servePrometheus(addr string) (sdkmetric.Reader, error) {
	reg := prometheus.NewRegistry()
	r, err := promexporter.New(promexporter.WithRegisterer(reg))
	if err != nil {
		return nil, fmt.Errorf("the Prometheus exporter: %w", err)
	}
	lis, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, errors.Join(fmt.Errorf("the Prometheus endpoint: %w", err), r.Shutdown(context.Background()))
	}
	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	p.server = &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	p.addr = lis.Addr().String()
	go func() { _ = p.server.Serve(lis) }() // returns ErrServerClosed at shutdown
	return r, nil
}

// shutdownReaders shuts down the readers in opts that setupMetrics created
// before failing.
func shutdownReaders(ctx context.Context, opts []sdkmetric.Option) error {
	// A provider made of them shuts them all down.
	return sdkmetric.NewMeterProvider(opts...).Shutdown(ctx)
}

// shutdown flushes the readers and stops the provider and the endpoint,
// once: later calls return the first call's error.
func (p *metricsPipeline) shutdown(ctx context.Context) error {
	p.once.Do(func() {
		p.stopErr = p.mp.Shutdown(ctx)
		if p.server != nil {
			p.stopErr = errors.Join(p.stopErr, p.server.Shutdown(ctx))
		}
	})
	return p.stopErr
}

// envOr returns the environment variable key, or def when it is unset or
// empty.
func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}
