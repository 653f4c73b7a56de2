package exporter

import "unicode/utf8"

// MaxFieldLen is the longest escaped operation field, in bytes, that a line
// carries. A longer field is cut at an escape or character boundary to at most
// MaxFieldLen-3 bytes and "..." is appended, so a capped field is at most
// MaxFieldLen bytes long and re-escaping its parsed value gives the same bytes.
const MaxFieldLen = 128

// capLen is the longest escaped prefix kept when a field is capped.
const capLen = MaxFieldLen - len("...")

const hexDigits = "0123456789abcdef"

// appendField appends s escaped as the package documentation describes:
// a quote doubled, a backslash doubled, LF, CR and TAB as \n, \r and \t, other
// C0 controls, DEL and each byte of invalid UTF-8 as \xNN, the C1 controls
// U+0080 to U+009F and U+2028 and U+2029 as \uNNNN, everything else as is;
// capped at MaxFieldLen bytes.
func appendField(dst []byte, s string) []byte {
	if len(s) <= MaxFieldLen && isPlain(s) {
		return append(dst, s...)
	}
	start := len(dst)
	cut := start // end of the longest escaped prefix that fits capLen
	for i := 0; i < len(s); {
		b := s[i]
		switch {
		case b >= 0x20 && b < utf8.RuneSelf && b != 0x7f && b != '\'' && b != '\\':
			dst = append(dst, b)
			i++
		case b == '\'':
			dst = append(dst, '\'', '\'')
			i++
		case b == '\\':
			dst = append(dst, '\\', '\\')
			i++
		case b == '\n':
			dst = append(dst, '\\', 'n')
			i++
		case b == '\r':
			dst = append(dst, '\\', 'r')
			i++
		case b == '\t':
			dst = append(dst, '\\', 't')
			i++
		case b < utf8.RuneSelf: // other C0 controls and DEL
			dst = append(dst, '\\', 'x', hexDigits[b>>4], hexDigits[b&0xf])
			i++
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			switch {
			case r == utf8.RuneError && size == 1:
				dst = append(dst, '\\', 'x', hexDigits[b>>4], hexDigits[b&0xf])
			case r <= 0x9f || r == 0x2028 || r == 0x2029:
				dst = append(dst, '\\', 'u',
					hexDigits[r>>12&0xf], hexDigits[r>>8&0xf], hexDigits[r>>4&0xf], hexDigits[r&0xf])
			default:
				dst = append(dst, s[i:i+size]...)
			}
			i += size
		}
		switch n := len(dst) - start; {
		case n <= capLen:
			cut = len(dst)
		case n > MaxFieldLen:
			return append(dst[:cut], "..."...)
		}
	}
	return dst
}

// isPlain reports whether s holds only printable ASCII other than the quote
// and the backslash, the bytes appendField copies as they are.
func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		if b := s[i]; b < 0x20 || b >= 0x7f || b == '\'' || b == '\\' {
			return false
		}
	}
	return true
}
