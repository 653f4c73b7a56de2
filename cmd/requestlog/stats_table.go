package main

import (
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// writeTable prints rows as an aligned table: the key left-aligned, the
// numbers right-aligned, durations in seconds with six decimals (so that
// the column aligns), sizes in binary units ("None" when no size of the
// group is known).
func writeTable(w io.Writer, by string, rows []row, total row) error {
	header := []string{strings.ToUpper(by), "COUNT", "FAILURES", "FAIL%", "P50", "P90", "P99", "MAX", "BYTES", "UNSIZED"}
	cells := [][]string{header}
	for _, r := range append(rows, total) {
		cells = append(cells, []string{rowKey(by, r.Key),
			strconv.FormatInt(r.Count, 10), strconv.FormatInt(r.Failures, 10), strconv.FormatFloat(r.FailurePct, 'f', 1, 64),
			formatSeconds(r.p50), formatSeconds(r.p90), formatSeconds(r.p99), formatSeconds(r.max),
			tableBytes(r), strconv.FormatInt(r.UnknownSize, 10)})
	}
	widths := make([]int, len(header))
	for _, line := range cells {
		for i, c := range line {
			widths[i] = max(widths[i], utf8.RuneCountInString(c))
		}
	}
	var b strings.Builder
	for _, line := range cells {
		for i, c := range line {
			n := utf8.RuneCountInString(c)
			if i == 0 {
				b.WriteString(c)
				b.WriteString(strings.Repeat(" ", widths[i]-n))
				continue
			}
			b.WriteString(strings.Repeat(" ", 2+widths[i]-n))
			b.WriteString(c)
		}
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// rowKey is how a row's key is printed: an operation as opLabel labels it,
// any other key escaped (safeName).
func rowKey(by, key string) string {
	if by == "operation" && key != "TOTAL" {
		return opLabel(key)
	}
	return safeName(key)
}

// tableBytes is the BYTES cell of r: "None" when no size is known.
func tableBytes(r row) string {
	if r.Count > 0 && !r.sizeKnown() {
		return "None"
	}
	return humanBytes(r.Bytes)
}
