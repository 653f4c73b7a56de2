package logstorm

import (
	"io"
	"os"
	"testing"
	"time"
)

// Rotator replaces the file at path: it is handed the writer's open file f
// and returns the one to go on writing to. next returns the next line.
type Rotator func(t testing.TB, path string, f *os.File, next func() string) *os.File

// Rename renames the file away to path.1 (over the previous rotated file,
// as logrotate's "rotate 1" does), writes late more lines to the old file as
// a writer that has not reopened yet does, and creates the new file.
func Rename(late int) Rotator {
	return func(t testing.TB, path string, f *os.File, next func() string) *os.File {
		t.Helper()
		if err := os.Rename(path, path+".1"); err != nil {
			t.Error(err)
		}
		for range late {
			WriteLine(t, f, next())
		}
		f.Close()
		return OpenAppend(t, path)
	}
}

// CopyTruncate copies the file away to path.1 and truncates it, as
// logrotate's copytruncate does; the writer keeps its file.
func CopyTruncate(t testing.TB, path string, f *os.File, _ func() string) *os.File {
	t.Helper()
	src, err := os.Open(path)
	if err != nil {
		t.Error(err)
		return f
	}
	defer src.Close()
	dst, err := os.Create(path + ".1")
	if err != nil {
		t.Error(err)
		return f
	}
	defer dst.Close()
	if _, err := io.Copy(dst, src); err != nil {
		t.Error(err)
	}
	if err := f.Truncate(0); err != nil {
		t.Error(err)
	}
	return f
}

// OpenAppend opens the file at path for appending, creating it.
func OpenAppend(t testing.TB, path string) *os.File {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// WriteLine writes s to f in one write.
func WriteLine(t testing.TB, f *os.File, s string) {
	t.Helper()
	if _, err := f.WriteString(s); err != nil {
		t.Error(err)
	}
}

// Storm is a bounded rotation storm.
type Storm struct {
	Rotations int           // how many times the file is rotated
	Period    time.Duration // how often
	PerFile   int           // lines written to each file, in 10 even bursts
	Pause     time.Duration // quiet time at the end of each period, before its rotation
	Rotate    Rotator
}

// Run writes to f, the open file at path, Rotations periods of PerFile
// lines each followed by a rotation, then PerFile/10 lines more, and closes
// the file. next returns each line to write.
func (s Storm) Run(t testing.TB, path string, f *os.File, next func() string) {
	t.Helper()
	for range s.Rotations {
		period := time.Now()
		burst := s.Period - s.Pause
		for b := range 10 {
			for range s.PerFile / 10 {
				WriteLine(t, f, next())
			}
			time.Sleep(time.Until(period.Add(burst * time.Duration(b+1) / 10)))
		}
		time.Sleep(time.Until(period.Add(s.Period)))
		f = s.Rotate(t, path, f, next)
	}
	for range s.PerFile / 10 {
		WriteLine(t, f, next())
	}
	f.Close()
}

// AppendTo appends s to the file at path in one write, creating the file.
func AppendTo(t testing.TB, path, s string) {
	t.Helper()
	f := OpenAppend(t, path)
	defer f.Close()
	if _, err := f.WriteString(s); err != nil {
		t.Fatal(err)
	}
}
