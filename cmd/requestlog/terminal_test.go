package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/requesthook/requesthook/botoline"
)

// hostileNames are operation names that would drive a terminal if printed
// raw.
var hostileNames = []struct{ name, op string }{
	{"clear screen", "A\x1b[2JB"},
	{"OSC title", "\x1b]0;pwned\x07Title"},
	{"C1 CSI", "C\u009b2JD"},
	{"line separator", "E\u2028F"},
	{"bell", "G\x07H"},
	{"invalid UTF-8", "I\xff\xfeJ"},
	{"carriage return and DEL", "K\rL\x7f"},
}

// controlIn returns a description of the first raw control character in s
// (C0 but the newline, DEL, C1, U+2028, U+2029) or invalid UTF-8, or "".
func controlIn(s string) string {
	for i, r := range s {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD"):
			return fmt.Sprintf("invalid UTF-8 at byte %d", i)
		case r == '\n':
		case r < 0x20, r >= 0x7f && r <= 0x9f, r == 0x2028, r == 0x2029:
			return fmt.Sprintf("%U at byte %d", r, i)
		}
	}
	return ""
}

// TestTerminalSafety: a hand-written log whose operation fields hold raw
// control characters parses, and stats (table and JSON) and tail print the
// names escaped as the log's writers escape them.
func TestTerminalSafety(t *testing.T) {
	for _, hn := range hostileNames {
		t.Run(hn.name, func(t *testing.T) {
			raw := "'2024-05-06 07:08:09', '200', '0.5', '10', '" + hn.op + "'\n"
			if _, err := botoline.Parse([]byte(raw), nil); err != nil {
				t.Fatalf("the raw line does not parse (%v): nothing to test", err)
			}
			escaped := string(botoline.AppendField(nil, hn.op))
			path := filepath.Join(t.TempDir(), "hostile.log")
			if err := os.WriteFile(path, []byte(raw+raw), 0o644); err != nil {
				t.Fatal(err)
			}
			for _, args := range [][]string{
				{"stats", path},
				{"stats", "-json", path},
				{"tail", path},
				{"tail", "-stats", path},
			} {
				code, out, errOut := runCmd(t, t.Context(), "", args...)
				if code != 0 {
					t.Errorf("%q: exit %d, stderr %q", args, code, errOut)
				}
				for what, s := range map[string]string{"stdout": out, "stderr": errOut} {
					if c := controlIn(s); c != "" {
						t.Errorf("%q: %s has %s: %q", args, what, c, s)
					}
				}
				switch args[1] {
				case "-json":
					var got statsJSON
					if err := json.Unmarshal([]byte(out), &got); err != nil {
						t.Fatalf("stats -json: invalid JSON: %v\n%s", err, out)
					}
					if len(got.Groups) != 1 || got.Groups[0].Key != escaped {
						t.Errorf("stats -json: groups %+v, want one with key %q", got.Groups, escaped)
					}
				case path:
					if args[0] == "stats" && !strings.Contains(out, "\n"+escaped+" ") {
						t.Errorf("stats: table %q lacks %q", out, escaped)
					}
					if want := "'2024-05-06 07:08:09', '200', '0.5', '10', '" + escaped + "'\n"; args[0] == "tail" && out != want+want {
						t.Errorf("tail: got %q, want %q twice", out, want)
					}
				}
			}
		})
	}
}

// TestPrintable checks the test of lines tail prints as they are.
func TestPrintable(t *testing.T) {
	tests := []struct {
		line string
		want bool
	}{
		{"'2024-05-06 07:08:09', '200', '0.5', '10', 'DescribeVolumes'\n", true},
		{"no newline", true},
		{"ünïcödé and 日本語\n", true},
		{"\n", true},
		{"", true},
		{"crlf\r\n", false},
		{"tab\there\n", false},
		{"esc\x1b[2J\n", false},
		{"del\x7f\n", false},
		{"c1\u0085\n", false},
		{"c1\u009b\n", false},
		{"ls\u2028\n", false},
		{"ps\u2029\n", false},
		{"bad\xc3\n", false},
		{"newline inside\nx", false},
	}
	for _, tt := range tests {
		if got := printable([]byte(tt.line)); got != tt.want {
			t.Errorf("printable(%q) = %v, want %v", tt.line, got, tt.want)
		}
	}
}
