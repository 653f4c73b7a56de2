package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"github.com/requesthook/requesthook/apicall"
	"github.com/requesthook/requesthook/botoline"
)

type reportFlags struct {
	out       string
	tz        tzFlag
	filter    filterFlags
	top       int
	maxErrors int
}

func (f *reportFlags) flagSet(e *env) *flag.FlagSet {
	fs := newFlagSet(e, "report", `report [-o file.html] [-tz zone] [-top n] [-errors n]
	[-op name]... [-status code]... [-since t] [-until t] file...

Report writes one self-contained HTML page (no scripts, fonts or anything
else fetched) that pictures request logs ("-" reads standard input): for
all operations together and for each operation, the p50, p90 and p99
latency, the call rate and the failure rate over time, the most frequent
failure statuses and the distribution of response sizes (calls whose size
is None are left out of it and counted). Time is cut into at most 200
buckets of a round width, so the page stays small for any log. Flags may
follow the files.`)
	fs.StringVar(&f.out, "o", "-", "write the page to `file` (\"-\": standard output, when it is not a terminal)")
	addTZFlag(fs, &f.tz)
	addFilterFlags(fs, &f.filter)
	fs.IntVar(&f.top, "top", 50, "chart at most `n` operations, those with the most calls (all are in the table)")
	addErrorsFlag(fs, &f.maxErrors)
	return fs
}

func runReport(ctx context.Context, e *env, args []string) int {
	var f reportFlags
	fs := f.flagSet(e)
	files, code := parseInterspersed(fs, args)
	if code >= 0 {
		return code
	}
	if len(files) == 0 {
		return usageError(fs, "requestlog report: no files named (use - for standard input)")
	}
	if f.out == "-" {
		if out, ok := e.stdout.(*os.File); ok && isTerminal(out) {
			return usageError(fs, "requestlog report: standard output is a terminal; name a file with -o")
		}
	}
	if f.top < 0 {
		return usageError(fs, "requestlog report: -top %d: want 0 or more", f.top)
	}
	loc := f.tz.location()
	filter := f.filter.filter(loc)

	data := newReportData()
	bad := &malformed{w: e.stderr, limit: f.maxErrors}
	unreadable := false
	for _, name := range files {
		if err := data.readFile(ctx, e, name, loc, filter, bad); err != nil {
			fmt.Fprintf(e.stderr, "requestlog report: %v\n", err)
			unreadable = true
			if ctx.Err() != nil {
				break
			}
		}
	}
	if bad.total > 0 {
		fmt.Fprintf(e.stderr, "requestlog report: %d malformed %s skipped\n", bad.total, plural(bad.total, "line", "lines"))
	}
	if unreadable { // a page that looks whole but misses a file would mislead
		fmt.Fprintln(e.stderr, "requestlog report: no report written")
		return exitUnreadable
	}

	p := buildPage(data, pageInfo{files: files, loc: loc, filter: filter, flags: &f, malformed: bad.total})
	if err := writeOutput(e, f.out, p.render); err != nil {
		fmt.Fprintf(e.stderr, "requestlog report: %v\n", err)
		return exitUnreadable
	}
	return exitOK
}

// batchLen is how many records the parsing goroutine of readFile hands
// over at a time.
const batchLen = 512

// readFile adds the calls of one file that cf keeps. One goroutine reads and
// parses the lines while this one keeps the calls.
func (d *reportData) readFile(ctx context.Context, e *env, name string, loc *time.Location, cf callFilter, bad *malformed) error {
	in, err := openInput(e, name)
	if err != nil {
		return err
	}
	defer in.Close()
	defer bad.endFile(in.name)

	full := make(chan []botoline.Record, 4)
	free := make(chan []botoline.Record, 6)
	for range cap(free) {
		free <- make([]botoline.Record, 0, batchLen)
	}
	var lines, skipped int
	var readErr error
	go func() {
		defer close(full)
		readErr = parseRecords(ctx, in, loc, cf, bad, full, free, &lines, &skipped)
	}()
	for batch := range full {
		for i := range batch {
			d.add(apicall.FromRecord(batch[i]))
		}
		free <- batch[:0]
	}
	d.lines += lines
	d.skipped += skipped
	return readErr
}

// parseRecords reads the records of in and sends those cf keeps to full, in
// batches taken from free; it reports malformed lines to bad and counts
// the lines and the calls left out.
func parseRecords(ctx context.Context, in *input, loc *time.Location, cf callFilter, bad *malformed,
	full, free chan []botoline.Record, lines, skipped *int) error {
	rd := botoline.NewReader(in.r, loc)
	batch := <-free
	defer func() {
		if len(batch) > 0 {
			full <- batch
		}
	}()
	for n := 1; ; n++ {
		if n&1023 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		rec, err := rd.Record()
		if err == nil { // the common case first: le below escapes
			*lines++
			if !cf.keepRecord(&rec) {
				*skipped++
				continue
			}
			batch = append(batch, rec)
			if len(batch) == batchLen {
				full <- batch
				batch = <-free
			}
			continue
		}
		var le *botoline.LineError
		switch {
		case errors.As(err, &le):
			*lines++
			bad.report(in.name, le)
		case errors.Is(err, io.EOF):
			return nil
		default:
			return fmt.Errorf("%s: %w", in.name, err)
		}
	}
}

// allSeries cuts the calls of each operation (ops, in order) into the
// buckets of tl, on every CPU, and returns their series and that of all of
// them together.
func allSeries(ops []*opLog, tl timeline) (each []*opSeries, union *opSeries) {
	each = make([]*opSeries, len(ops))
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(runtime.GOMAXPROCS(0), len(ops)) {
		wg.Go(func() {
			for i := range next {
				each[i] = seriesOf(ops[i], tl)
			}
		})
	}
	for i := range ops {
		next <- i
	}
	close(next)
	wg.Wait()
	return each, unionSeries(each, tl)
}

// writeOutput writes what render writes to the file name ("-": standard
// output). A file is written beside its final name and renamed into place,
// so a failed run leaves no half page behind.
func writeOutput(e *env, name string, render func(io.Writer) error) error {
	if name == "-" {
		return render(e.stdout)
	}
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after a successful rename, a no-op
	err = render(tmp)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), name)
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}
