//go:build windows

package follow

import (
	"os"
	"syscall"
)

// fileID returns the volume serial number and file index of f.
func fileID(f *os.File, _ os.FileInfo) FileID {
	var d syscall.ByHandleFileInformation
	if err := syscall.GetFileInformationByHandle(syscall.Handle(f.Fd()), &d); err != nil {
		return FileID{}
	}
	return FileID{Device: uint64(d.VolumeSerialNumber), Inode: uint64(d.FileIndexHigh)<<32 | uint64(d.FileIndexLow)}
}
