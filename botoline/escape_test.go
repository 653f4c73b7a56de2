package botoline

import (
	"github.com/requesthook/requesthook/internal/pyrun"

	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestAppendField(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "DescribeVolumes", "DescribeVolumes"},
		{"empty", "", ""},
		{"quote", "it's", "it''s"},
		{"quotes only", "''", "''''"},
		{"backslash", `a\b`, `a\\b`},
		{"escape lookalike", `\x41`, `\\x41`},
		{"LF CR TAB", "a\nb\rc\td", `a\nb\rc\td`},
		{"NUL", "a\x00b", `a\x00b`},
		{"other C0", "\x01\x1b\x1c\x1f", `\x01\x1b\x1c\x1f`},
		{"DEL", "a\x7fb", `a\x7fb`},
		{"comma and space", "a, 'b', c", "a, ''b'', c"},
		{"C1 NEL", "a\u0085b", `a\u0085b`},
		{"C1 range", "\u0080\u009f", `\u0080\u009f`},
		{"line separator", "a\u2028b\u2029c", `a\u2028b\u2029c`},
		{"non-ASCII kept", "é日本€\u00a0\ufeff\ufffd😀", "é日本€\u00a0\ufeff\ufffd😀"},
		{"invalid byte", "a\xffb", `a\xffb`},
		{"truncated sequence", "\xe2\x80", `\xe2\x80`},
		{"surrogate half", "\xed\xa0\x80", `\xed\xa0\x80`},
		{"overlong slash", "\xc0\xaf", `\xc0\xaf`},
		{"lone continuation", "\x80", `\x80`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(AppendField([]byte("prefix"), tt.in))
			if got != "prefix"+tt.want {
				t.Errorf("AppendField(%q) = %q, want %q", tt.in, got[len("prefix"):], tt.want)
			}
			if !utf8.ValidString(got) {
				t.Errorf("AppendField(%q) is not valid UTF-8", tt.in)
			}
			back, err := unescapeField(strings.ReplaceAll(tt.want, "''", "'"))
			if err != nil || back != tt.in {
				t.Errorf("unescaping %q = %q, %v; want %q", tt.want, back, err, tt.in)
			}
		})
	}
}

func TestAppendFieldCap(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"exactly MaxFieldLen", strings.Repeat("a", MaxFieldLen), strings.Repeat("a", MaxFieldLen)},
		{"one more", strings.Repeat("a", MaxFieldLen+1), strings.Repeat("a", MaxFieldLen-3) + "..."},
		{"escapes exactly MaxFieldLen", strings.Repeat("'", MaxFieldLen/2), strings.Repeat("''", MaxFieldLen/2)},
		{"quote not split", strings.Repeat("a", MaxFieldLen-4) + strings.Repeat("'", 3), strings.Repeat("a", MaxFieldLen-4) + "..."},
		{"\\x not split", strings.Repeat("a", MaxFieldLen-5) + "\x01\x01", strings.Repeat("a", MaxFieldLen-5) + "..."},
		{"\\u not split", strings.Repeat("a", MaxFieldLen-7) + "\u2028\u2028", strings.Repeat("a", MaxFieldLen-7) + "..."},
		{"rune not split", strings.Repeat("a", MaxFieldLen-4) + "😀😀", strings.Repeat("a", MaxFieldLen-4) + "..."},
		{"rune fits", strings.Repeat("a", MaxFieldLen-7) + "😀😀", strings.Repeat("a", MaxFieldLen-7) + "😀..."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(AppendField(nil, tt.in))
			if got != tt.want {
				t.Errorf("AppendField(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
			if len(got) > MaxFieldLen {
				t.Errorf("field of %d bytes, more than MaxFieldLen", len(got))
			}
		})
	}
}

// TestAppendFieldCapReescapes checks, on random hostile names, that a field
// is at most MaxFieldLen bytes, that an uncapped field unescapes to the name,
// and that a capped one unescapes to a prefix of the name plus "..." and
// escapes back to the same bytes.
func TestAppendFieldCapReescapes(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for range 20000 {
		name := hostileName(r, r.IntN(200))
		checkField(t, name, string(AppendField(nil, name)))
	}
}

// checkField checks the escaped field of name as TestAppendFieldCapReescapes
// describes.
func checkField(t *testing.T, name, field string) {
	t.Helper()
	if len(field) > MaxFieldLen {
		t.Fatalf("field of %q is %d bytes, more than MaxFieldLen", name, len(field))
	}
	if !utf8.ValidString(field) || strings.ContainsAny(field, "\n\r\u2028\u2029\u0085") {
		t.Fatalf("field of %q = %q: invalid UTF-8 or a line break", name, field)
	}
	if strings.Contains(strings.ReplaceAll(field, "''", ""), "'") {
		t.Fatalf("field of %q = %q: a quote not doubled", name, field)
	}
	back, err := unescapeField(strings.ReplaceAll(field, "''", "'"))
	if err != nil {
		t.Fatalf("field of %q = %q does not unescape: %v", name, field, err)
	}
	if back == name {
		return
	}
	prefix, ok := strings.CutSuffix(back, "...")
	if !ok || !strings.HasPrefix(name, prefix) {
		t.Fatalf("field of %q = %q unescapes to %q, neither the name nor a capped prefix", name, field, back)
	}
	if again := string(AppendField(nil, back)); again != field {
		t.Fatalf("re-escaping the capped field of %q\n got %q\nwant %q", name, again, field)
	}
}

// hostileName returns a random string of n pieces drawn from the characters
// that have broken log formats: quotes, backslashes, line breaks of every
// kind, control bytes, invalid UTF-8, wide characters and plain letters.
func hostileName(r *rand.Rand, n int) string {
	pieces := [...]string{
		"'", "''", `\`, `\\`, "\n", "\r", "\r\n", "\t", "\x00", "\x1b", "\x1c", "\x1e", "\x7f",
		"\u0085", "\u2028", "\u2029", "\xff", "\xe2\x80", "\xed\xa0\x80", "\xc0", "\x80",
		", ", ",", " '", "' ", `"`, "é", "日", "😀", "\ufeff", "\ufffd", "...", "x", "Describe",
	}
	var b strings.Builder
	for range n {
		if r.IntN(3) == 0 {
			b.WriteString("Op")
			continue
		}
		b.WriteString(pieces[r.IntN(len(pieces))])
	}
	return b.String()
}

// TestLinesReadByPythonCSV writes lines for hostile operation names to a file
// and reads it back with Python's csv.reader(f, quotechar="'",
// skipinitialspace=True), opened both as the csv documentation recommends
// (newline="") and as scripts usually do (universal newlines): one row per
// call, five fields per row, and the fifth is the escaped name.
func TestLinesReadByPythonCSV(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	names := []string{
		"", "'", "''", "'''", "a'b", "', '", "'\n'", "\\", "\\'", "'\\", "a\nb", "a\rb", "a\r\nb",
		"\x00", "\x1c\x1d\x1e", "\u0085", "\u2028", "\u2029", "\xff\xfe", "\xe2\x80\xa8", "\xe2\x80",
		"DescribeVolumes', '200", "x'\n'2014-02-26 21:38:27', '200', '0.1', '1', 'Evil",
		strings.Repeat("'", 300), strings.Repeat("\\", 300), strings.Repeat("\u2028", 100), strings.Repeat("é", 200),
	}
	for range 2000 {
		names = append(names, hostileName(r, r.IntN(150)))
	}
	end := time.Date(2014, 2, 26, 21, 38, 27, 0, time.UTC)
	var lines []byte
	var fields []string
	for _, name := range names {
		c := Record{Start: end.Add(-791542 * time.Microsecond), End: end, Status: 200, Size: 592}
		c.Operation = name
		lines = Append(lines, c, time.UTC)
		fields = append(fields, string(AppendField(nil, name)))
	}
	path := filepath.Join(t.TempDir(), "request_log.csv")
	if err := os.WriteFile(path, lines, 0o644); err != nil {
		t.Fatal(err)
	}
	const script = `
import csv, json, sys
out = {}
with open(sys.argv[1], newline='', encoding='utf-8') as f:
    out['newline'] = list(csv.reader(f, quotechar="'", skipinitialspace=True))
with open(sys.argv[1], encoding='utf-8') as f:
    out['universal'] = list(csv.reader(f, quotechar="'", skipinitialspace=True))
json.dump(out, sys.stdout)
`
	out := pyrun.Run(t, script+"\n", nil, path)
	var got map[string][][]string
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	for _, mode := range []string{"newline", "universal"} {
		rows := got[mode]
		if len(rows) != len(names) {
			t.Fatalf("%s: Python read %d rows from %d lines", mode, len(rows), len(names))
		}
		for i, row := range rows {
			want := []string{"2014-02-26 21:38:27", "200", "0.791542", "592", strings.ReplaceAll(fields[i], "''", "'")}
			if len(row) != 5 || strings.Join(row, "\x00") != strings.Join(want, "\x00") {
				t.Errorf("%s: row %d for %q\n got %q\nwant %q", mode, i, names[i], row, want)
			}
		}
	}
}

// TestAppendLineHostile checks the structure of lines whose operation is
// hostile with the test parser.
func TestAppendLineHostile(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	end := time.Date(2014, 2, 26, 21, 38, 27, 0, time.UTC)
	for range 5000 {
		name := hostileName(r, r.IntN(150))
		c := Record{Start: end, End: end, Status: 500, Size: -1, Operation: name}
		line := string(Append(nil, c, time.UTC))
		f, err := parseLine(line)
		if err != nil {
			t.Fatalf("line for %q = %q: %v", name, line, err)
		}
		if f[0] != "2014-02-26 21:38:27" || f[1] != "500" || f[2] != "0.0" || f[3] != "None" {
			t.Fatalf("line for %q = %q: fields %q", name, line, f)
		}
		checkField(t, name, strings.ReplaceAll(f[4], "'", "''"))
	}
}

// TestIsPlain compares isPlain, which tests eight bytes at a time, with a
// byte-by-byte test on strings of every length up to 40 made of plain bytes
// with at most two others at any place, and every byte value.
func TestIsPlain(t *testing.T) {
	plain := func(s string) bool {
		for i := 0; i < len(s); i++ {
			if b := s[i]; b < 0x20 || b >= 0x7f || b == '\'' || b == '\\' {
				return false
			}
		}
		return true
	}
	r := rand.New(rand.NewPCG(9, 10))
	for n := range 41 {
		for range 2000 {
			b := make([]byte, n)
			for i := range b {
				b[i] = byte(0x20 + r.IntN(0x7f-0x20))
			}
			for range r.IntN(3) {
				if n > 0 {
					b[r.IntN(n)] = byte(r.IntN(256))
				}
			}
			if s := string(b); isPlain(s) != plain(s) {
				t.Fatalf("isPlain(%q) = %v", s, !plain(s))
			}
		}
	}
	for c := range 256 {
		for pos := range 16 {
			b := []byte("DescribeVolumesX")
			b[pos] = byte(c)
			if s := string(b); isPlain(s) != plain(s) {
				t.Fatalf("isPlain(%q) = %v", s, !plain(s))
			}
		}
	}
}
