package botoline

import "unicode/utf8"

// MaxFieldLen is the longest escaped operation field, in bytes, that a line
// carries. A longer field is cut at an escape or character boundary to at most
// MaxFieldLen-3 bytes and "..." is appended, so a capped field is at most
// MaxFieldLen bytes long and re-escaping its parsed value gives the same bytes.
const MaxFieldLen = 128

// capLen is the longest escaped prefix kept when a field is capped.
const capLen = MaxFieldLen - len("...")

// hexDigits is the one hex table of the escapes, written and read.
const hexDigits = "0123456789abcdef"

// AppendField appends s escaped as the package documentation describes: a
// quote doubled, a backslash doubled, LF, CR and TAB as \n, \r and \t, other
// C0 controls, DEL and each byte of invalid UTF-8 as \xNN, the C1 controls
// U+0080 to U+009F and U+2028 and U+2029 as \uNNNN, everything else as is;
// capped at MaxFieldLen bytes. Anything that prints a name from a log (a
// table, a CSV cell, a terminal) can use it to keep control characters out.
func AppendField(dst []byte, s string) []byte {
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
// and the backslash, the bytes AppendField copies as they are. It tests
// eight bytes at a time.
func isPlain(s string) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	i := 0
	for ; i+8 <= len(s); i += 8 {
		x := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		quote, backslash := x^(ones*'\''), x^(ones*'\\')
		// A high bit marks a byte below 0x20, at or above 0x7f (DEL or
		// not ASCII), or equal to the quote or the backslash; the tests
		// are exact as to whether there is one.
		if ((x-ones*0x20)&^x|(x+ones*(0x80-0x7f))|x|
			(quote-ones)&^quote|(backslash-ones)&^backslash)&highs != 0 {
			return false
		}
	}
	for ; i < len(s); i++ {
		if b := s[i]; b < 0x20 || b >= 0x7f || b == '\'' || b == '\\' {
			return false
		}
	}
	return true
}

// appendUnescaped appends the value of an escaped field (its bytes between
// the quotes) to dst: a doubled quote is one quote; \\ \n \r \t \xNN and
// \uNNNN are backslash escapes (hex digits in either case). On a bad escape
// it returns the field offset of its backslash and what is wrong.
func appendUnescaped(dst, field []byte) (out []byte, bad int, msg string) {
	for i := 0; i < len(field); {
		b := field[i]
		switch b {
		case '\'':
			dst = append(dst, '\'')
			i += 2
			continue
		case '\\':
		default:
			dst = append(dst, b)
			i++
			continue
		}
		if i+1 >= len(field) {
			return dst, i, "lone \\ at the end of the field"
		}
		switch e := field[i+1]; e {
		case '\\':
			dst = append(dst, '\\')
			i += 2
		case 'n':
			dst = append(dst, '\n')
			i += 2
		case 'r':
			dst = append(dst, '\r')
			i += 2
		case 't':
			dst = append(dst, '\t')
			i += 2
		case 'x':
			v, ok := hexValue(field[i+2 : min(i+4, len(field))])
			if !ok || i+4 > len(field) {
				return dst, i, "want two hex digits after \\x"
			}
			dst = append(dst, byte(v))
			i += 4
		case 'u':
			v, ok := hexValue(field[i+2 : min(i+6, len(field))])
			if !ok || i+6 > len(field) {
				return dst, i, "want four hex digits after \\u"
			}
			if !utf8.ValidRune(rune(v)) {
				return dst, i, "\\u escape of a surrogate"
			}
			dst = utf8.AppendRune(dst, rune(v))
			i += 6
		default:
			return dst, i, "unknown escape \\" + escapeByteName(e)
		}
	}
	return dst, -1, ""
}

// hexValue reads hex digits of either case.
func hexValue(b []byte) (uint32, bool) {
	if len(b) == 0 {
		return 0, false
	}
	var v uint32
	for _, c := range b {
		switch {
		case c >= '0' && c <= '9':
			v = v<<4 | uint32(c-'0')
		case c >= 'a' && c <= 'f':
			v = v<<4 | uint32(c-'a'+10)
		case c >= 'A' && c <= 'F':
			v = v<<4 | uint32(c-'A'+10)
		default:
			return 0, false
		}
	}
	return v, true
}

// escapeByteName shows a byte that followed a backslash.
func escapeByteName(b byte) string {
	if b >= 0x20 && b < 0x7f {
		return string(rune(b))
	}
	return string([]byte{'x', hexDigits[b>>4], hexDigits[b&15]}) + " (as a raw byte)"
}
