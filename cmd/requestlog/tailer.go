package main

import (
	"time"

	"github.com/requesthook/requesthook/apicall"
	"github.com/requesthook/requesthook/botoline"
)

// tailer decodes the lines of one file and prints them, or summarises them
// per minute.
type tailer struct {
	e       *env
	loc     *time.Location
	parser  botoline.Parser
	filter  callFilter
	bad     *malformed
	minutes *minuteStats // nil: print lines
	name    string
	lineNo  int    // of the last line, in the current file
	out     []byte // lines not written yet
}

func newTailer(e *env, loc *time.Location, maxErrors int, stats bool, format outputFormat) *tailer {
	t := &tailer{e: e, loc: loc, parser: botoline.Parser{Location: loc}, bad: &malformed{w: e.stderr, limit: maxErrors}}
	if stats {
		t.minutes = newMinuteStats(e.stdout, format, loc, time.Now)
	}
	return t
}

// line handles line number no, a complete line (newline included, if any);
// a nil line is one longer than botoline.MaxLineLen.
func (t *tailer) line(no int, b []byte) {
	if b == nil {
		t.bad.report(t.name, &botoline.LineError{Line: no, Err: botoline.ErrLineTooLong})
		return
	}
	rec, err := t.parser.Parse(b)
	if err != nil {
		t.bad.report(t.name, &botoline.LineError{Line: no, Err: err})
		return
	}
	if !t.filter.keepRecord(&rec) {
		return
	}
	if t.minutes != nil {
		t.minutes.add(apicall.FromRecord(rec))
		return
	}
	t.print(b, rec)
}

// selected reports whether line b is one to keep among the last lines:
// a line the filter keeps, or one that does not parse (to be reported).
func (t *tailer) selected(b []byte) bool {
	if t.filter.all() || b == nil {
		return true
	}
	rec, err := t.parser.Parse(b)
	return err != nil || t.filter.keepRecord(&rec)
}

// end finishes the file being read: the minutes still pending, the totals
// and the count of malformed lines not shown.
func (t *tailer) end() error {
	err := t.flush()
	if t.minutes != nil {
		t.minutes.finish()
	}
	t.bad.endFile(t.name)
	return err
}

// lastLines keeps the last n lines seen, with their numbers, reusing its
// buffers.
type lastLines struct {
	n     int
	lines []numbered
	next  int // the oldest line once lines is full
}

type numbered struct {
	no int
	b  []byte // nil: a line too long
}

func (l *lastLines) add(no int, b []byte) {
	if l.n <= 0 {
		return
	}
	var k *numbered
	if len(l.lines) < l.n {
		l.lines = append(l.lines, numbered{})
		k = &l.lines[len(l.lines)-1]
	} else { // full: overwrite the oldest
		k = &l.lines[l.next]
		l.next = (l.next + 1) % l.n
	}
	k.no = no
	if b == nil {
		k.b = nil
	} else {
		k.b = append(append(k.b[:0], b...), 0)[:len(b)] // never nil
	}
}

// each calls fn for the kept lines, oldest first, and forgets them.
func (l *lastLines) each(fn func(no int, b []byte)) {
	for i := range l.lines {
		k := l.lines[(l.next+i)%len(l.lines)]
		fn(k.no, k.b)
	}
	l.lines, l.next = l.lines[:0], 0
}
