package botoline_test

import (
	"errors"
	"io"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/requesthook/requesthook/botoline"
)

func TestSplitterChunks(t *testing.T) {
	long := strings.Repeat("x", botoline.MaxLineLen+10)
	input := "a\nbb\n\nccc" + "c\n" + long + "\n" + "dd" + long + "\n" + "e\n" + "tail"
	want := []string{"a\n", "bb\n", "\n", "cccc\n", "<long>", "<long>", "e\n"}
	for _, size := range []int{1, 2, 3, 7, 64 << 10, len(input)} {
		t.Run("chunk"+strconv.Itoa(size), func(t *testing.T) {
			var s botoline.Splitter
			var got []string
			fn := func(line []byte) {
				if line == nil {
					got = append(got, "<long>")
					return
				}
				got = append(got, string(line))
			}
			for in := input; in != ""; {
				n := min(size, len(in))
				s.Feed([]byte(in[:n]), fn)
				in = in[n:]
			}
			if string(s.Pending()) != "tail" {
				t.Errorf("Pending() = %q, want %q", s.Pending(), "tail")
			}
			if line, ok := s.Flush(); !ok || string(line) != "tail" {
				t.Errorf("Flush() = %q, %v; want %q, true", line, ok, "tail")
			}
			if _, ok := s.Flush(); ok {
				t.Error("second Flush() reported a line")
			}
			if strings.Join(got, "|") != strings.Join(want, "|") {
				t.Errorf("lines\n got %q\nwant %q", got, want)
			}
		})
	}
}

func TestReader(t *testing.T) {
	const good = "'2014-02-26 21:38:27', '200', '0.791542', '592', 'DescribeVolumes'\n"
	input := good + "garbage\n" + strings.TrimSuffix(good, "\n") + "\r\n" +
		"'" + strings.Repeat("x", botoline.MaxLineLen+10) + "\n" +
		strings.TrimSuffix(good, "\n") // no final newline
	for name, r := range map[string]io.Reader{
		"whole":    strings.NewReader(input),
		"one byte": iotest.OneByteReader(strings.NewReader(input)),
		"data+EOF": iotest.DataErrReader(strings.NewReader(input)),
	} {
		t.Run(name, func(t *testing.T) {
			rd := botoline.NewReader(r, time.UTC)
			var got []string
			for {
				rec, err := rd.Record()
				if errors.Is(err, io.EOF) {
					break
				}
				var le *botoline.LineError
				switch {
				case errors.As(err, &le) && errors.Is(err, botoline.ErrLineTooLong):
					got = append(got, "long@"+strconv.Itoa(le.Line))
				case errors.As(err, &le):
					got = append(got, "bad@"+strconv.Itoa(le.Line))
				case err != nil:
					t.Fatal(err)
				default:
					got = append(got, rec.Operation+"@"+strconv.Itoa(rd.Line()))
				}
			}
			want := "DescribeVolumes@1 bad@2 DescribeVolumes@3 long@4 DescribeVolumes@5"
			if g := strings.Join(got, " "); g != want {
				t.Errorf("got  %s\nwant %s", g, want)
			}
		})
	}
}

func TestReaderError(t *testing.T) {
	const good = "'2014-02-26 21:38:27', '200', '0.791542', '592', 'DescribeVolumes'\n"
	boom := errors.New("boom")
	rd := botoline.NewReader(io.MultiReader(strings.NewReader(good), iotest.ErrReader(boom)), time.UTC)
	if _, err := rd.Record(); err != nil {
		t.Fatal(err)
	}
	_, err := rd.Record()
	var le *botoline.LineError
	if !errors.Is(err, boom) || errors.As(err, &le) || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("Record() after a read error = %v; want the error wrapped with its line number, not a *LineError", err)
	}
}

func TestSplitterFeed(t *testing.T) {
	var s botoline.Splitter
	var got []string
	fn := func(l []byte) {
		if l == nil {
			got = append(got, "<too long>")
			return
		}
		got = append(got, string(l))
	}
	long := strings.Repeat("x", botoline.MaxLineLen+1)
	s.Feed([]byte("a\nb"), fn)
	s.Feed([]byte("c\n"+long[:100]), fn)
	s.Feed([]byte(long[100:]), fn)
	s.Feed([]byte("more\nd\n"+long+"\ne"), fn)
	want := []string{"a\n", "bc\n", "<too long>", "d\n", "<too long>"}
	if strings.Join(got, "|") != strings.Join(want, "|") || string(s.Pending()) != "e" {
		t.Errorf("got %q partial %q, want %q partial \"e\"", got, s.Pending(), want)
	}
}
