// Package metadata holds the type, scope name and stability of the
// requestlog receiver, as the Collector's mdatagen writes them from
// metadata.yaml.
package metadata

import (
	"go.opentelemetry.io/collector/component"
)

var (
	// Type is the receiver's type in a Collector configuration.
	Type = component.MustNewType("requestlog")
	// ScopeName is the instrumentation scope of the receiver's own telemetry.
	ScopeName = "github.com/requesthook/requesthook/collector/requestlogreceiver"
)

const (
	// TracesStability is the stability of the traces receiver.
	TracesStability = component.StabilityLevelAlpha
)
