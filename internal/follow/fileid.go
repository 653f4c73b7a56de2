package follow

import (
	"os"
	"strconv"
)

// FileID identifies a file independently of its name, so that a rotated
// file is recognised: on Unix the device and inode numbers, on Windows the
// volume serial number and the file index. It is the zero FileID where the
// platform tells neither.
type FileID struct {
	Device, Inode uint64
}

// String returns the identity as "device:inode".
func (id FileID) String() string {
	return strconv.FormatUint(id.Device, 10) + ":" + strconv.FormatUint(id.Inode, 10)
}

// IsZero reports whether id is unknown.
func (id FileID) IsZero() bool { return id == FileID{} }

// Identify returns the identity of the open file f.
func Identify(f *os.File) (FileID, error) {
	fi, err := f.Stat()
	if err != nil {
		return FileID{}, err
	}
	return fileID(f, fi), nil
}
