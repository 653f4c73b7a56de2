package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/requesthook/requesthook/apicall"
	"github.com/requesthook/requesthook/botoline"
)

type statsFlags struct {
	by        string
	format    outputFormat
	tz        tzFlag
	maxErrors int
	filter    filterFlags
}

func (f *statsFlags) flagSet(e *env) *flag.FlagSet {
	fs := newFlagSet(e, "stats", `stats [-by operation|status|class|minute] [-format table|csv|json] [-json]
	[-tz zone] [-errors n] [-op name]... [-status code]... [-since t] [-until t] file...

Stats summarises request logs ("-" reads standard input): per group, the
number of calls, the failures (status 0, meaning no response, or 400 and
above) and their percentage, the 50th, 90th and 99th percentile and the
maximum duration in seconds (nearest rank, exact to the microsecond), the
bytes received and the calls whose size is unknown (None, or no response),
which are left out of the bytes. -format table prints sizes in binary units
and durations with six decimals, so that the columns align; csv and json
print exact bytes and durations as the log writes them ("9.5e-05").
Operation names are printed escaped as the log's writers escape them (a
quote doubled, control characters as \xNN or \uNNNN), so that no name can
drive a terminal. When a file cannot be read, no summary is printed.`)
	fs.StringVar(&f.by, "by", "operation", "group calls by `key`: operation, status, class (of status: 2xx, 4xx, 5xx, none…) or minute (of the end time)")
	addFormatFlags(fs, &f.format)
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
	switch f.format {
	case formatJSON:
		werr = writeJSON(e.stdout, f.by, rows, total, agg.lines, bad.total)
	case formatCSV:
		werr = writeCSV(e.stdout, f.by, rows, total)
	default:
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
	case "operation", "status", "class", "minute":
	default:
		return nil, fmt.Errorf("-by %q: want operation, status, class or minute", by)
	}
	return &aggregator{by: by, loc: loc, filter: cf, groups: make(map[groupKey]*group)}, nil
}

// readFile adds the calls of one file: a large regular file in two halves
// read at once (stats_split.go), anything else as a stream.
func (a *aggregator) readFile(ctx context.Context, e *env, name string, bad *malformed) error {
	in, err := openInput(e, name)
	if err != nil {
		return err
	}
	defer in.Close()
	defer bad.endFile(in.name)
	if in.file != nil && in.size >= splitMinSize && runtime.GOMAXPROCS(0) > 1 {
		if cut, ok := findCut(in.file, in.size/2); ok {
			return a.readHalves(ctx, in, cut, bad)
		}
	}
	_, err = a.readStream(ctx, in.name, in.r, func(le *botoline.LineError) { bad.report(in.name, le) })
	return err
}

// readStream adds the calls of r, a file named name, handing its malformed
// lines to reject, and returns how many lines it read.
func (a *aggregator) readStream(ctx context.Context, name string, r io.Reader, reject func(*botoline.LineError)) (int, error) {
	rd := botoline.NewReader(r, a.loc)
	lines := 0
	for n := 1; ; n++ {
		if n&1023 == 0 && ctx.Err() != nil {
			return lines, ctx.Err()
		}
		rec, err := rd.Record()
		if err == nil { // the common case first: le below escapes
			lines++
			if a.filter.keepRecord(&rec) {
				a.add(apicall.FromRecord(rec))
			}
			continue
		}
		var le *botoline.LineError
		switch {
		case errors.As(err, &le):
			lines++
			reject(le)
		case errors.Is(err, io.EOF):
			a.lines += lines
			return lines, nil
		default:
			a.lines += lines
			return lines, fmt.Errorf("%s: %w", name, err)
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
	case "class":
		k.s = statusClass(c.StatusCode)
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
		case "class":
			g.key, g.sortKey = k.s, classOrder(k.s)
		case "minute":
			g.key = time.Unix(k.n*60, 0).In(a.loc).Format("2006-01-02 15:04")
		}
		a.groups[k] = g
	}
	g.add(c)
}

// classOrder orders the classes of -by class: 1xx to 9xx, then none, then
// other.
func classOrder(class string) int64 {
	switch class {
	case "none":
		return 10
	case "other":
		return 11
	}
	return int64(class[0] - '0')
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
