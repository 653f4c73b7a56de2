package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/requesthook/requesthook/botoline"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Exit statuses.
const (
	exitOK         = 0
	exitUnreadable = 1 // a file could not be read (or the spans not sent)
	exitUsage      = 2
)

const usageText = `requestlog reads the request logs that boto's RequestLogger and the
requesthook exporter write.

Usage:

	requestlog <command> [flags] [arguments]

The commands are:

	stats    summarise logs: count, failures, p50/p90/p99/max duration, bytes
	tail     print a log's lines as they are written, following rotation
	replay   send logs to an OpenTelemetry (OTLP) backend as spans
	report   write a self-contained HTML page of charts of logs
	version  print the version of requestlog (also -version, --version)

Use "requestlog help <command>" or "requestlog <command> -h" for more
information about a command. Exit status: 0 on success, 1 when a file
cannot be read, 2 for bad usage. Malformed lines are reported on standard
error with their line numbers and counted, but are never fatal.
`

// command is one subcommand.
type command struct {
	name  string
	run   func(ctx context.Context, e *env, args []string) int
	flags func(e *env) *flag.FlagSet // for "help <command>"
}

// env is what a command runs with.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

var commands = []command{
	{name: "stats", run: runStats, flags: func(e *env) *flag.FlagSet { return (&statsFlags{}).flagSet(e) }},
	{name: "tail", run: runTail, flags: func(e *env) *flag.FlagSet { return (&tailFlags{}).flagSet(e) }},
	{name: "replay", run: runReplay, flags: func(e *env) *flag.FlagSet { return (&replayFlags{}).flagSet(e) }},
	{name: "report", run: runReport, flags: func(e *env) *flag.FlagSet { return (&reportFlags{}).flagSet(e) }},
}

// run runs the command line args (without the program name) and returns the
// exit status. Tests call it directly.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 {
		fmt.Fprint(stderr, usageText)
		return exitUsage
	}
	switch args[0] {
	case "-h", "-help", "--help":
		fmt.Fprint(stdout, usageText)
		return exitOK
	case "version", "-version", "--version":
		printVersion(stdout)
		return exitOK
	case "help":
		if len(args) == 1 {
			fmt.Fprint(stdout, usageText)
			return exitOK
		}
		for _, c := range commands {
			if c.name == args[1] {
				fs := c.flags(e)
				fs.SetOutput(stdout)
				fs.Usage()
				return exitOK
			}
		}
		fmt.Fprintf(stderr, "requestlog help %s: unknown command\nRun 'requestlog help'.\n", args[1])
		return exitUsage
	}
	for _, c := range commands {
		if c.name == args[0] {
			return c.run(ctx, e, args[1:])
		}
	}
	fmt.Fprintf(stderr, "requestlog %s: unknown command\nRun 'requestlog help' for usage.\n", args[0])
	return exitUsage
}

// parseFlags parses args with fs and returns the exit status to stop with,
// or -1 to go on.
func parseFlags(fs *flag.FlagSet, args []string) int {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	return -1
}

// newFlagSet returns a FlagSet that reports errors and its usage on e.stderr
// (or stdout for -h) in the style of the go command.
func newFlagSet(e *env, name, usage string) *flag.FlagSet {
	fs := flag.NewFlagSet("requestlog "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprintf(w, "usage: requestlog %s\n\n", usage)
		fs.PrintDefaults()
	}
	return fs
}

// usageError reports a usage problem the way the flag package does.
func usageError(fs *flag.FlagSet, format string, args ...any) int {
	fmt.Fprintf(fs.Output(), format+"\n", args...)
	fs.Usage()
	return exitUsage
}

// tzFlag is the -tz flag: the time zone the log was written in.
type tzFlag struct{ loc *time.Location }

func (f *tzFlag) String() string {
	if f == nil || f.loc == nil {
		return "Local"
	}
	return f.loc.String()
}

func (f *tzFlag) Set(s string) error {
	loc, err := time.LoadLocation(s)
	if err != nil {
		return fmt.Errorf("unknown time zone %q", s)
	}
	f.loc = loc
	return nil
}

func (f *tzFlag) location() *time.Location {
	if f.loc == nil {
		return time.Local
	}
	return f.loc
}

func addTZFlag(fs *flag.FlagSet, f *tzFlag) {
	fs.Var(f, "tz", "`zone` the log's times were written in: \"UTC\", \"Europe/Berlin\" (default: local time, as boto wrote it)")
}

// input is one file named on the command line, or standard input for "-".
type input struct {
	name string
	r    io.Reader
	file *os.File // nil for stdin
	size int64    // -1 when unknown
}

// openInput opens name ("-": stdin).
func openInput(e *env, name string) (*input, error) {
	if name == "-" {
		return &input{name: "<stdin>", r: e.stdin, size: -1}, nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	in := &input{name: name, r: f, file: f, size: -1}
	if fi, err := f.Stat(); err == nil {
		if fi.IsDir() {
			f.Close()
			return nil, fmt.Errorf("read %s: is a directory", name)
		}
		if fi.Mode().IsRegular() {
			in.size = fi.Size()
		}
	}
	return in, nil
}

func (in *input) Close() error {
	if in.file != nil {
		return in.file.Close()
	}
	return nil
}

// malformed reports malformed lines on stderr as "file:line: column N: what"
// (at most limit per file when limit >= 0) and counts them.
type malformed struct {
	w      io.Writer
	limit  int
	total  int
	inFile int
}

func (m *malformed) report(name string, le *botoline.LineError) {
	m.total++
	m.inFile++
	if m.limit < 0 || m.inFile <= m.limit {
		fmt.Fprintf(m.w, "%s:%d: %v\n", name, le.Line, le.Err)
	}
}

// skip counts n malformed lines of the current file that are not shown.
func (m *malformed) skip(n int) {
	m.total += n
	m.inFile += n
}

// endFile closes the report of one file.
func (m *malformed) endFile(name string) {
	if m.limit >= 0 && m.inFile > m.limit {
		fmt.Fprintf(m.w, "%s: %d more malformed lines not shown (-errors)\n", name, m.inFile-m.limit)
	}
	m.inFile = 0
}

func addErrorsFlag(fs *flag.FlagSet, n *int) {
	fs.IntVar(n, "errors", 100, "report at most `n` malformed lines per file on standard error (-1: all); all are counted")
}
