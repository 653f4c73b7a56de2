package follow

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/requesthook/requesthook/internal/logstorm"
)

// stormRotations is how many times a storm rotates its file, every
// stormPeriod: five rotations a second, for two seconds.
const (
	stormRotations = 10
	stormPeriod    = 200 * time.Millisecond
	stormPerFile   = 200 // lines written to each file, in 10 bursts
)

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
		rotate logstorm.Rotator
		pause  time.Duration // quiet time before a rotation
		opts   []Option
	}{
		{"rename, notifications", logstorm.Rename(3), 0, nil},
		{"rename, polling every 20ms", logstorm.Rename(3), 0, []Option{WithNotify(false), WithPollInterval(20 * time.Millisecond)}},
		{"copytruncate, notifications", logstorm.CopyTruncate, stormPeriod / 2, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "storm.log")
			f := logstorm.OpenAppend(t, path)
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
			logstorm.Storm{Rotations: stormRotations, Period: stormPeriod, PerFile: stormPerFile,
				Pause: tt.pause, Rotate: tt.rotate}.Run(t, path, f, next)
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
