// Package lockedbuf provides Buffer, a bytes.Buffer that many goroutines may
// write and read at once.
//
// Tests hand a Buffer to code that writes from its own goroutines (a
// program's stdout, a progress line, a request logger) and read it while
// that code still runs, which a bare bytes.Buffer does not allow.
package lockedbuf
