package bridge

import (
	"unicode/utf8"
)

// operation reads the escaped operation field up to its closing quote and
// returns it unescaped: a doubled quote is one quote; \\ \n \r \t \xNN and
// \uNNNN are backslash escapes (hex digits in either case).
func (p *parser) operation() (string, bool) {
	start := p.pos
	plain := true
	i := start
scan:
	for {
		if i >= len(p.line) {
			return "", p.fail(min(i, len(p.line)), "operation: line ends inside the field; want a closing '")
		}
		switch p.line[i] {
		case '\'':
			if i+1 < len(p.line) && p.line[i+1] == '\'' {
				plain = false
				i += 2
				continue
			}
			break scan
		case '\\':
			plain = false
			i += 2 // checked while unescaping
			continue
		}
		i++
	}
	end := i
	p.pos = end + 1
	if plain {
		return intern(p.line[start:end]), true
	}
	var buf [256]byte
	out := buf[:0]
	for i := start; i < end; {
		b := p.line[i]
		switch b {
		case '\'':
			out = append(out, '\'')
			i += 2
			continue
		case '\\':
		default:
			out = append(out, b)
			i++
			continue
		}
		// A backslash escape.
		if i+1 >= end {
			return "", p.fail(i, "operation: lone \\ at the end of the field")
		}
		switch e := p.line[i+1]; e {
		case '\\':
			out = append(out, '\\')
			i += 2
		case 'n':
			out = append(out, '\n')
			i += 2
		case 'r':
			out = append(out, '\r')
			i += 2
		case 't':
			out = append(out, '\t')
			i += 2
		case 'x':
			v, ok := hexValue(p.line[i+2 : min(i+4, end)])
			if !ok || i+4 > end {
				return "", p.fail(i, "operation: want two hex digits after \\x")
			}
			out = append(out, byte(v))
			i += 4
		case 'u':
			v, ok := hexValue(p.line[i+2 : min(i+6, end)])
			if !ok || i+6 > end {
				return "", p.fail(i, "operation: want four hex digits after \\u")
			}
			if !utf8.ValidRune(rune(v)) {
				return "", p.fail(i, "operation: \\u escape of a surrogate")
			}
			out = utf8.AppendRune(out, rune(v))
			i += 6
		default:
			return "", p.fail(i, "operation: unknown escape \\"+escapeByteName(e))
		}
	}
	return intern(out), true
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
	const hex = "0123456789abcdef"
	return string([]byte{'x', hex[b>>4], hex[b&15]}) + " (as a raw byte)"
}
