package exporter

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/metric/noop"
)

// scopeName is the instrumentation scope of the processor's own metrics.
const scopeName = "github.com/requesthook/requesthook/exporter"

// The processor's instruments, named after the SDK's own processor metrics
// (otel.sdk.processor.span.processed, …queue.size, …queue.capacity and
// otel.sdk.exporter.operation.duration).
const (
	metricLinesWritten  = "requesthook.exporter.lines.written"
	metricLinesDropped  = "requesthook.exporter.lines.dropped"
	metricQueueSize     = "requesthook.exporter.queue.size"
	metricQueueCapacity = "requesthook.exporter.queue.capacity"
	metricWriteDuration = "requesthook.exporter.write.duration"
)

// The values of the reason attribute of requesthook.exporter.lines.dropped.
const (
	// reasonStalled: span End dropped the span while the writer was stalled
	// (see WithStallTimeout).
	reasonStalled = "stalled"
	// reasonWriteError: the lines of a batch whose writes kept failing for
	// WithRetryTimeout were given up.
	reasonWriteError = "write_error"
	// reasonShutdown: lines that met a shut-down Exporter (Shutdown's context
	// ended before they were written).
	reasonShutdown = "shutdown"
)

// processorIDs numbers processors for their otel.component.name.
var processorIDs atomic.Int64

// processorMetrics records a processor's health. Its attribute sets are made
// once, so recording allocates nothing.
type processorMetrics struct {
	written  metric.Int64Counter
	dropped  metric.Int64Counter
	duration metric.Float64Histogram
	reg      metric.Registration

	writtenOpts     []metric.AddOption
	droppedOpts     map[string][]metric.AddOption // by reason
	durationOpts    []metric.RecordOption
	durationErrOpts []metric.RecordOption
}

// newProcessorMetrics makes the instruments on mp; queueLen reports the
// queue's length and capacity is its size. Errors are reported through
// otel.Handle; an instrument that cannot be made records nothing.
func newProcessorMetrics(mp metric.MeterProvider, queueLen func() int64, capacity int64) *processorMetrics {
	meter := mp.Meter(scopeName)
	component := attribute.NewSet(
		attribute.String("otel.component.type", "requesthook_processor"),
		attribute.String("otel.component.name", "requesthook_processor/"+strconv.FormatInt(processorIDs.Add(1)-1, 10)),
	)
	withAttr := func(extra ...attribute.KeyValue) attribute.Set {
		return attribute.NewSet(append(component.ToSlice(), extra...)...)
	}
	m := &processorMetrics{
		writtenOpts:     []metric.AddOption{metric.WithAttributeSet(component)},
		droppedOpts:     map[string][]metric.AddOption{},
		durationOpts:    []metric.RecordOption{metric.WithAttributeSet(component)},
		durationErrOpts: []metric.RecordOption{metric.WithAttributeSet(withAttr(attribute.String("error.type", "write_error")))},
	}
	for _, r := range []string{reasonStalled, reasonWriteError, reasonShutdown} {
		m.droppedOpts[r] = []metric.AddOption{metric.WithAttributeSet(withAttr(attribute.String("reason", r)))}
	}

	var errs []error
	var err error
	if m.written, err = meter.Int64Counter(metricLinesWritten, metric.WithUnit("{line}"),
		metric.WithDescription("The number of lines written to the request log.")); err != nil || m.written == nil {
		errs, m.written = append(errs, err), noop.Int64Counter{}
	}
	if m.dropped, err = meter.Int64Counter(metricLinesDropped, metric.WithUnit("{line}"),
		metric.WithDescription("The number of lines that will never be written, by reason: stalled, write_error, shutdown.")); err != nil || m.dropped == nil {
		errs, m.dropped = append(errs, err), noop.Int64Counter{}
	}
	if m.duration, err = meter.Float64Histogram(metricWriteDuration, metric.WithUnit("s"),
		metric.WithDescription("The duration of the writes of batches of lines, failed ones with error.type.")); err != nil || m.duration == nil {
		errs, m.duration = append(errs, err), noop.Float64Histogram{}
	}
	size, serr := meter.Int64ObservableUpDownCounter(metricQueueSize, metric.WithUnit("{span}"),
		metric.WithDescription("The number of ended spans waiting in the queue to be written."))
	capa, cerr := meter.Int64ObservableUpDownCounter(metricQueueCapacity, metric.WithUnit("{span}"),
		metric.WithDescription("The number of ended spans the queue can hold before span End waits."))
	errs = append(errs, serr, cerr)
	if serr == nil && cerr == nil && size != nil && capa != nil {
		observe := []metric.ObserveOption{metric.WithAttributeSet(component)}
		m.reg, err = meter.RegisterCallback(func(_ context.Context, o metric.Observer) error {
			o.ObserveInt64(size, queueLen(), observe...)
			o.ObserveInt64(capa, capacity, observe...)
			return nil
		}, size, capa)
		errs = append(errs, err)
	}
	if err := errors.Join(errs...); err != nil {
		otel.Handle(fmt.Errorf("exporter: processor metrics: %w", err))
	}
	return m
}

// wrote records n lines written.
func (m *processorMetrics) wrote(n int) {
	if n > 0 {
		m.written.Add(context.Background(), int64(n), m.writtenOpts...)
	}
}

// drop records n lines dropped for reason.
func (m *processorMetrics) drop(n int, reason string) {
	if n > 0 {
		m.dropped.Add(context.Background(), int64(n), m.droppedOpts[reason]...)
	}
}

// writeTook records the duration of one write of a batch; a failed write
// carries error.type.
func (m *processorMetrics) writeTook(d time.Duration, err error) {
	opts := m.durationOpts
	if err != nil {
		opts = m.durationErrOpts
	}
	m.duration.Record(context.Background(), d.Seconds(), opts...)
}

// shutdown unregisters the queue callback.
func (m *processorMetrics) shutdown() {
	if m.reg != nil {
		if err := m.reg.Unregister(); err != nil {
			otel.Handle(fmt.Errorf("exporter: processor metrics: %w", err))
		}
	}
}
