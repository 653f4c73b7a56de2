package main

import (
	"encoding/json"
	"io"
	"strconv"
)

// statsJSON is the -format json output.
type statsJSON struct {
	By        string `json:"by"`
	Groups    []row  `json:"groups"`
	Total     row    `json:"total"`
	Lines     int    `json:"lines"`
	Malformed int    `json:"malformed"`
}

func writeJSON(w io.Writer, by string, rows []row, total row, lines, malformed int) error {
	safe := make([]row, len(rows))
	for i, r := range rows {
		r.Key = safeName(r.Key)
		safe[i] = r
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(statsJSON{By: by, Groups: safe, Total: total, Lines: lines, Malformed: malformed})
}

// MarshalJSON writes r with its durations in seconds as the log writes
// them (a JSON number either way) and bytes null when no size is known.
func (r row) MarshalJSON() ([]byte, error) {
	return r.appendJSON(nil, true)
}

// appendJSON appends r as MarshalJSON writes it, without p50, p90, p99 and
// max unless durations is set (stats -minute's TOTAL has none).
func (r row) appendJSON(b []byte, durations bool) ([]byte, error) {
	key, err := json.Marshal(r.Key)
	if err != nil {
		return nil, err
	}
	b = append(b, `{"key":`...)
	b = append(b, key...)
	b = append(b, `,"count":`...)
	b = strconv.AppendInt(b, r.Count, 10)
	b = append(b, `,"failures":`...)
	b = strconv.AppendInt(b, r.Failures, 10)
	b = append(b, `,"failure_pct":`...)
	b = strconv.AppendFloat(b, r.FailurePct, 'f', -1, 64)
	if durations {
		for _, d := range []struct {
			name string
			us   int64
		}{{"p50", r.p50}, {"p90", r.p90}, {"p99", r.p99}, {"max", r.max}} {
			b = append(b, `,"`+d.name+`":`...)
			b = append(b, logSeconds(d.us)...)
		}
	}
	b = append(b, `,"bytes":`...)
	if r.sizeKnown() {
		b = strconv.AppendInt(b, r.Bytes, 10)
	} else {
		b = append(b, "null"...)
	}
	b = append(b, `,"unknown_size":`...)
	b = strconv.AppendInt(b, r.UnknownSize, 10)
	return append(b, '}'), nil
}
