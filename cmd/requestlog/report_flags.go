package main

import (
	"errors"
	"flag"
	"fmt"
	"strings"
	"time"
)

// timeBound is the -since or -until flag of report: a time in the log's
// zone, or a duration back from now.
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

// opsFlag is the repeatable -op flag.
type opsFlag []string

func (f *opsFlag) String() string { return strings.Join(*f, ",") }

func (f *opsFlag) Set(s string) error {
	*f = append(*f, s)
	return nil
}

// parseInterspersed parses args with fs, allowing flags after the operands
// ("report a.log b.log -o out.html"); "--" ends the flags. It returns the
// operands, and the exit status to stop with or -1 to go on.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, int) {
	var operands []string
	for {
		if code := parseFlags(fs, args); code >= 0 {
			return nil, code
		}
		rest := fs.Args()
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
			return append(operands, rest...), -1
		}
		if len(rest) == 0 {
			return operands, -1
		}
		operands = append(operands, rest[0])
		args = rest[1:]
	}
}
