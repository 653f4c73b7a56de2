// Package pyrun runs Python 3 scripts for the tests that check the legacy
// log with the reader boto users have: Python's own csv module.
package pyrun
