package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strconv"
	"time"

	"github.com/requesthook/requesthook/internal/follow"
)

// optInt is an integer flag whose default depends on other flags: its zero
// value is unset, and help prints no default for it.
type optInt struct {
	n   int
	set bool
}

func (o *optInt) String() string {
	if o == nil || !o.set {
		return ""
	}
	return strconv.Itoa(o.n)
}

func (o *optInt) Set(s string) error {
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return errors.New("want a number of lines, 0 or more")
	}
	*o = optInt{n: n, set: true}
	return nil
}

// tailFlags are the flags of "requestlog tail".
type tailFlags struct {
	follow    bool
	lines     optInt
	stats     bool
	tz        tzFlag
	interval  time.Duration
	maxErrors int
	filter    filterFlags
	format    outputFormat
}

func (f *tailFlags) flagSet(e *env) *flag.FlagSet {
	fs := newFlagSet(e, "tail", `tail [-f] [-n n] [-stats [-format table|csv|json] [-json]] [-tz zone] [-interval d] [-errors n]
	[-op name]... [-status code]... [-since t] [-until t] file

Tail prints the last lines of a request log; with -f it then keeps reading
the lines appended to it, following the file through rotation (the file
renamed and a new one created at its name, or a new file renamed onto it:
the rest of the old file is read first) and truncation (copytruncate),
until interrupted. It is woken by file-system notifications where the
system has them and looks at the file every -interval as well. Malformed
lines are reported on standard error with their line numbers, not printed;
control characters in a line are printed escaped.

With -stats it prints, instead of the lines, one summary per minute of end
time: count, failures, p50/p90/p99/max duration in seconds (six decimals
in the table, as the log writes them in CSV and JSON), bytes (exact; None
when no size is known) and the calls whose size is None. A minute is
printed once the log or the clock has moved 10 seconds past it; lines that
arrive later for it are printed as a "late" summary. At the end (with -f,
when interrupted, after reading what the file holds by then) it prints the
TOTAL of every line it counted: count, failures and bytes. -format csv
prints a header line and one record per summary, -format json one JSON
object per line.`)
	fs.BoolVar(&f.follow, "f", false, "follow the file as it grows, through rotation and truncation")
	fs.Var(&f.lines, "n", "start with the last `n` lines (default 10, or 0 with -stats)")
	fs.BoolVar(&f.stats, "stats", false, "print a summary per minute instead of the lines, and the totals at the end")
	addFormatFlags(fs, &f.format)
	fs.DurationVar(&f.interval, "interval", follow.DefaultPollInterval, "how often to look for new data with -f, notified or not")
	addTZFlag(fs, &f.tz)
	addErrorsFlag(fs, &f.maxErrors)
	addFilterFlags(fs, &f.filter)
	return fs
}

func runTail(ctx context.Context, e *env, args []string) int {
	var f tailFlags
	fs := f.flagSet(e)
	if code := parseFlags(fs, args); code >= 0 {
		return code
	}
	if fs.NArg() != 1 {
		return usageError(fs, "requestlog tail: want exactly one file")
	}
	if f.format != formatTable && !f.stats {
		return usageError(fs, "requestlog tail: -format %s needs -stats (lines are printed as the log has them)", f.format)
	}
	if f.interval <= 0 {
		return usageError(fs, "requestlog tail: -interval must be positive")
	}
	lines := 10
	if f.stats {
		lines = 0
	}
	if f.lines.set {
		lines = f.lines.n
	}
	path := fs.Arg(0)
	if path == "-" && f.follow {
		return usageError(fs, "requestlog tail: cannot follow standard input")
	}
	t := newTailer(e, f.tz.location(), f.maxErrors, f.stats, f.format)
	t.filter = f.filter.filter(f.tz.location())
	var err error
	if f.follow {
		err = t.follow(ctx, path, lines, f.interval)
	} else {
		err = t.last(ctx, path, lines)
	}
	if err != nil && !errors.Is(err, context.Canceled) {
		fmt.Fprintf(e.stderr, "requestlog tail: %v\n", err)
		return exitUnreadable
	}
	return exitOK
}
