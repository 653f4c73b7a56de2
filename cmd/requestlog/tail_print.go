package main

import (
	"unicode/utf8"

	"github.com/requesthook/requesthook/botoline"
)

// print buffers a line that parsed as rec, with a newline if it has none.
// A line with a control character in it (a hand-written or hostile file:
// the writers escape them) is printed as botoline.Append renders rec, with
// the operation escaped, so that no line can move the cursor, set the
// terminal's title or ring its bell.
func (t *tailer) print(b []byte, rec botoline.Record) {
	if !printable(b) {
		t.out = botoline.Append(t.out, rec, t.loc)
		return
	}
	t.out = append(t.out, b...)
	if len(b) == 0 || b[len(b)-1] != '\n' {
		t.out = append(t.out, '\n')
	}
}

// printable reports whether b, but for a final newline, is valid UTF-8
// without C0 controls, DEL, C1 controls (U+0080 to U+009F) or the line and
// paragraph separators U+2028 and U+2029: the characters botoline.AppendField
// escapes, but for the quote and the backslash.
func printable(b []byte) bool {
	if n := len(b); n > 0 && b[n-1] == '\n' {
		b = b[:n-1]
	}
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 || r <= 0x9f || r == 0x2028 || r == 0x2029 {
			return false
		}
		i += size
	}
	return true
}

// flush writes the buffered lines.
func (t *tailer) flush() error {
	if len(t.out) == 0 {
		return nil
	}
	_, err := t.e.stdout.Write(t.out)
	t.out = t.out[:0]
	return err
}
