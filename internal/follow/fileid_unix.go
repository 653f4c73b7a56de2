//go:build unix

package follow

import (
	"os"
	"syscall"
)

// fileID returns the device and inode numbers of f, whose FileInfo is fi.
func fileID(_ *os.File, fi os.FileInfo) FileID {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return FileID{Device: uint64(st.Dev), Inode: uint64(st.Ino)}
	}
	return FileID{}
}
