package otelhook

import (
	"context"
	"strconv"
	"sync"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/semconv/v1.43.0/httpconv"
	"go.opentelemetry.io/otel/semconv/v1.43.0/rpcconv"

	"github.com/requesthook/requesthook/apicall"
)

// maxMetricSets bounds each cache of precomputed attribute sets. Past it a
// point still records, with a set built for it (which allocates).
const maxMetricSets = 1024

// callMetrics records the per-call metrics next to the spans: the RPC
// conventions' rpc.client.call.duration, one point per logical call, and the
// HTTP conventions' http.client.response.body.size, one point per attempt
// (otelhttp records the request size, not the response size). Both come
// from the Meter of the configured MeterProvider, scope ScopeName, through
// the Meter API only. Each point's attributes are a precomputed
// attribute.Set cached per distinct value (operation, server, region, error
// type, status), so recording allocates nothing once a combination has been
// seen. It is safe for concurrent use.
type callMetrics struct {
	duration metric.Float64Histogram
	size     metric.Int64Histogram

	callSets metricSets[callKey]
	sizeSets metricSets[sizeKey]
}

// newCallMetrics creates the instruments from mp's Meter for ScopeName. An
// instrument the Meter fails to create is a no-op and the error goes to the
// global error handler, as for otelhttp's.
func newCallMetrics(mp metric.MeterProvider) *callMetrics {
	meter := mp.Meter(ScopeName)
	d, err := rpcconv.NewClientCallDuration(meter)
	if err != nil {
		otel.Handle(err)
	}
	s, err := httpconv.NewClientResponseBodySize(meter)
	if err != nil {
		otel.Handle(err)
	}
	return &callMetrics{duration: d.Inst(), size: s.Inst()}
}

// enabled reports whether recording a point in ctx could have an effect: the
// stage skips its work for a request no span records only when it does not.
func (m *callMetrics) enabled(ctx context.Context) bool {
	return m.duration.Enabled(ctx) || m.size.Enabled(ctx)
}

// callKey is what distinguishes the attribute sets of
// rpc.client.call.duration.
type callKey struct {
	system, method, server, region, errorType string
}

// recordCall records one rpc.client.call.duration point of d for a logical
// call whose operation is known, with the attributes k names:
// rpc.system.name (when known), rpc.method, server.address, cloud.region and
// error.type when the call failed. ctx carries the call's span, for the
// exemplar's trace link.
func (m *callMetrics) recordCall(ctx context.Context, k callKey, d time.Duration) {
	m.duration.Record(ctx, d.Seconds(), m.callSets.get(k, callSet)...)
}

// callKeyOf returns the key of a finished call c whose rpc.method is method.
func callKeyOf(c *apicall.Call, method string) callKey {
	return callKey{system: c.RPCSystem, method: method, server: c.ServerAddress, region: c.Region, errorType: c.ErrorType}
}

func callSet(k callKey) attribute.Set {
	kvs := make([]attribute.KeyValue, 0, 5)
	if k.system != "" {
		kvs = append(kvs, semconv.RPCSystemNameKey.String(k.system))
	}
	kvs = append(kvs, semconv.RPCMethod(k.method))
	if k.server != "" {
		kvs = append(kvs, semconv.ServerAddress(k.server))
	}
	if k.region != "" {
		kvs = append(kvs, semconv.CloudRegion(k.region))
	}
	if k.errorType != "" {
		kvs = append(kvs, semconv.ErrorTypeKey.String(k.errorType))
	}
	return attribute.NewSet(kvs...)
}

// sizeKey is what distinguishes the attribute sets of
// http.client.response.body.size.
type sizeKey struct {
	rpcMethod, httpMethod, server string
	status                        int
}

// recordSize records one http.client.response.body.size point of n bytes
// for an attempt: rpc.method, http.request.method, server.address,
// http.response.status_code, and error.type (the status code) from 400 on,
// as otelhttp's HTTP metrics have them. ctx carries the attempt's span.
func (m *callMetrics) recordSize(ctx context.Context, k sizeKey, n int64) {
	m.size.Record(ctx, n, m.sizeSets.get(k, sizeSet)...)
}

func sizeSet(k sizeKey) attribute.Set {
	kvs := make([]attribute.KeyValue, 0, 5)
	if k.rpcMethod != "" {
		kvs = append(kvs, semconv.RPCMethod(k.rpcMethod))
	}
	kvs = append(kvs, semconv.HTTPRequestMethodKey.String(k.httpMethod))
	if k.server != "" {
		kvs = append(kvs, semconv.ServerAddress(k.server))
	}
	kvs = append(kvs, semconv.HTTPResponseStatusCode(k.status))
	if k.status >= 400 {
		kvs = append(kvs, semconv.ErrorTypeKey.String(strconv.Itoa(k.status)))
	}
	return attribute.NewSet(kvs...)
}

// metricSets caches, per key, the record options that carry the key's
// attribute set, up to maxMetricSets keys. It is safe for concurrent use.
type metricSets[K comparable] struct {
	mu   sync.RWMutex
	sets map[K][]metric.RecordOption
}

// get returns the options of k's set, made by mk on first use.
func (s *metricSets[K]) get(k K, mk func(K) attribute.Set) []metric.RecordOption {
	s.mu.RLock()
	opts, ok := s.sets[k]
	s.mu.RUnlock()
	if ok {
		return opts
	}
	opts = []metric.RecordOption{metric.WithAttributeSet(mk(k))}
	s.mu.Lock()
	defer s.mu.Unlock()
	if cached, ok := s.sets[k]; ok {
		return cached
	}
	if len(s.sets) < maxMetricSets {
		if s.sets == nil {
			s.sets = make(map[K][]metric.RecordOption)
		}
		s.sets[k] = opts
	}
	return opts
}
