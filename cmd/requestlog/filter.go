package main

import (
	"errors"
	"flag"
	"fmt"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/requesthook/requesthook/botoline"
)

// filterNow is the time -since and -until durations count back from.
var filterNow = time.Now

// filterFlags are the flags that select calls, shared by stats, tail,
// replay and report: -op, -status, -since and -until.
type filterFlags struct {
	since, until timeBound
	ops          opsFlag
	statuses     statusFlag
}

// addFilterFlags defines the selection flags on fs.
func addFilterFlags(fs *flag.FlagSet, f *filterFlags) {
	fs.Var(&f.ops, "op", "keep the calls of operation `name` only, or of the operations the glob matches (\"Describe*\"); repeat for several")
	fs.Var(&f.statuses, "status", "keep the calls of status `code` (503), class (5xx) or none (no response, status 0); repeat for several")
	fs.Var(&f.since, "since", "keep calls that ended at or after `time`: \"2024-03-01 15:04:05\" in the -tz zone, RFC 3339, or a duration back from now such as 1h")
	fs.Var(&f.until, "until", "keep calls that ended before `time` (as for -since)")
}

// filter returns the filter the flags describe, times read in loc.
func (f *filterFlags) filter(loc *time.Location) callFilter {
	now := filterNow()
	cf := callFilter{since: f.since.resolve(loc, now), until: f.until.resolve(loc, now), statuses: f.statuses}
	if len(f.ops) > 0 {
		cf.ops = append([]string(nil), f.ops...)
	}
	return cf
}

// callFilter keeps the calls that -op, -status, -since and -until select.
// The zero callFilter keeps every call.
type callFilter struct {
	since, until time.Time // zero: unbounded
	ops          []string  // names or globs; nil: all
	statuses     []statusMatch
}

// keep reports whether the call that ended at end with status and operation
// op is selected.
func (cf *callFilter) keep(end time.Time, status int, op string) bool {
	if !cf.since.IsZero() && end.Before(cf.since) {
		return false
	}
	if !cf.until.IsZero() && !end.Before(cf.until) {
		return false
	}
	if cf.statuses != nil && !cf.keepStatus(status) {
		return false
	}
	return cf.ops == nil || cf.keepOp(op)
}

// keepRecord is keep for a parsed line.
func (cf *callFilter) keepRecord(r *botoline.Record) bool {
	return cf.keep(r.End, r.Status, r.Operation)
}

func (cf *callFilter) keepStatus(status int) bool {
	for _, m := range cf.statuses {
		if m.match(status) {
			return true
		}
	}
	return false
}

func (cf *callFilter) keepOp(op string) bool {
	for _, p := range cf.ops {
		if p == op {
			return true
		}
		if ok, _ := path.Match(p, op); ok { // patterns are checked by Set
			return true
		}
	}
	return false
}

// all reports whether the filter keeps every call.
func (cf *callFilter) all() bool {
	return cf.since.IsZero() && cf.until.IsZero() && cf.ops == nil && cf.statuses == nil
}

// describe returns the filter in words, one phrase per flag, times in loc.
func (cf *callFilter) describe(loc *time.Location) []string {
	const layout = "2006-01-02 15:04:05"
	var d []string
	if !cf.since.IsZero() {
		d = append(d, "calls that ended at or after "+cf.since.In(loc).Format(layout))
	}
	if !cf.until.IsZero() {
		d = append(d, "calls that ended before "+cf.until.In(loc).Format(layout))
	}
	if cf.ops != nil {
		names := make([]string, len(cf.ops))
		for i, n := range cf.ops {
			names[i] = opLabel(n)
		}
		d = append(d, "operations "+strings.Join(names, ", "))
	}
	if cf.statuses != nil {
		s := make([]string, len(cf.statuses))
		for i, m := range cf.statuses {
			s[i] = m.String()
		}
		d = append(d, "statuses "+strings.Join(s, ", "))
	}
	return d
}

// timeBound is the -since or -until flag: a time in the log's zone, or a
// duration back from now.
type timeBound struct {
	text string
	ago  time.Duration // when text is a duration
	rel  bool
}

// boundLayouts are the layouts of the times -since and -until accept, in
// the order they are tried.
var boundLayouts = []string{
	"2006-01-02 15:04:05",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04",
	"2006-01-02T15:04",
	"2006-01-02",
}

func (b *timeBound) String() string { return b.text }

func (b *timeBound) Set(s string) error {
	if d, err := time.ParseDuration(s); err == nil {
		if d < 0 {
			return errors.New("a negative duration")
		}
		*b = timeBound{text: s, ago: d, rel: true}
		return nil
	}
	if _, err := b.parse(s, time.UTC); err != nil {
		return err
	}
	*b = timeBound{text: s}
	return nil
}

// parse reads s as an RFC 3339 time or as one of boundLayouts in loc.
func (b *timeBound) parse(s string, loc *time.Location) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	for _, layout := range boundLayouts {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("want a time such as %q or %q, or a duration such as 1h30m", "2024-03-01 15:04:05", "2024-03-01T15:04:05Z")
}

// resolve returns the time the bound names, the zero time when unset.
func (b *timeBound) resolve(loc *time.Location, now time.Time) time.Time {
	switch {
	case b.text == "":
		return time.Time{}
	case b.rel:
		return now.Add(-b.ago)
	}
	t, _ := b.parse(b.text, loc)
	return t
}

// opsFlag is the repeatable -op flag: names or globs (path.Match syntax).
type opsFlag []string

func (f *opsFlag) String() string { return strings.Join(*f, ",") }

func (f *opsFlag) Set(s string) error {
	if _, err := path.Match(s, ""); err != nil {
		return fmt.Errorf("bad glob %q: %w", s, err)
	}
	*f = append(*f, s)
	return nil
}

// statusMatch is one -status value: a code, or a class of a hundred codes.
type statusMatch struct {
	code  int
	class bool // code/100 == code of the class, e.g. 5 for 5xx
}

func (m statusMatch) match(status int) bool {
	if m.class {
		return status >= 100 && status <= 999 && status/100 == m.code
	}
	return status == m.code
}

func (m statusMatch) String() string {
	switch {
	case m.class:
		return strconv.Itoa(m.code) + "xx"
	case m.code == 0:
		return "none"
	}
	return strconv.Itoa(m.code)
}

// statusFlag is the repeatable -status flag.
type statusFlag []statusMatch

func (f *statusFlag) String() string {
	s := make([]string, len(*f))
	for i, m := range *f {
		s[i] = m.String()
	}
	return strings.Join(s, ",")
}

func (f *statusFlag) Set(s string) error {
	m, err := parseStatusMatch(s)
	if err != nil {
		return err
	}
	*f = append(*f, m)
	return nil
}

// parseStatusMatch reads "503", "5xx" (or "5XX") or "none".
func parseStatusMatch(s string) (statusMatch, error) {
	if strings.EqualFold(s, "none") {
		return statusMatch{}, nil
	}
	if len(s) == 3 && strings.EqualFold(s[1:], "xx") && s[0] >= '1' && s[0] <= '9' {
		return statusMatch{code: int(s[0] - '0'), class: true}, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return statusMatch{}, fmt.Errorf("want a status code (503), a class (5xx) or none, not %q", s)
	}
	return statusMatch{code: n}, nil
}

// statusClass names the class of a status for -by class: "2xx", "none"
// for no response (status 0), and "other" for a status outside 100 to 999.
func statusClass(status int) string {
	switch {
	case status == 0:
		return "none"
	case status < 100 || status > 999:
		return "other"
	}
	return strconv.Itoa(status/100) + "xx"
}
