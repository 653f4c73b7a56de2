// Package metadata holds the type, scope name and stability of the
// requestlog exporter, as the Collector's mdatagen writes them from
// metadata.yaml.
package metadata

import (
	"go.opentelemetry.io/collector/component"
)

var (
	// Type is the exporter's type in a Collector configuration.
	Type = component.MustNewType("requestlog")
	// ScopeName is the instrumentation scope of the exporter's own telemetry.
	ScopeName = "github.com/requesthook/requesthook/collector/requestlogexporter"
)

const (
	// TracesStability is the stability of the traces exporter.
	TracesStability = component.StabilityLevelAlpha
)
