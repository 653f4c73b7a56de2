package main

import (
	"bytes"
	"context"
	"io"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// openPTY opens a pseudo-terminal pair: what is written to tty can be read
// from master.
func openPTY(t *testing.T) (master, tty *os.File) {
	t.Helper()
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Skip("no pseudo-terminals here:", err)
	}
	t.Cleanup(func() { master.Close() })
	if err := unix.IoctlSetPointerInt(int(master.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		t.Fatal("unlockpt:", err)
	}
	n, err := unix.IoctlGetInt(int(master.Fd()), unix.TIOCGPTN)
	if err != nil {
		t.Fatal("ptsname:", err)
	}
	tty, err = os.OpenFile("/dev/pts/"+strconv.Itoa(n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tty.Close() })
	return master, tty
}

// TestReplayProgressOnTerminal runs replay with stderr on a real terminal and
// with stderr in a file: the bar is drawn on the first only.
func TestReplayProgressOnTerminal(t *testing.T) {
	master, tty := openPTY(t)
	if !isTerminal(tty) {
		t.Fatal("isTerminal(pty) = false")
	}
	recv := &otlpReceiver{}
	srv := httptest.NewServer(recv)
	defer srv.Close()
	otlpEnv(t, srv.URL)
	path, cases := writeGolden(t, "")

	// Read everything the terminal shows while replay runs.
	shown := make(chan []byte)
	go func() {
		var b bytes.Buffer
		buf := make([]byte, 4096)
		for {
			n, err := master.Read(buf)
			b.Write(buf[:n])
			if err != nil {
				shown <- b.Bytes()
				return
			}
		}
	}()
	var stdout bytes.Buffer
	if code := run(context.Background(), []string{"replay", path}, strings.NewReader(""), &stdout, tty); code != 0 {
		t.Fatalf("replay exited %d", code)
	}
	tty.Close() // the reader gets EIO once it has read everything
	got := string(<-shown)
	if !strings.Contains(got, "\r") || !strings.Contains(got, "100%") || !strings.Contains(got, "[") {
		t.Errorf("terminal showed %q, want a progress bar ending at 100%%", got)
	}
	if n, _ := recv.spans(); len(n) != len(cases) {
		t.Errorf("collector got %d spans, want %d", len(n), len(cases))
	}

	// The same run with stderr in a regular file draws no bar.
	f, err := os.Create(t.TempDir() + "/stderr")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if isTerminal(f) {
		t.Fatal("isTerminal(regular file) = true")
	}
	if code := run(context.Background(), []string{"replay", path}, strings.NewReader(""), io.Discard, f); code != 0 {
		t.Fatalf("replay exited %d", code)
	}
	b, _ := os.ReadFile(f.Name())
	if strings.Contains(string(b), "\r") || strings.Contains(string(b), "[") {
		t.Errorf("stderr in a file got %q, want no progress bar", b)
	}
}
