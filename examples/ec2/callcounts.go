package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/semconv/v1.43.0/rpcconv"
)

// opCount is how many calls of one operation the metrics counted since the
// example started, and how many of them failed.
type opCount struct {
	Method   string // rpc.method, "EC2/DescribeVolumes"
	Calls    uint64
	Failures uint64 // points with an error.type
}

// callCounts reads rpc.client.call.duration from the pipeline's own reader
// and returns the calls and failures per operation since the example
// started (the counts are cumulative), sorted by rpc.method. It is safe for
// concurrent use.
func (p *metricsPipeline) callCounts(ctx context.Context) ([]opCount, error) {
	var rm metricdata.ResourceMetrics
	if err := p.counts.Collect(ctx, &rm); err != nil {
		return nil, err
	}
	name := rpcconv.ClientCallDuration{}.Name()
	byMethod := make(map[string]*opCount)
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			h, ok := m.Data.(metricdata.Histogram[float64])
			if m.Name != name || !ok {
				continue
			}
			for _, dp := range h.DataPoints {
				method, _ := dp.Attributes.Value(semconv.RPCMethodKey)
				c := byMethod[method.AsString()]
				if c == nil {
					c = &opCount{Method: method.AsString()}
					byMethod[c.Method] = c
				}
				c.Calls += dp.Count
				if dp.Attributes.HasValue(semconv.ErrorTypeKey) {
					c.Failures += dp.Count
				}
			}
		}
	}
	out := make([]opCount, 0, len(byMethod))
	for _, c := range byMethod {
		out = append(out, *c)
	}
	slices.SortFunc(out, func(a, b opCount) int { return strings.Compare(a.Method, b.Method) })
	return out, nil
}

// printCallCounts writes the per-operation counts as a table for the
// summary.
func printCallCounts(w io.Writer, counts []opCount) {
	fmt.Fprintln(w, "\nThe calls per operation, from the rpc.client.call.duration metric (since start):")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "  OPERATION\tCALLS\tFAILURES\n")
	for _, c := range counts {
		fmt.Fprintf(tw, "  %s\t%d\t%d\n", c.Method, c.Calls, c.Failures)
	}
	tw.Flush()
}
