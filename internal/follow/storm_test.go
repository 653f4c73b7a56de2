package follow

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"
)

// stormRotations is how many times a storm rotates its file, every
// stormPeriod: five rotations a second, for two seconds.
const (
	stormRotations = 10
	stormPeriod    = 200 * time.Millisecond
	stormPerFile   = 200 // lines written to each file, in 10 bursts
)

// rotator is how a storm replaces the file: it is handed the writer's open
// file and returns the one to go on writing to.
type rotator func(t *testing.T, path string, f *os.File, next func() string) *os.File

// renameRotate renames the file away (over the previous rotated file, as
// logrotate's "rotate 1" does), writes a few more lines to the old file as a
// writer that has not reopened yet does, and creates the new file.
func renameRotate(t *testing.T, path string, f *os.File, next func() string) *os.File {
	if err := os.Rename(path, path+".1"); err != nil {
		t.Error(err)
	}
	for range 3 {
		writeLine(t, f, next())
	}
	f.Close()
	return openAppend(t, path)
}

// copyTruncate copies the file away and truncates it, as logrotate's
// copytruncate does; the writer keeps its file.
func copyTruncate(t *testing.T, path string, f *os.File, _ func() string) *os.File {
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

func openAppend(t *testing.T, path string) *os.File {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func writeLine(t *testing.T, f *os.File, s string) {
	if _, err := f.WriteString(s); err != nil {
		t.Error(err)
	}
}

// TestRotationStorm rotates the followed file five times a second while a
// writer appends numbered lines, and checks that the Follower delivers every
// line exactly once and in order. With copytruncate, lines written just
// before the truncation and not read yet are gone from the file (the nature
// of copytruncate), so that writer pauses half a period before truncating:
// what is checked there is that nothing is read twice or torn, and that the
// new content is found. It takes about two seconds.
func TestRotationStorm(t *testing.T) {
	tests := []struct {
		name   string
		rotate rotator
		pause  time.Duration // quiet time before a rotation
		opts   []Option
	}{
		{"rename, notifications", renameRotate, 0, nil},
		{"rename, polling every 20ms", renameRotate, 0, []Option{WithNotify(false), WithPollInterval(20 * time.Millisecond)}},
		{"copytruncate, notifications", copyTruncate, stormPeriod / 2, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "storm.log")
			f := openAppend(t, path)
			fl, err := Open(path, tt.opts...)
			if err != nil {
				t.Fatal(err)
			}
			defer fl.Close()

			var (
				mu       sync.Mutex
				got      []int
				rotated  int
				problems []string
			)
			ctx, cancel := context.WithCancel(t.Context())
			done := make(chan error, 1)
			go func() {
				done <- fl.Run(ctx, func(ev Event) error {
					mu.Lock()
					defer mu.Unlock()
					switch ev.Kind {
					case Line:
						n, err := strconv.Atoi(string(ev.Line[:len(ev.Line)-1]))
						if err != nil || ev.Line[len(ev.Line)-1] != '\n' {
							problems = append(problems, fmt.Sprintf("torn line %q", ev.Line))
							return nil
						}
						got = append(got, n)
					case Rotated, Truncated:
						rotated++
					case TooLong:
						problems = append(problems, "a line too long")
					}
					return nil
				})
			}()

			// The writer: bounded, it stops by itself.
			n := 0
			next := func() string { n++; return fmt.Sprintf("%08d\n", n-1) }
			begin := time.Now()
			for range stormRotations {
				period := time.Now()
				burst := stormPeriod - tt.pause
				for b := range 10 {
					for range stormPerFile / 10 {
						writeLine(t, f, next())
					}
					time.Sleep(time.Until(period.Add(burst * time.Duration(b+1) / 10)))
				}
				time.Sleep(time.Until(period.Add(stormPeriod)))
				f = tt.rotate(t, path, f, next)
			}
			for range stormPerFile / 10 {
				writeLine(t, f, next())
			}
			f.Close()
			elapsed := time.Since(begin)

			// Wait (10s at most) for the last line.
			deadline := time.Now().Add(10 * time.Second)
			for {
				mu.Lock()
				k := len(got)
				last := -1
				if k > 0 {
					last = got[k-1]
				}
				mu.Unlock()
				if last == n-1 || time.Now().After(deadline) {
					break
				}
				time.Sleep(5 * time.Millisecond)
			}
			cancel()
			if err := <-done; !errors.Is(err, context.Canceled) {
				t.Errorf("Run: %v", err)
			}

			mu.Lock()
			defer mu.Unlock()
			seen := make(map[int]int)
			outOfOrder := 0
			for i, v := range got {
				seen[v]++
				if i > 0 && v <= got[i-1] {
					outOfOrder++
				}
			}
			lost, dup := 0, 0
			for i := range n {
				switch c := seen[i]; {
				case c == 0:
					lost++
				case c > 1:
					dup += c - 1
				}
			}
			t.Logf("%d lines, %d rotations in %v (%.1f/s): %d delivered, %d lost, %d duplicated, %d out of order, %d rotations seen",
				n, stormRotations, elapsed.Round(time.Millisecond), float64(stormRotations)/elapsed.Seconds(), len(got), lost, dup, outOfOrder, rotated)
			if lost != 0 || dup != 0 || outOfOrder != 0 || len(problems) > 0 {
				t.Errorf("%d lost, %d duplicated, %d out of order, problems %q; want every line once, in order", lost, dup, outOfOrder, problems)
			}
			if rotated != stormRotations {
				t.Errorf("%d rotations reported, want %d", rotated, stormRotations)
			}
		})
	}
}
