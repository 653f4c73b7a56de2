package bridge_test

import (
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/requesthook/requesthook/botoline"
	"github.com/requesthook/requesthook/bridge"
)

func TestRead(t *testing.T) {
	const good = "'2014-02-26 21:38:27', '200', '0.791542', '592', 'DescribeVolumes'\n"
	input := good +
		"garbage\n" +
		"\n" +
		strings.TrimSuffix(good, "\n") + "\r\n" +
		"'2014-02-26 21:38:27', 'x', '1.0', '0', 'A'\n" +
		"'" + strings.Repeat("x", botoline.MaxLineLen+10) + "\n" +
		strings.TrimSuffix(good, "\n") // no final newline
	type result struct {
		line int // 0 for a call
		col  int
		op   string
	}
	want := []result{{op: "DescribeVolumes"}, {line: 2, col: 1}, {line: 3, col: 1}, {op: "DescribeVolumes"}, {line: 5, col: 25}, {line: 6, col: -1}, {op: "DescribeVolumes"}}
	var got []result
	for c, err := range bridge.Read(strings.NewReader(input), time.UTC) {
		if err == nil {
			got = append(got, result{op: c.Operation})
			continue
		}
		var le *botoline.LineError
		if !errors.As(err, &le) {
			t.Fatalf("error %v is not a *LineError", err)
		}
		r := result{line: le.Line, col: -1}
		var se *botoline.SyntaxError
		if errors.As(err, &se) {
			r.col = se.Column
		}
		if !strings.HasPrefix(err.Error(), "line ") {
			t.Errorf("error %q does not start with its line number", err)
		}
		got = append(got, r)
	}
	if len(got) != len(want) {
		t.Fatalf("got %d results %v, want %d %v", len(got), got, len(want), want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("result %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestReadError(t *testing.T) {
	const good = "'2014-02-26 21:38:27', '200', '0.791542', '592', 'DescribeVolumes'\n"
	boom := errors.New("disk on fire")
	r := io.MultiReader(strings.NewReader(good+good), iotest.ErrReader(boom))
	var calls int
	var last error
	for _, err := range bridge.Read(r, time.UTC) {
		if err != nil {
			last = err
			continue
		}
		calls++
	}
	if calls != 2 || !errors.Is(last, boom) {
		t.Errorf("got %d calls, error %v; want 2 calls then %v", calls, last, boom)
	}
	var le *botoline.LineError
	if errors.As(last, &le) {
		t.Errorf("a read error must not be a *LineError: %v", last)
	}
	if !strings.Contains(last.Error(), "line 3") {
		t.Errorf("error %q does not name line 3", last)
	}
}

func TestReadStopsEarly(t *testing.T) {
	const good = "'2014-02-26 21:38:27', '200', '0.791542', '592', 'DescribeVolumes'\n"
	n := 0
	for range bridge.Read(strings.NewReader(strings.Repeat(good, 10)), time.UTC) {
		n++
		if n == 3 {
			break
		}
	}
	if n != 3 {
		t.Errorf("n = %d", n)
	}
}
