package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/requesthook/requesthook/apicall"
	"github.com/requesthook/requesthook/botoline"
)

type statsFlags struct {
	by        string
	json      bool
	tz        tzFlag
	maxErrors int
	filter    filterFlags
}

func (f *statsFlags) flagSet(e *env) *flag.FlagSet {
	fs := newFlagSet(e, "stats", `stats [-by operation|status|minute] [-json] [-tz zone] [-errors n]
	[-op name]... [-status code]... [-since t] [-until t] file...

Stats summarises request logs ("-" reads standard input): per group, the
number of calls, the failures (status 0, meaning no response, or 400 and
above), the 50th, 90th and 99th percentile and the maximum duration in
seconds (nearest rank, exact to the microsecond) and the bytes received, as
an aligned table or, with -json, as JSON. Operation names are printed
escaped as the log's writers escape them (a quote doubled, control
characters as \xNN or \uNNNN), so that no name can drive a terminal.`)
	fs.StringVar(&f.by, "by", "operation", "group calls by `key`: operation, status or minute (of the end time)")
	fs.BoolVar(&f.json, "json", false, "print JSON instead of a table")
	addTZFlag(fs, &f.tz)
	addErrorsFlag(fs, &f.maxErrors)
	addFilterFlags(fs, &f.filter)
	return fs
}

func runStats(ctx context.Context, e *env, args []string) int {
	var f statsFlags
	fs := f.flagSet(e)
	if code := parseFlags(fs, args); code >= 0 {
		return code
	}
	if fs.NArg() == 0 {
		return usageError(fs, "requestlog stats: no files named (use - for standard input)")
	}
	agg, err := newAggregator(f.by, f.tz.location(), f.filter.filter(f.tz.location()))
	if err != nil {
		return usageError(fs, "requestlog stats: %v", err)
	}
	bad := &malformed{w: e.stderr, limit: f.maxErrors}
	code := exitOK
	for _, name := range fs.Args() {
		if err := agg.readFile(ctx, e, name, bad); err != nil {
			fmt.Fprintf(e.stderr, "requestlog stats: %v\n", err)
			if ctx.Err() != nil {
				return exitUnreadable
			}
			code = exitUnreadable
		}
	}
	if bad.total > 0 {
		fmt.Fprintf(e.stderr, "requestlog stats: %d malformed %s skipped\n", bad.total, plural(bad.total, "line", "lines"))
	}
	if code != exitOK { // totals that miss a file would mislead
		fmt.Fprintln(e.stderr, "requestlog stats: no summary printed")
		return code
	}
	rows, total := agg.rows()
	var werr error
	if f.json {
		werr = writeJSON(e.stdout, f.by, rows, total, agg.lines, bad.total)
	} else {
		werr = writeTable(e.stdout, f.by, rows, total)
	}
	if werr != nil {
		fmt.Fprintf(e.stderr, "requestlog stats: %v\n", werr)
		return exitUnreadable
	}
	return code
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// groupKey identifies a group: an operation, a status or a minute.
type groupKey struct {
	s string
	n int64
}

// aggregator groups calls.
type aggregator struct {
	by     string
	loc    *time.Location
	filter callFilter
	groups map[groupKey]*group
	lines  int
}

func newAggregator(by string, loc *time.Location, cf callFilter) (*aggregator, error) {
	switch by {
	case "operation", "status", "minute":
	default:
		return nil, fmt.Errorf("-by %q: want operation, status or minute", by)
	}
	return &aggregator{by: by, loc: loc, filter: cf, groups: make(map[groupKey]*group)}, nil
}

// readFile adds the calls of one file.
func (a *aggregator) readFile(ctx context.Context, e *env, name string, bad *malformed) error {
	in, err := openInput(e, name)
	if err != nil {
		return err
	}
	defer in.Close()
	defer bad.endFile(in.name)
	rd := botoline.NewReader(in.r, a.loc)
	for n := 1; ; n++ {
		if n&1023 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		rec, err := rd.Record()
		var le *botoline.LineError
		switch {
		case errors.As(err, &le):
			a.lines++
			bad.report(in.name, le)
		case errors.Is(err, io.EOF):
			return nil
		case err != nil:
			return fmt.Errorf("%s: %w", in.name, err)
		default:
			a.lines++
			if a.filter.keepRecord(&rec) {
				a.add(apicall.FromRecord(rec))
			}
		}
	}
}

// add counts one call in its group.
func (a *aggregator) add(c apicall.Call) {
	var k groupKey
	switch a.by {
	case "operation":
		k.s = c.Operation
	case "status":
		k.n = int64(c.StatusCode)
	case "minute":
		k.n = floorDiv(c.End.Unix(), 60)
	}
	g := a.groups[k]
	if g == nil {
		g = &group{sortKey: k.n}
		switch a.by {
		case "operation":
			g.key = k.s
		case "status":
			g.key = strconv.FormatInt(k.n, 10)
		case "minute":
			g.key = time.Unix(k.n*60, 0).In(a.loc).Format("2006-01-02 15:04")
		}
		a.groups[k] = g
	}
	g.add(c)
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && a < 0 {
		q--
	}
	return q
}

// rows returns the groups' rows in order (operations by count, most first;
// statuses and minutes ascending) and the total row.
func (a *aggregator) rows() ([]row, row) {
	gs := make([]*group, 0, len(a.groups))
	for _, g := range a.groups {
		gs = append(gs, g)
	}
	slices.SortFunc(gs, func(x, y *group) int {
		if a.by == "operation" {
			if c := cmp.Compare(y.count, x.count); c != 0 {
				return c
			}
			return strings.Compare(x.key, y.key)
		}
		return cmp.Compare(x.sortKey, y.sortKey)
	})
	rows := make([]row, 0, len(gs))
	for _, g := range gs {
		rows = append(rows, summarize(g.key, []*group{g}))
	}
	return rows, summarize("TOTAL", gs)
}

// writeTable prints rows as an aligned table: the key left-aligned, the
// numbers right-aligned.
func writeTable(w io.Writer, by string, rows []row, total row) error {
	header := []string{strings.ToUpper(by), "COUNT", "FAILURES", "P50", "P90", "P99", "MAX", "BYTES"}
	cells := [][]string{header}
	for _, r := range append(rows, total) {
		key := safeName(r.Key)
		if by == "operation" {
			key = opLabel(r.Key)
		}
		cells = append(cells, []string{key,
			strconv.FormatInt(r.Count, 10), strconv.FormatInt(r.Failures, 10),
			formatSeconds(r.p50), formatSeconds(r.p90), formatSeconds(r.p99), formatSeconds(r.max),
			strconv.FormatInt(r.Bytes, 10)})
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
			if i == 0 {
				b.WriteString(c)
				b.WriteString(strings.Repeat(" ", widths[i]-utf8.RuneCountInString(c)))
				continue
			}
			b.WriteString(strings.Repeat(" ", 2+widths[i]-len(c)))
			b.WriteString(c)
		}
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// statsJSON is the -json output.
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
