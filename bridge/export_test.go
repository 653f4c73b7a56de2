package bridge

// WithClock exposes withClock to the external tests.
var WithClock = withClock
