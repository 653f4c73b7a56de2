package main

import (
	"encoding/csv"
	"io"
	"strconv"

	"github.com/requesthook/requesthook/botoline"
)

// writeCSV prints rows, then the total row (key TOTAL), as CSV (RFC 4180,
// encoding/csv) under a header line: exact bytes (empty when no size is
// known), durations in seconds as the log writes them. Keys are escaped as
// in the table, so that no field holds a control character.
func writeCSV(w io.Writer, by string, rows []row, total row) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{by, "count", "failures", "failure_pct", "p50", "p90", "p99", "max", "bytes", "unknown_size"})
	for _, r := range append(rows, total) {
		cw.Write(csvRecord(rowKey(by, r.Key), r))
	}
	cw.Flush()
	return cw.Error()
}

// csvRecord returns the fields of r after its key.
func csvRecord(key string, r row) []string {
	bytes := ""
	if r.sizeKnown() {
		bytes = strconv.FormatInt(r.Bytes, 10)
	}
	return []string{key, strconv.FormatInt(r.Count, 10), strconv.FormatInt(r.Failures, 10),
		strconv.FormatFloat(r.FailurePct, 'f', -1, 64),
		logSeconds(r.p50), logSeconds(r.p90), logSeconds(r.p99), logSeconds(r.max),
		bytes, strconv.FormatInt(r.UnknownSize, 10)}
}

// logSeconds prints microseconds as seconds the way the log writes a
// duration (botoline.AppendFloat: "0.791542", "9.5e-05", "2.0").
func logSeconds(us int64) string {
	return string(botoline.AppendFloat(nil, seconds(us)))
}
