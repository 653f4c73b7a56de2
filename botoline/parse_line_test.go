package botoline_test

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/requesthook/requesthook/botoline"
	"github.com/requesthook/requesthook/internal/golden"
)

func TestParseLineGolden(t *testing.T) {
	for i, g := range golden.Load(t) {
		start, end := g.Start, g.End
		c, err := botoline.Parse([]byte(g.Line), time.UTC)
		if err != nil {
			t.Fatalf("case %d %q: %v", i, g.Line, err)
		}
		if want := end.Truncate(time.Second); !c.End.Equal(want) {
			t.Errorf("case %d: End = %v, want %v", i, c.End, want)
		}
		if got, want := c.End.Sub(c.Start), end.Sub(start); got != want {
			t.Errorf("case %d %q: End-Start = %v, want %v", i, g.Line, got, want)
		}
		if c.Status != g.Status {
			t.Errorf("case %d: StatusCode = %d, want %d", i, c.Status, g.Status)
		}
		if want := wantSize(t, g); c.Size != want {
			t.Errorf("case %d: Size = %d, want %d", i, c.Size, want)
		}
		if c.Operation != g.Operation {
			t.Errorf("case %d: Operation = %q, want %q", i, c.Operation, g.Operation)
		}
		if c.Start.Location() != time.UTC || c.End.Location() != time.UTC {
			t.Errorf("case %d: locations %v %v, want UTC", i, c.Start.Location(), c.End.Location())
		}
	}
}

func TestParseLineFields(t *testing.T) {
	end := time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)
	tests := []struct {
		name   string
		line   string
		dur    time.Duration
		status int
		size   int64
		op     string
	}{
		{"plain", `'2024-05-06 07:08:09', '200', '0.791542', '592', 'DescribeVolumes'` + "\n", 791542 * time.Microsecond, 200, 592, "DescribeVolumes"},
		{"crlf", `'2024-05-06 07:08:09', '200', '2.0', '0', 'X'` + "\r\n", 2 * time.Second, 200, 0, "X"},
		{"no newline", `'2024-05-06 07:08:09', '200', '2.0', '0', 'X'`, 2 * time.Second, 200, 0, "X"},
		{"exponent", `'2024-05-06 07:08:09', '200', '5e-05', 'None', 'X'` + "\n", 50 * time.Microsecond, 200, -1, "X"},
		{"exponent 9.9e-05", `'2024-05-06 07:08:09', '200', '9.9e-05', 'None', 'X'` + "\n", 99 * time.Microsecond, 200, -1, "X"},
		{"big exponent", `'2024-05-06 07:08:09', '200', '1e+12', 'None', 'X'` + "\n", -1, 200, -1, "X"},
		{"sub-microsecond rounds", `'2024-05-06 07:08:09', '200', '1.4e-07', 'None', 'X'` + "\n", 0, 200, -1, "X"},
		{"negative duration", `'2024-05-06 07:08:09', '200', '-0.5', '1', 'X'` + "\n", -500 * time.Millisecond, 200, 1, "X"},
		{"no response", `'2024-05-06 07:08:09', '0', '0.25', '0', 'GetItem'` + "\n", 250 * time.Millisecond, 0, 0, "GetItem"},
		{"status 0 size None", `'2024-05-06 07:08:09', '0', '0.25', 'None', 'GetItem'` + "\n", 250 * time.Millisecond, 0, -1, "GetItem"},
		{"negative status", `'2024-05-06 07:08:09', '-3', '0.25', '7', 'GetItem'` + "\n", 250 * time.Millisecond, -3, 7, "GetItem"},
		{"empty operation", `'2024-05-06 07:08:09', '200', '0.25', '7', ''` + "\n", 250 * time.Millisecond, 200, 7, ""},
		{"doubled quote", `'2024-05-06 07:08:09', '200', '0.25', '7', 'it''s'''` + "\n", 250 * time.Millisecond, 200, 7, "it's'"},
		{"escapes", `'2024-05-06 07:08:09', '200', '0.25', '7', 'a\\b\nc\rd\te\x00\x7f\xff\u0085\u2028\u2029'` + "\n", 250 * time.Millisecond, 200, 7, "a\\b\nc\rd\te\x00\x7f\xff\u0085\u2028\u2029"},
		{"upper hex", `'2024-05-06 07:08:09', '200', '0.25', '7', '\xFF\u00A0'` + "\n", 250 * time.Millisecond, 200, 7, "\xff\u00a0"},
		{"utf-8", `'2024-05-06 07:08:09', '200', '0.25', '7', 'Größe→'` + "\n", 250 * time.Millisecond, 200, 7, "Größe→"},
		{"truncated field", `'2024-05-06 07:08:09', '200', '0.25', '7', '` + strings.Repeat("a", 125) + `...'` + "\n", 250 * time.Millisecond, 200, 7, strings.Repeat("a", 125) + "..."},
		{"long field", `'2024-05-06 07:08:09', '200', '0.25', '7', '` + strings.Repeat("a\\n", 200) + `'` + "\n", 250 * time.Millisecond, 200, 7, strings.Repeat("a\n", 200)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := botoline.Parse([]byte(tt.line), time.UTC)
			if err != nil {
				t.Fatalf("ParseLine(%q): %v", tt.line, err)
			}
			if !c.End.Equal(end) {
				t.Errorf("End = %v, want %v", c.End, end)
			}
			if tt.name != "big exponent" { // see TestParseLineBigDuration
				if got := c.End.Sub(c.Start); got != tt.dur {
					t.Errorf("End-Start = %v, want %v", got, tt.dur)
				}
			}
			if c.Status != tt.status || c.Size != tt.size || c.Operation != tt.op {
				t.Errorf("got status %d size %d op %q, want %d %d %q", c.Status, c.Size, c.Operation, tt.status, tt.size, tt.op)
			}
		})
	}
}

// TestParseLineBigDuration: 1e+12 seconds is far beyond time.Duration, yet
// Start is exact; a duration whose start would leave the microsecond range
// that AppendLine computes in is an error, not a wrapped time.
func TestParseLineBigDuration(t *testing.T) {
	c, err := botoline.Parse([]byte(`'2024-05-06 07:08:09', '200', '1000000000000.0', 'None', 'X'`), time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := c.End.Unix()-c.Start.Unix(), int64(1e12); got != want || c.Start.Nanosecond() != 0 {
		t.Errorf("End-Start = %d s + %d ns, want %d s", got, c.Start.Nanosecond(), want)
	}
	for _, tt := range []struct {
		line   string
		column int // where the duration starts
	}{
		{`'2024-05-06 07:08:09', '200', '1e+16', 'None', 'X'`, 32},
		{`'0-01-01 00:00:00', '0', '17700000000001', '0', ''`, 27},
		{`'2024-05-06 07:08:09', '200', '-1e+16', 'None', 'X'`, 32},
	} {
		_, err := botoline.Parse([]byte(tt.line), time.UTC)
		var se *botoline.SyntaxError
		if !errors.As(err, &se) || se.Column != tt.column || !strings.Contains(se.Msg, "out of range") {
			t.Errorf("ParseLine(%q) = %v, want a duration out-of-range error at column %d", tt.line, err, tt.column)
		}
	}
}

func TestParseLineLocation(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip("no time zone database:", err)
	}
	line := []byte(`'2014-02-26 21:38:27', '200', '0.791542', '592', 'DescribeVolumes'` + "\n")
	c, err := botoline.Parse(line, ny)
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2014, 2, 27, 2, 38, 27, 0, time.UTC); !c.End.Equal(want) {
		t.Errorf("End = %v, want %v", c.End, want)
	}
	if c.End.Location() != ny || c.Start.Location() != ny {
		t.Errorf("locations %v, %v; want %v", c.End.Location(), c.Start.Location(), ny)
	}
	// nil means time.Local.
	c, err = botoline.Parse(line, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2014, 2, 26, 21, 38, 27, 0, time.Local); !c.End.Equal(want) {
		t.Errorf("nil location: End = %v, want %v", c.End, want)
	}
}

func TestParseLineErrors(t *testing.T) {
	const ok = `'2014-02-26 21:38:27', '200', '0.791542', '592', 'DescribeVolumes'`
	tests := []struct {
		name   string
		line   string
		column int
		msg    string
	}{
		{"empty", "", 1, "empty line"},
		{"blank", "\n", 1, "empty line"},
		{"crlf only", "\r\n", 1, "empty line"},
		{"no quote", `2014-02-26 21:38:27, 200`, 1, "want ' to open field 1 (time)"},
		{"bad time", `'2014-02-26T21:38:27', '200', '0.1', '5', 'X'`, 2, "time: want 'YYYY-MM-DD HH:MM:SS'"},
		{"no year", `'-02-26 21:38:27', '200', '0.1', '5', 'X'`, 2, "time: want 'YYYY-MM-DD HH:MM:SS'"},
		{"month", `'2014-13-26 21:38:27', '200', '0.1', '5', 'X'`, 7, "time: month 13 out of range"},
		{"day", `'2014-02-29 21:38:27', '200', '0.1', '5', 'X'`, 10, "time: day 29 out of range"},
		{"hour", `'2014-02-26 24:38:27', '200', '0.1', '5', 'X'`, 13, "time: hour 24 out of range"},
		{"minute", `'2014-02-26 21:60:27', '200', '0.1', '5', 'X'`, 16, "time: minute 60 out of range"},
		{"second", `'2014-02-26 21:38:60', '200', '0.1', '5', 'X'`, 19, "time: second 60 out of range"},
		{"separator", `'2014-02-26 21:38:27','200', '0.1', '5', 'X'`, 22, `want ", '" after field 1 (time)`},
		{"status text", `'2014-02-26 21:38:27', 'OK', '0.1', '5', 'X'`, 25, "status: want an integer"},
		{"status trailing", `'2014-02-26 21:38:27', '200x', '0.1', '5', 'X'`, 25, "status: want an integer"},
		{"status huge", `'2014-02-26 21:38:27', '99999999999999999999', '0.1', '5', 'X'`, 25, "status: out of range"},
		{"duration text", `'2014-02-26 21:38:27', '200', 'fast', '5', 'X'`, 32, "duration: want a number of seconds"},
		{"duration nan", `'2014-02-26 21:38:27', '200', '1e999', '5', 'X'`, 32, `duration: "1e999" is not a number of seconds`},
		{"duration garbage", `'2014-02-26 21:38:27', '200', '1.2.3', '5', 'X'`, 32, `duration: "1.2.3" is not a number of seconds`},
		{"duration huge", `'2014-02-26 21:38:27', '200', '1e+300', '5', 'X'`, 32, "duration: out of range"},
		{"size negative", `'2014-02-26 21:38:27', '200', '0.1', '-5', 'X'`, 39, "size: want a non-negative integer or None"},
		{"size none lowercase", `'2014-02-26 21:38:27', '200', '0.1', 'none', 'X'`, 39, "size: want a non-negative integer or None"},
		{"four fields", `'2014-02-26 21:38:27', '200', '0.1', '5'`, 41, "line ends after field 4; want 5 fields"},
		{"open operation", `'2014-02-26 21:38:27', '200', '0.1', '5', 'X`, 45, "operation: line ends inside the field; want a closing '"},
		{"six fields", ok + `, 'extra'`, 67, "unexpected text after field 5 (operation); want the end of the line"},
		{"bad escape", `'2014-02-26 21:38:27', '200', '0.1', '5', 'a\qb'`, 45, `operation: unknown escape \q`},
		{"short hex", `'2014-02-26 21:38:27', '200', '0.1', '5', 'a\x4'`, 45, `operation: want two hex digits after \x`},
		{"surrogate", `'2014-02-26 21:38:27', '200', '0.1', '5', '\ud800'`, 44, `operation: \u escape of a surrogate`},
		{"lone backslash", `'2014-02-26 21:38:27', '200', '0.1', '5', 'ab\'`, 0, ""},
		{"cut line", `'2014-02-26 21:3`, 2, "time: want 'YYYY-MM-DD HH:MM:SS'"},
		{"cut in status", `'2014-02-26 21:38:27', '20`, 27, "status: line ends inside the field"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := botoline.Parse([]byte(tt.line), time.UTC)
			var se *botoline.SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("ParseLine(%q) = %v, want a *SyntaxError", tt.line, err)
			}
			if tt.column == 0 {
				return // only the error type is checked
			}
			if se.Column != tt.column || se.Msg != tt.msg {
				t.Errorf("ParseLine(%q) = column %d %q, want column %d %q", tt.line, se.Column, se.Msg, tt.column, tt.msg)
			}
		})
	}
}

// TestDecimalFastPath: the integer fast path for plain decimals agrees with
// the float path on values around every power of ten and digit count.
func TestDecimalFastPath(t *testing.T) {
	end := time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)
	for _, text := range []string{"0.0", "0.000001", "0.1", "0.999999", "1.5", "123456.789012", "999999999.999999", "4294.967295", "1728000.25", "1000000.5", "00.5"} {
		c, err := botoline.Parse([]byte("'2024-05-06 07:08:09', '200', '"+text+"', '1', 'X'\n"), time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		f, err := strconv.ParseFloat(text, 64)
		if err != nil {
			t.Fatal(err)
		}
		want := time.Duration(math.Round(f*1e6)) * time.Microsecond
		if got := end.Sub(c.Start); got != want {
			t.Errorf("%s: duration %v, want %v", text, got, want)
		}
	}
}
