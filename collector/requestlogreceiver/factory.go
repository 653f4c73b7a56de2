package requestlogreceiver

import (
	"context"
	"time"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/receiver"

	"github.com/requesthook/requesthook/collector/requestlogreceiver/internal/metadata"
)

// NewFactory returns the factory of the requestlog receiver.
func NewFactory() receiver.Factory {
	return receiver.NewFactory(
		metadata.Type,
		createDefaultConfig,
		receiver.WithTraces(createTraces, metadata.TracesStability),
	)
}

// createDefaultConfig returns the defaults: start at the end, local time,
// globs matched again (and files polled) every 200ms, no storage.
func createDefaultConfig() component.Config {
	return &Config{StartAt: "end", PollInterval: 200 * time.Millisecond}
}

func createTraces(_ context.Context, set receiver.Settings, cfg component.Config, next consumer.Traces) (receiver.Traces, error) {
	return newLogReceiver(cfg.(*Config), set, next)
}
