//go:build !unix

package exporter

import (
	"io/fs"
	"os"
)

// openNonblocking opens path with flag. Outside Unix there are no FIFOs
// that an open could wait on, so it is os.OpenFile.
func openNonblocking(path string, flag int, mode fs.FileMode) (*os.File, error) {
	return os.OpenFile(path, flag, mode)
}
