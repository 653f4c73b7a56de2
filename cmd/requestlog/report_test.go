package main

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
)

func TestReportUsageAndErrors(t *testing.T) {
	good := writeLog(t, knownLog())
	dir := t.TempDir()
	out := filepath.Join(dir, "report.html")
	unreadable := filepath.Join(dir, "unreadable.log")
	if err := os.WriteFile(unreadable, knownLog(), 0o000); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string // substring
	}{
		{"no files", []string{"report", "-o", out}, exitUsage, "no files named"},
		{"bad flag", []string{"report", "-bogus", good}, exitUsage, "flag provided but not defined: -bogus"},
		{"bad -since", []string{"report", "-since", "yesterday", good}, exitUsage, `invalid value "yesterday" for flag -since`},
		{"negative -until", []string{"report", "-until", "-1h", good}, exitUsage, "a negative duration"},
		{"bad -top", []string{"report", "-top", "-1", good}, exitUsage, "-top -1"},
		{"missing file", []string{"report", "-o", out, good, filepath.Join(dir, "missing.log")}, exitUnreadable, "missing.log: no such file or directory"},
		{"directory", []string{"report", "-o", out, dir}, exitUnreadable, "is a directory"},
		{"unreadable file", []string{"report", "-o", out, unreadable}, exitUnreadable, "permission denied"},
		{"unwritable output", []string{"report", "-o", filepath.Join(dir, "no", "such", "dir.html"), good}, exitUnreadable, "no such file or directory"},
		{"help", []string{"report", "-h"}, exitOK, "usage: requestlog report"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.name == "unreadable file" && os.Geteuid() == 0 {
				if f, err := os.Open(unreadable); err == nil {
					f.Close()
					t.Skip("root reads any file")
				}
			}
			code, _, stderr := runCmd(t, context.Background(), "", tt.args...)
			if code != tt.code || !strings.Contains(stderr, tt.stderr) {
				t.Errorf("exit %d, stderr:\n%s\nwant exit %d and %q", code, stderr, tt.code, tt.stderr)
			}
			if tt.code != exitOK {
				if _, err := os.Stat(out); err == nil {
					t.Errorf("a failed run wrote %s", out)
				}
			}
		})
	}
}

// TestReportBinaryMissingFile checks the exit status of the built command.
func TestReportBinaryMissingFile(t *testing.T) {
	out := filepath.Join(t.TempDir(), "report.html")
	code, _, stderr := runBinary(t, "", "report", "-o", out, filepath.Join(t.TempDir(), "missing.log"))
	if code != exitUnreadable || !strings.Contains(stderr, "no report written") {
		t.Errorf("exit %d, stderr:\n%s\nwant exit %d and no report written", code, stderr, exitUnreadable)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("stat %s: %v, want it absent", out, err)
	}
}

// tableRows returns the operation column and calls of the summary table.
func tableRows(doc *html.Node) []string {
	var rows []string
	for _, tb := range findAll(doc, func(n *html.Node) bool { return n.Data == "table" && hasClass(n, "summary") }) {
		for _, tr := range findAll(tb, func(n *html.Node) bool { return n.Data == "tr" }) {
			tds := findAll(tr, func(n *html.Node) bool { return n.Data == "td" })
			if len(tds) > 1 {
				rows = append(rows, text(tds[0])+" "+text(tds[1]))
			}
		}
	}
	return rows
}

func TestReportFilters(t *testing.T) {
	defer func(now func() time.Time) { filterNow = now }(filterNow)
	filterNow = func() time.Time { return reportT0.Add(5 * time.Minute) }
	tests := []struct {
		name string
		args []string
		rows []string
	}{
		{"none", nil, []string{"GetItem 30", "PutItem 10", "All operations 40"}},
		{"-op", []string{"-op", "PutItem"}, []string{"PutItem 10", "All operations 10"}},
		{"-op twice", []string{"-op", "PutItem", "-op", "GetItem"}, []string{"GetItem 30", "PutItem 10", "All operations 40"}},
		{"-since time", []string{"-since", "2024-03-01 10:04:00"}, []string{"GetItem 6", "PutItem 2", "All operations 8"}},
		{"-since RFC 3339", []string{"-since", "2024-03-01T11:04:00+01:00"}, []string{"GetItem 6", "PutItem 2", "All operations 8"}},
		{"-until time", []string{"-until", "2024-03-01 10:01"}, []string{"GetItem 6", "PutItem 2", "All operations 8"}},
		{"-since duration", []string{"-since", "1m"}, []string{"GetItem 6", "PutItem 2", "All operations 8"}},
		{"-since and -until durations", []string{"-since", "5m", "-until", "4m"}, []string{"GetItem 6", "PutItem 2", "All operations 8"}},
		{"nothing left", []string{"-op", "Nope"}, nil},
		{"-top 1 keeps every row", []string{"-top", "1"}, []string{"GetItem 30", "PutItem 10", "All operations 40"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, raw := reportPage(t, knownLog(), tt.args...)
			if got := tableRows(doc); !slices.Equal(got, tt.rows) {
				t.Errorf("rows = %q, want %q", got, tt.rows)
			}
			sections := findAll(doc, func(n *html.Node) bool { return n.Data == "section" })
			wantSections := 0
			if len(tt.rows) > 0 {
				wantSections = len(tt.rows) // all operations, and each
			}
			if slices.Contains(tt.args, "-top") {
				wantSections = 2
				if !strings.Contains(string(raw), "The operation with the fewest calls is in the table only") {
					t.Error("the page does not say that an operation has no charts")
				}
			}
			if len(sections) != wantSections {
				t.Errorf("%d sections, want %d", len(sections), wantSections)
			}
		})
	}
}

func TestReportStdinAndMalformed(t *testing.T) {
	out := filepath.Join(t.TempDir(), "report.html")
	stdin := string(knownLog()) + "not a line\n"
	code, stdout, stderr := runCmd(t, context.Background(), stdin, "report", "-tz", "UTC", "-", "-o", out)
	if code != exitOK || stdout != "" {
		t.Fatalf("exit %d, stdout %q, stderr:\n%s", code, stdout, stderr)
	}
	if !strings.Contains(stderr, "<stdin>:41:") || !strings.Contains(stderr, "1 malformed line skipped") {
		t.Errorf("stderr = %q, want line 41 reported and counted", stderr)
	}
	raw, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(raw), "41 lines read, 1 malformed and skipped") {
		t.Error("the page does not count the malformed line")
	}
}

func TestParseInterspersed(t *testing.T) {
	tests := []struct {
		args     []string
		operands []string
		out      string
	}{
		{[]string{"a.log"}, []string{"a.log"}, "-"},
		{[]string{"a.log", "-o", "r.html"}, []string{"a.log"}, "r.html"},
		{[]string{"-o", "r.html", "a.log", "b.log"}, []string{"a.log", "b.log"}, "r.html"},
		{[]string{"a.log", "-o", "r.html", "b.log"}, []string{"a.log", "b.log"}, "r.html"},
		{[]string{"-", "-o", "r.html"}, []string{"-"}, "r.html"},
		{[]string{"a.log", "--", "-o", "r.html"}, []string{"a.log", "-o", "r.html"}, "-"},
	}
	for _, tt := range tests {
		var f reportFlags
		fs := f.flagSet(&env{stderr: os.Stderr})
		got, code := parseInterspersed(fs, tt.args)
		if code != -1 || !slices.Equal(got, tt.operands) || f.out != tt.out {
			t.Errorf("parseInterspersed(%q) = %q, %d, -o %q; want %q, -1, -o %q", tt.args, got, code, f.out, tt.operands, tt.out)
		}
	}
}
