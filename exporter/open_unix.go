//go:build unix

package exporter

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"syscall"
)

// openNonblocking opens path with flag and O_NONBLOCK, so that opening a FIFO
// never waits for the other end: opening a FIFO nobody reads fails at once
// with ENXIO instead of blocking. For anything but a regular file
// O_NONBLOCK is then cleared, so writes block as they would have (the
// processor's stall timeout bounds how long span End waits for them).
func openNonblocking(path string, flag int, mode fs.FileMode) (*os.File, error) {
	f, err := os.OpenFile(path, flag|syscall.O_NONBLOCK, mode)
	if err != nil {
		if errors.Is(err, syscall.ENXIO) {
			err = fmt.Errorf("%w (a FIFO that no process has open for reading; start its reader first)", err)
		}
		return nil, err
	}
	fi, err := f.Stat()
	if err == nil && fi.Mode().IsRegular() {
		return f, nil // O_NONBLOCK does nothing to regular files
	}
	if err == nil {
		err = setBlocking(f)
	}
	if err != nil {
		f.Close()
		return nil, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	return f, nil
}

// setBlocking clears O_NONBLOCK on f's descriptor.
func setBlocking(f *os.File) error {
	rc, err := f.SyscallConn()
	if err != nil {
		return err
	}
	var serr error
	if err := rc.Control(func(fd uintptr) { serr = syscall.SetNonblock(int(fd), false) }); err != nil {
		return err
	}
	return serr
}
