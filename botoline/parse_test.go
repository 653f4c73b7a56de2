package botoline

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// parseLine splits one line in the package's format into its five fields,
// each as it appears between its quotes with doubled quotes read as one, and checks the
// structure strictly: the quotes, the ", " separators and the final newline.
func parseLine(line string) ([5]string, error) {
	var f [5]string
	rest, ok := strings.CutSuffix(line, "\n")
	if !ok {
		return f, errors.New("no final newline")
	}
	if strings.ContainsAny(rest, "\n\r") {
		return f, errors.New("line break inside the line")
	}
	for i := range f {
		if i > 0 {
			if rest, ok = strings.CutPrefix(rest, ", "); !ok {
				return f, fmt.Errorf("field %d: no separator", i+1)
			}
		}
		if rest, ok = strings.CutPrefix(rest, "'"); !ok {
			return f, fmt.Errorf("field %d: no opening quote", i+1)
		}
		var b strings.Builder
		for {
			j := strings.IndexByte(rest, '\'')
			if j < 0 {
				return f, fmt.Errorf("field %d: no closing quote", i+1)
			}
			b.WriteString(rest[:j])
			rest = rest[j+1:]
			if !strings.HasPrefix(rest, "'") {
				break
			}
			b.WriteByte('\'')
			rest = rest[1:]
		}
		f[i] = b.String()
	}
	if rest != "" {
		return f, fmt.Errorf("trailing bytes %q", rest)
	}
	return f, nil
}

// unescapeField undoes the operation field's backslash escapes.
func unescapeField(s string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		if i+1 >= len(s) {
			return "", errors.New("lone backslash at the end")
		}
		i++
		switch s[i] {
		case '\\':
			b.WriteByte('\\')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'x':
			if i+3 > len(s) {
				return "", errors.New("short \\x escape")
			}
			v, err := strconv.ParseUint(s[i+1:i+3], 16, 8)
			if err != nil {
				return "", err
			}
			b.WriteByte(byte(v))
			i += 2
		case 'u':
			if i+5 > len(s) {
				return "", errors.New("short \\u escape")
			}
			v, err := strconv.ParseUint(s[i+1:i+5], 16, 16)
			if err != nil {
				return "", err
			}
			b.WriteRune(rune(v))
			i += 4
		default:
			return "", fmt.Errorf("unknown escape \\%c", s[i])
		}
	}
	if !utf8.ValidString(s) {
		return "", errors.New("escaped field is not valid UTF-8")
	}
	return b.String(), nil
}
