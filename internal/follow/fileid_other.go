//go:build !unix && !windows

package follow

import "os"

// fileID returns the zero FileID: this platform tells no file identity.
func fileID(*os.File, os.FileInfo) FileID { return FileID{} }
