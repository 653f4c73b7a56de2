package main

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// TestStatsHalves checks that a file read in two halves gives what the same
// log read as a stream gives: the same summary in every grouping and the
// same malformed lines, with their line numbers, in order.
func TestStatsHalves(t *testing.T) {
	var b strings.Builder
	ops := []string{"GetItem", "PutItem", "Query", "DescribeVolumes"}
	for i := 0; b.Len() < splitMinSize+splitMinSize/2; i++ {
		switch {
		case i%9973 == 0:
			fmt.Fprintf(&b, "junk %d\n", i)
		case i%7 == 0:
			fmt.Fprintf(&b, "'2024-05-06 07:%02d:%02d', '503', '%d.%06d', 'None', '%s'\n", i/60%60, i%60, i%3, i%1000003, ops[i%4])
		default:
			fmt.Fprintf(&b, "'2024-05-06 07:%02d:%02d', '200', '0.%06d', '%d', '%s'\n", i/60%60, i%60, i*7919%1000000, i, ops[i%4])
		}
	}
	log := b.String()
	path := writeLog(t, []byte(log))
	if fi, err := os.Stat(path); err != nil || fi.Size() < splitMinSize {
		t.Fatalf("the log is too small to be split: %v", err)
	}
	if cut, ok := findCut(mustOpen(t, path), int64(len(log)/2)); !ok || log[cut-1] != '\n' || cut < int64(len(log)/2) {
		t.Fatalf("cut %d, %v", cut, ok)
	}
	for _, args := range [][]string{
		{"-by", "operation"}, {"-by", "minute", "-format", "csv"}, {"-by", "class", "-json"},
		{"-errors", "2"}, {"-errors", "-1", "-status", "5xx"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			base := append([]string{"stats", "-tz", "UTC"}, args...)
			code, out, errOut := runCmd(t, t.Context(), "", append(base, path)...)
			wantCode, wantOut, wantErr := runCmd(t, t.Context(), log, append(base, "-")...)
			wantErr = strings.ReplaceAll(wantErr, "<stdin>", path)
			if code != wantCode || out != wantOut || errOut != wantErr {
				t.Errorf("file: exit %d\n%s\n%s\nstream: exit %d\n%s\n%s", code, out, errOut, wantCode, wantOut, wantErr)
			}
		})
	}
}

func mustOpen(t *testing.T, path string) *os.File {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}
