// Package logstorm writes a log file as a busy writer does while logrotate
// rotates it several times a second: the rotation storm of the tests of
// internal/follow and of requestlog tail -f. Only tests import it.
package logstorm
