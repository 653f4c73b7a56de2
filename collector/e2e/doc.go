// Package e2e holds the end-to-end test of the requesthook Collector
// distribution (build tag e2e): it builds the distribution and Jaeger,
// starts both on free loopback ports with collector/config.yaml, runs the
// EC2 example twice exporting OTLP to the Collector, and checks the central
// request log, Jaeger, the requestlog receiver and the fixtures of every
// instrumentation posted as OTLP/HTTP JSON. Run it from the collector module:
//
//	go test -tags e2e -timeout 30m -v ./e2e
//
// Its benchmark measures spans per second through the running distribution
// (OTLP/HTTP in, the central file out):
//
//	go test -tags e2e -run '^$' -bench Distribution -benchtime 20x -v ./e2e
package e2e
