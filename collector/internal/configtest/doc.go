// Package configtest loads a component's configuration from its
// testdata/config.yaml in tests, as the Collector does: the defaults, then
// the file's keys, then Validate.
package configtest
