package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/requesthook/requesthook/apicall"
	"github.com/requesthook/requesthook/botoline"
)

type tailFlags struct {
	follow    bool
	lines     int
	stats     bool
	tz        tzFlag
	interval  time.Duration
	maxErrors int
}

func (f *tailFlags) flagSet(e *env) *flag.FlagSet {
	fs := newFlagSet(e, "tail", `tail [-f] [-n lines] [-stats] [-tz zone] [-interval d] file

Tail prints the last lines of a request log; with -f it then keeps reading
the lines appended to it, following the file through rotation (the file
renamed and a new one created at its name: the rest of the old file is read
first) and truncation (copytruncate), until interrupted. Malformed lines
are reported on standard error with their line numbers, not printed.

With -stats it prints, instead of the lines, one summary per minute of end
time: count, failures, p50/p90/p99/max duration in seconds and bytes. A
minute is printed once the log or the clock has moved 10 seconds past it;
lines that arrive later for it are printed as a "late" summary.`)
	fs.BoolVar(&f.follow, "f", false, "follow the file as it grows, through rotation and truncation")
	fs.IntVar(&f.lines, "n", -1, "start with the last `lines` lines (default 10, or 0 with -stats)")
	fs.BoolVar(&f.stats, "stats", false, "print a summary per minute instead of the lines")
	fs.DurationVar(&f.interval, "interval", 250*time.Millisecond, "how often to look for new data with -f")
	addTZFlag(fs, &f.tz)
	addErrorsFlag(fs, &f.maxErrors)
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
	if f.interval <= 0 {
		return usageError(fs, "requestlog tail: -interval must be positive")
	}
	if f.lines < 0 {
		f.lines = 10
		if f.stats {
			f.lines = 0
		}
	}
	path := fs.Arg(0)
	if path == "-" && f.follow {
		return usageError(fs, "requestlog tail: cannot follow standard input")
	}
	t := &tailer{
		e: e, loc: f.tz.location(), parser: botoline.Parser{Location: f.tz.location()}, bad: &malformed{w: e.stderr, limit: f.maxErrors},
	}
	if f.stats {
		t.minutes = newMinuteStats(e.stdout, t.loc, time.Now)
	}
	if err := t.run(ctx, path, f.lines, f.follow, f.interval); err != nil && !errors.Is(err, context.Canceled) {
		fmt.Fprintf(e.stderr, "requestlog tail: %v\n", err)
		return exitUnreadable
	}
	return exitOK
}

// tailer prints (or summarises) the lines of one file.
type tailer struct {
	e       *env
	loc     *time.Location
	parser  botoline.Parser
	bad     *malformed
	minutes *minuteStats // nil: print lines
	name    string
	lineNo  int
	out     []byte
}

// line handles one complete line (newline included, if any).
func (t *tailer) line(b []byte) {
	t.lineNo++
	if b == nil {
		t.bad.report(t.name, &botoline.LineError{Line: t.lineNo, Err: botoline.ErrLineTooLong})
		return
	}
	rec, err := t.parser.Parse(b)
	if err != nil {
		t.bad.report(t.name, &botoline.LineError{Line: t.lineNo, Err: err})
		return
	}
	c := apicall.FromRecord(rec)
	if t.minutes != nil {
		t.minutes.add(c)
		return
	}
	t.out = append(t.out, b...)
	if len(b) == 0 || b[len(b)-1] != '\n' {
		t.out = append(t.out, '\n')
	}
}

// flush writes the buffered lines.
func (t *tailer) flush() error {
	if len(t.out) == 0 {
		return nil
	}
	_, err := t.e.stdout.Write(t.out)
	t.out = t.out[:0]
	return err
}

// run prints the last n lines of path and, when follow, what is appended.
func (t *tailer) run(ctx context.Context, path string, n int, follow bool, interval time.Duration) error {
	in, err := openInput(t.e, path)
	if err != nil {
		return err
	}
	defer func() { in.Close() }()
	t.name = in.name
	// The last n lines: read the file through, keeping n of them with their
	// line numbers.
	type kept struct {
		no int
		b  []byte
	}
	var last []kept
	keep := func(l []byte) {
		t.lineNo++
		if n == 0 {
			return
		}
		if len(last) == n {
			last = append(last[:0], last[1:]...)
		}
		if l != nil {
			l = bytes.Clone(l)
		}
		last = append(last, kept{t.lineNo, l})
	}
	lr := &botoline.Splitter{}
	var off int64
	buf := make([]byte, 64<<10)
	for {
		k, err := in.r.Read(buf)
		off += int64(k)
		lr.Feed(buf[:k], keep)
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("%s: %w", t.name, err)
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
	if !follow { // a last line without newline
		if line, ok := lr.Flush(); ok {
			keep(line)
		}
	}
	total := t.lineNo
	for _, k := range last {
		t.lineNo = k.no - 1
		t.line(k.b)
	}
	t.lineNo = total
	if err := t.flush(); err != nil {
		return err
	}
	if !follow {
		if t.minutes != nil {
			t.minutes.flushAll()
		}
		t.bad.endFile(t.name)
		return nil
	}
	f := &follower{t: t, path: path, file: in.file, off: off, split: lr, interval: interval}
	err = f.follow(ctx)
	in.file = f.file // closed by the deferred Close
	if t.minutes != nil {
		t.minutes.flushAll()
	}
	t.bad.endFile(t.name)
	return err
}

// follower reads what is appended to a file, reopening it by name when it
// is rotated and rereading it when it is truncated.
type follower struct {
	t        *tailer
	path     string
	file     *os.File
	off      int64
	split    *botoline.Splitter
	interval time.Duration
}

func (f *follower) follow(ctx context.Context) error {
	buf := make([]byte, 64<<10)
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		if err := f.drain(ctx, buf); err != nil {
			return err
		}
		if err := f.t.flush(); err != nil {
			return err
		}
		if f.t.minutes != nil {
			f.t.minutes.tick()
		}
		// Rotated? Truncated?
		cur, err := f.file.Stat()
		if err != nil {
			return fmt.Errorf("%s: %w", f.path, err)
		}
		if fi, err := os.Stat(f.path); err == nil && !os.SameFile(fi, cur) {
			switched, err := f.reopen(ctx, buf)
			if err != nil {
				return err
			}
			if switched {
				continue
			}
		} else if cur.Size() < f.off {
			if _, err := f.file.Seek(0, io.SeekStart); err != nil {
				return fmt.Errorf("%s: %w", f.path, err)
			}
			f.off = 0
			f.split.Reset()
			f.t.bad.endFile(f.t.name)
			f.t.lineNo = 0
			fmt.Fprintf(f.t.e.stderr, "requestlog tail: %s: truncated; reading from the start\n", f.path)
			continue
		}
		timer.Reset(f.interval)
		select {
		case <-ctx.Done():
			f.t.flush()
			return nil
		case <-timer.C:
		}
	}
}

// reopen switches to the new file at f.path after reading the rest of the
// old one. It reports false when the new file is gone again.
func (f *follower) reopen(ctx context.Context, buf []byte) (bool, error) {
	if err := f.drain(ctx, buf); err != nil {
		return false, err
	}
	nf, err := os.Open(f.path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return false, nil // renamed away again; look next time
		}
		return false, err
	}
	f.endPartial()
	f.file.Close()
	f.file, f.off = nf, 0
	f.t.bad.endFile(f.t.name)
	f.t.lineNo = 0
	fmt.Fprintf(f.t.e.stderr, "requestlog tail: %s: rotated; following the new file\n", f.path)
	return true, nil
}

// drain reads the file to its current end.
func (f *follower) drain(ctx context.Context, buf []byte) error {
	for {
		n, err := f.file.Read(buf)
		f.off += int64(n)
		f.split.Feed(buf[:n], f.t.line)
		if err == io.EOF || (err == nil && n == 0) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", f.path, err)
		}
		if ctx.Err() != nil {
			return nil
		}
	}
}

// endPartial handles a last line without newline in a file being left.
func (f *follower) endPartial() {
	if line, ok := f.split.Flush(); ok {
		f.t.line(line)
	}
}

// minuteStats prints a summary per minute of end time.
type minuteStats struct {
	w       io.Writer
	loc     *time.Location
	now     func() time.Time
	grace   time.Duration
	pending map[int64]*group
	printed map[int64]bool // minutes already printed (late lines marked)
	latest  time.Time      // latest end time seen in the log
}

func newMinuteStats(w io.Writer, loc *time.Location, now func() time.Time) *minuteStats {
	return &minuteStats{w: w, loc: loc, now: now, grace: 10 * time.Second,
		pending: make(map[int64]*group), printed: make(map[int64]bool)}
}

func (m *minuteStats) add(c apicall.Call) {
	k := floorDiv(c.End.Unix(), 60)
	g := m.pending[k]
	if g == nil {
		g = &group{sortKey: k, key: time.Unix(k*60, 0).In(m.loc).Format("2006-01-02 15:04")}
		m.pending[k] = g
	}
	g.add(c)
	if c.End.After(m.latest) {
		m.latest = c.End
	}
	m.flushBefore(m.latest)
}

// tick prints, while following, the minutes that the log or the clock has
// left behind by more than the grace period.
func (m *minuteStats) tick() {
	watermark := m.latest
	if now := m.now(); now.After(watermark) {
		watermark = now
	}
	m.flushBefore(watermark)
}

// flushBefore prints the minutes that ended more than the grace period
// before t.
func (m *minuteStats) flushBefore(t time.Time) {
	m.flush(func(k int64) bool { return t.Sub(time.Unix((k+1)*60, 0)) >= m.grace })
}

func (m *minuteStats) flushAll() { m.flush(func(int64) bool { return true }) }

func (m *minuteStats) flush(due func(int64) bool) {
	var keys []int64
	for k := range m.pending {
		if due(k) {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return
	}
	sortInt64s(keys)
	for _, k := range keys {
		g := m.pending[k]
		r := summarize(g.key, []*group{g})
		late := ""
		if m.printed[k] {
			late = "  (late)"
		}
		fmt.Fprintf(m.w, "%s  count %d  failures %d  p50 %s  p90 %s  p99 %s  max %s  bytes %d%s\n",
			r.Key, r.Count, r.Failures, formatSeconds(r.p50), formatSeconds(r.p90), formatSeconds(r.p99), formatSeconds(r.max), r.Bytes, late)
		delete(m.pending, k)
		m.printed[k] = true
	}
	// Forget printed minutes older than a day.
	for k := range m.printed {
		if k < keys[len(keys)-1]-24*60 {
			delete(m.printed, k)
		}
	}
}
