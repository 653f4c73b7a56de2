package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/requesthook/requesthook/internal/golden"
)

// writeGolden writes the golden log (plus extra lines) to a file.
func writeGolden(t testing.TB, extra string) (path string, cases []golden.Case) {
	t.Helper()
	cases = golden.Load(t)
	var b strings.Builder
	for _, c := range cases {
		b.WriteString(c.Line)
	}
	b.WriteString(extra)
	path = filepath.Join(t.TempDir(), "requests.log")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path, cases
}

// runCmd runs the command line in-process.
func runCmd(t testing.TB, ctx context.Context, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(ctx, args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestUsage(t *testing.T) {
	path, _ := writeGolden(t, "")
	tests := []struct {
		name    string
		args    []string
		code    int
		stdout  string // substring
		stderr  string // substring
		noStdin bool
	}{
		{"no command", nil, 2, "", "Usage:", false},
		{"unknown command", []string{"frobnicate"}, 2, "", "requestlog frobnicate: unknown command", false},
		{"help", []string{"help"}, 0, "The commands are:", "", false},
		{"-h", []string{"-h"}, 0, "The commands are:", "", false},
		{"help stats", []string{"help", "stats"}, 0, "usage: requestlog stats", "", false},
		{"help unknown", []string{"help", "nope"}, 2, "", "unknown command", false},
		{"stats -h", []string{"stats", "-h"}, 0, "", "usage: requestlog stats", false},
		{"stats no files", []string{"stats"}, 2, "", "no files named", false},
		{"stats bad flag", []string{"stats", "-bogus", path}, 2, "", "flag provided but not defined: -bogus", false},
		{"stats bad -by", []string{"stats", "-by", "day", path}, 2, "", `-by "day": want operation, status, class or minute`, false},
		{"stats bad -tz", []string{"stats", "-tz", "Mars/Olympus", path}, 2, "", `unknown time zone "Mars/Olympus"`, false},
		{"tail two files", []string{"tail", path, path}, 2, "", "want exactly one file", false},
		{"tail -f stdin", []string{"tail", "-f", "-"}, 2, "", "cannot follow standard input", false},
		{"tail bad interval", []string{"tail", "-interval", "0s", path}, 2, "", "-interval must be positive", false},
		{"replay no files", []string{"replay"}, 2, "", "no files named", false},
		{"replay negative deadline", []string{"replay", "-deadline", "-1s", path}, 2, "", "-deadline and -timeout must not be negative", false},
		{"replay negative timeout", []string{"replay", "-timeout", "-1s", path}, 2, "", "-deadline and -timeout must not be negative", false},
		{"stats missing file", []string{"stats", filepath.Join(t.TempDir(), "nope.log")}, 1, "", "no such file or directory", false},
		{"stats directory", []string{"stats", t.TempDir()}, 1, "", "is a directory", false},
		{"tail missing file", []string{"tail", filepath.Join(t.TempDir(), "nope.log")}, 1, "", "no such file or directory", false},
		{"tail -f missing file", []string{"tail", "-f", filepath.Join(t.TempDir(), "nope.log")}, 1, "", "no such file or directory", false},
		{"tail directory", []string{"tail", t.TempDir()}, 1, "", "is a directory", false},
		{"replay missing file", []string{"replay", filepath.Join(t.TempDir(), "nope.log")}, 1, "", "no such file or directory", false},
		{"report missing file", []string{"report", filepath.Join(t.TempDir(), "nope.log")}, 1, "", "no such file or directory", false},
		{"report directory", []string{"report", t.TempDir()}, 1, "", "is a directory", false},
		{"tail -n negative", []string{"tail", "-n", "-1", path}, 2, "", "want a number of lines, 0 or more", false},
		{"version", []string{"version"}, 0, "requestlog devel\n", "", false},
		{"-version", []string{"-version"}, 0, "requestlog devel\n", "", false},
		{"--version", []string{"--version"}, 0, "requestlog devel\n", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runCmd(t, t.Context(), "", tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, out, errOut)
			}
			if !strings.Contains(out, tt.stdout) {
				t.Errorf("stdout %q does not contain %q", out, tt.stdout)
			}
			if !strings.Contains(errOut, tt.stderr) {
				t.Errorf("stderr %q does not contain %q", errOut, tt.stderr)
			}
		})
	}
}

// wantStats computes, independently of the command, the JSON row of the
// golden calls selected by keep: nearest-rank quantiles over sorted
// durations.
func wantStats(t *testing.T, cases []golden.Case, key string, keep func(golden.Case) bool) row {
	r := row{Key: key}
	var ds []int64
	for _, c := range cases {
		if !keep(c) {
			continue
		}
		r.Count++
		if c.Status == 0 || c.Status >= 400 {
			r.Failures++
		}
		if !c.Error && c.ContentLength == nil { // None
			r.UnknownSize++
		}
		if !c.Error && c.ContentLength != nil {
			var n int64
			if err := json.Unmarshal([]byte(*c.ContentLength), &n); err != nil {
				t.Fatal(err)
			}
			if r.Bytes > (1<<63-1)-n {
				r.Bytes = 1<<63 - 1
			} else {
				r.Bytes += n
			}
		}
		ds = append(ds, c.End.Sub(c.Start).Microseconds())
	}
	r.FailurePct = float64(r.Failures) * 100 / float64(r.Count)
	slices.Sort(ds)
	q := func(p float64) float64 {
		i := int(p*float64(len(ds))+0.999999999) - 1 // ceil(p*n)-1
		return float64(ds[max(i, 0)]) / 1e6
	}
	r.P50, r.P90, r.P99, r.Max = q(0.5), q(0.9), q(0.99), float64(ds[len(ds)-1])/1e6
	return r
}

func TestStatsJSON(t *testing.T) {
	path, cases := writeGolden(t, "not a request line\n")
	for _, by := range []string{"operation", "status", "minute"} {
		t.Run(by, func(t *testing.T) {
			code, out, errOut := runCmd(t, t.Context(), "", "stats", "-json", "-tz", "UTC", "-by", by, path)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			if want := path + ":83: column 1: want ' to open field 1 (time)\n"; !strings.HasPrefix(errOut, want) {
				t.Errorf("stderr %q, want it to start with %q", errOut, want)
			}
			var got statsJSON
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			if got.By != by || got.Lines != len(cases)+1 || got.Malformed != 1 {
				t.Errorf("by %q lines %d malformed %d, want %q %d 1", got.By, got.Lines, got.Malformed, by, len(cases)+1)
			}
			keyOf := func(c golden.Case) string {
				switch by {
				case "operation":
					return c.Operation
				case "status":
					return jsonInt(c.Status)
				}
				return c.Line[1:17] // "2014-02-26 21:38"
			}
			seen := map[string]bool{}
			for _, c := range cases {
				seen[keyOf(c)] = true
			}
			if len(got.Groups) != len(seen) {
				t.Errorf("%d groups, want %d", len(got.Groups), len(seen))
			}
			for _, g := range got.Groups {
				want := wantStats(t, cases, g.Key, func(c golden.Case) bool { return keyOf(c) == g.Key })
				if g != want {
					t.Errorf("group %+v\nwant  %+v", g, want)
				}
			}
			if want := wantStats(t, cases, "TOTAL", func(golden.Case) bool { return true }); got.Total != want {
				t.Errorf("total %+v\nwant  %+v", got.Total, want)
			}
		})
	}
}

func jsonInt(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

func TestStatsTable(t *testing.T) {
	path, _ := writeGolden(t, "")
	code, out, errOut := runCmd(t, t.Context(), "", "stats", "-tz", "UTC", "-by", "status", path)
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	// Sizes in binary units, a failure percentage and the calls whose size
	// is None (UNSIZED) since issue 14; the durations are unchanged.
	want := `STATUS  COUNT  FAILURES  FAIL%       P50            P90             P99             MAX      BYTES  UNSIZED
200        27         0    0.0  0.000789  123456.789012  1728000.250000  1728000.250000    8.0 EiB        7
201         7         0    0.0  0.016473       0.441365        0.441365        0.441365   20.6 KiB        4
204         9         0    0.0  0.084961      14.946796       14.946796       14.946796   85.3 MiB        3
301         1         0    0.0  0.000015       0.000015        0.000015        0.000015        0 B        0
400         4         4  100.0  0.003905       1.500000        1.500000        1.500000   28.9 MiB        0
403         3         3  100.0  0.008269       0.999999        0.999999        0.999999  425.1 KiB        0
404         3         3  100.0  0.173202      72.217178       72.217178       72.217178       77 B        1
409         6         6  100.0  0.080852      29.956830       29.956830       29.956830   10.3 MiB        1
429         1         1  100.0  0.000007       0.000007        0.000007        0.000007        0 B        0
500         8         8  100.0  0.480401     100.000000      100.000000      100.000000    5.0 MiB        4
503        13        13  100.0  0.004254      10.000000       83.219515       83.219515   75.9 KiB        5
TOTAL      82        38   46.3  0.016473      18.165829  1728000.250000  1728000.250000    8.0 EiB       25
`
	if out != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
}

func TestStatsStdinAndFiles(t *testing.T) {
	path, cases := writeGolden(t, "")
	var log strings.Builder
	for _, c := range cases[:10] {
		log.WriteString(c.Line)
	}
	// A missing file is an error and no summary is printed (it used to
	// print the totals of the files that could be read).
	code, out, errOut := runCmd(t, t.Context(), log.String(), "stats", "-json", path, "-", filepath.Join(t.TempDir(), "missing.log"))
	if code != 1 || out != "" {
		t.Errorf("exit %d, stdout %q; want 1 and nothing (a file is missing)", code, out)
	}
	if !strings.Contains(errOut, "missing.log: no such file or directory") {
		t.Errorf("stderr %q", errOut)
	}
	code, out, errOut = runCmd(t, t.Context(), log.String(), "stats", "-json", path, "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got statsJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if got.Total.Count != int64(len(cases)+10) {
		t.Errorf("count %d, want %d", got.Total.Count, len(cases)+10)
	}
}

func TestStatsMalformedLimit(t *testing.T) {
	path, _ := writeGolden(t, strings.Repeat("junk\n", 5)+"'2014-02-26 21:38:27', '200', '0.1', 'x', 'A'\n")
	code, _, errOut := runCmd(t, t.Context(), "", "stats", "-errors", "2", path)
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	want := path + ":83: column 1: want ' to open field 1 (time)\n" +
		path + ":84: column 1: want ' to open field 1 (time)\n" +
		path + ": 4 more malformed lines not shown (-errors)\n" +
		"requestlog stats: 6 malformed lines skipped\n"
	if errOut != want {
		t.Errorf("stderr\n%s\nwant\n%s", errOut, want)
	}
	_, _, errOut = runCmd(t, t.Context(), "", "stats", "-errors", "-1", path)
	if !strings.Contains(errOut, path+":88: column 39: size: want a non-negative integer or None") {
		t.Errorf("stderr %q lacks line 88", errOut)
	}
}

func TestStatsEmpty(t *testing.T) {
	code, out, _ := runCmd(t, t.Context(), "", "stats", "-json", "-")
	if code != 0 || !strings.Contains(out, `"groups": []`) {
		t.Errorf("exit %d, out %s", code, out)
	}
}
