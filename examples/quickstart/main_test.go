package main

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	logPath := filepath.Join(t.TempDir(), "request_log.csv")
	for round := 1; round <= 2; round++ {
		var out bytes.Buffer
		if err := run(t.Context(), []string{"-log", logPath}, &out); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		for _, want := range []string{`"Name": "DescribeVolumes"`, `"Name": "Users.GetUser"`, `"SpanKind": 3`,
			"quickstart: 2 requests, 2 spans above; " + logPath + " now ends with:\n"} {
			if !strings.Contains(out.String(), want) {
				t.Errorf("round %d: stdout lacks %q", round, want)
			}
		}
		b, err := os.ReadFile(logPath)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
		// The file is appended to: round n leaves 2n lines.
		if len(lines) != 2*round {
			t.Fatalf("round %d: %d log lines, want %d:\n%s", round, len(lines), 2*round, b)
		}
		want := []*regexp.Regexp{
			regexp.MustCompile(`^'\d{4}-\d\d-\d\d \d\d:\d\d:\d\d', '200', '[0-9.e-]+', '13', 'DescribeVolumes'$`),
			regexp.MustCompile(`^'\d{4}-\d\d-\d\d \d\d:\d\d:\d\d', '200', '[0-9.e-]+', '21', 'GetUser'$`),
		}
		for i, re := range want {
			if l := lines[2*(round-1)+i]; !re.MatchString(l) {
				t.Errorf("round %d: line %q does not match %s", round, l, re)
			}
			if !strings.Contains(out.String(), lines[2*(round-1)+i]+"\n") {
				t.Errorf("round %d: stdout does not show the line %q", round, lines[2*(round-1)+i])
			}
		}
	}
}

func TestRunErrors(t *testing.T) {
	var out bytes.Buffer
	if err := run(t.Context(), []string{"-h"}, &out); !errors.Is(err, flag.ErrHelp) {
		t.Errorf("run(-h) = %v, want flag.ErrHelp", err)
	}
	if err := run(t.Context(), []string{"extra"}, &out); err == nil {
		t.Error("run(extra) succeeded")
	}
	bad := filepath.Join(t.TempDir(), "missing", "log.csv")
	if err := run(t.Context(), []string{"-log", bad}, &out); err == nil || !strings.Contains(err.Error(), bad) {
		t.Errorf("run with an unwritable log = %v, want an error naming %s", err, bad)
	}
}
