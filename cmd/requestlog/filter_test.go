package main

import (
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestParseStatusMatch(t *testing.T) {
	tests := []struct {
		in      string
		want    statusMatch
		wantErr bool
	}{
		{"503", statusMatch{code: 503}, false},
		{"5xx", statusMatch{code: 5, class: true}, false},
		{"4XX", statusMatch{code: 4, class: true}, false},
		{"none", statusMatch{}, false},
		{"0", statusMatch{}, false},
		{"0xx", statusMatch{}, true},
		{"ok", statusMatch{}, true},
		{"", statusMatch{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := parseStatusMatch(tt.in)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("got %+v, %v; want %+v, error %v", got, err, tt.want, tt.wantErr)
			}
		})
	}
}

func TestCallFilterKeep(t *testing.T) {
	t0 := time.Date(2024, 5, 6, 7, 8, 0, 0, time.UTC)
	cf := func(args ...string) callFilter {
		var f filterFlags
		fs := newFlagSet(&env{stderr: &strings.Builder{}}, "x", "x")
		addFilterFlags(fs, &f)
		if err := fs.Parse(args); err != nil {
			t.Fatal(err)
		}
		return f.filter(time.UTC)
	}
	tests := []struct {
		name   string
		filter callFilter
		end    time.Time
		status int
		op     string
		want   bool
	}{
		{"no filter", cf(), t0, 200, "A", true},
		{"op exact", cf("-op", "GetItem"), t0, 200, "GetItem", true},
		{"op other", cf("-op", "GetItem"), t0, 200, "PutItem", false},
		{"op glob", cf("-op", "Describe*"), t0, 200, "DescribeVolumes", true},
		{"op glob miss", cf("-op", "Describe*"), t0, 200, "GetItem", false},
		{"op repeated", cf("-op", "A", "-op", "B"), t0, 200, "B", true},
		{"status code", cf("-status", "503"), t0, 503, "A", true},
		{"status code miss", cf("-status", "503"), t0, 500, "A", false},
		{"status class", cf("-status", "5xx"), t0, 500, "A", true},
		{"status class miss", cf("-status", "5xx"), t0, 404, "A", false},
		{"status none", cf("-status", "none"), t0, 0, "A", true},
		{"status class not none", cf("-status", "5xx"), t0, 0, "A", false},
		{"statuses", cf("-status", "4xx", "-status", "none"), t0, 0, "A", true},
		{"since in", cf("-since", "2024-05-06 07:08"), t0, 200, "A", true},
		{"since out", cf("-since", "2024-05-06 07:08:01"), t0, 200, "A", false},
		{"until out", cf("-until", "2024-05-06 07:08"), t0, 200, "A", false},
		{"until in", cf("-until", "2024-05-06T07:08:01Z"), t0, 200, "A", true},
		{"all of them", cf("-op", "A*", "-status", "2xx", "-since", "2024-05-06"), t0, 200, "AB", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.filter.keep(tt.end, tt.status, tt.op); got != tt.want {
				t.Errorf("keep = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestFilterFlagErrors(t *testing.T) {
	path, _ := writeGolden(t, "")
	for _, cmd := range []string{"stats", "tail", "replay", "report"} {
		for _, tt := range []struct{ flag, value, want string }{
			{"-status", "2yy", `want a status code (503), a class (5xx) or none`},
			{"-op", "[", `bad glob "["`},
			{"-since", "yesterday", `want a time such as`},
		} {
			t.Run(cmd+tt.flag, func(t *testing.T) {
				code, _, errOut := runCmd(t, t.Context(), "", cmd, tt.flag, tt.value, path)
				if code != exitUsage || !strings.Contains(errOut, tt.want) {
					t.Errorf("exit %d, stderr %q; want 2 and %q", code, errOut, tt.want)
				}
			})
		}
	}
}

// filterLog is a log for the commands' filter tests.
const filterLog = "'2024-05-06 07:08:01', '200', '0.1', '10', 'DescribeVolumes'\n" +
	"'2024-05-06 07:08:02', '503', '0.2', '20', 'DescribeVolumes'\n" +
	"'2024-05-06 07:09:03', '404', '0.3', 'None', 'GetItem'\n" +
	"'2024-05-06 07:10:04', '0', '0.4', '0', 'DescribeInstances'\n" +
	"'2024-05-06 07:11:05', '200', '0.5', '50', 'PutItem'\n"

// TestFilterCommands runs each command with the same filters and checks
// that it saw the same calls.
func TestFilterCommands(t *testing.T) {
	path := filepath.Join(t.TempDir(), "requests.log")
	if err := os.WriteFile(path, []byte(filterLog), 0o644); err != nil {
		t.Fatal(err)
	}
	recv := &otlpReceiver{}
	srv := httptest.NewServer(recv)
	defer srv.Close()
	otlpEnv(t, srv.URL)
	lines := strings.SplitAfter(filterLog, "\n")
	tests := []struct {
		name string
		args []string
		want []int // the lines kept
	}{
		{"op glob", []string{"-op", "Describe*"}, []int{0, 1, 3}},
		{"status class", []string{"-status", "5xx", "-status", "none"}, []int{1, 3}},
		{"since until", []string{"-since", "2024-05-06 07:09", "-until", "2024-05-06 07:11"}, []int{2, 3}},
		{"all", []string{"-op", "Describe*", "-status", "2xx"}, []int{0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base := []string{"-tz", "UTC"}
			args := append(append([]string(nil), base...), tt.args...)
			var want string
			for _, i := range tt.want {
				want += lines[i]
			}

			code, out, errOut := runCmd(t, t.Context(), "", append(append([]string{"tail", "-n", "10"}, args...), path)...)
			if code != 0 || out != want {
				t.Errorf("tail: exit %d, stdout %q, want %q; stderr %s", code, out, want, errOut)
			}

			code, out, errOut = runCmd(t, t.Context(), "", append(append([]string{"stats", "-json"}, args...), path)...)
			var st statsJSON
			if code != 0 || json.Unmarshal([]byte(out), &st) != nil || st.Total.Count != int64(len(tt.want)) || st.Lines != len(lines)-1 {
				t.Errorf("stats: exit %d, total %d of %d lines, want %d; stderr %s", code, st.Total.Count, st.Lines, len(tt.want), errOut)
			}

			code, out, errOut = runCmd(t, t.Context(), "", append(append([]string{"replay"}, args...), path)...)
			if wantOut := fmt.Sprintf("replayed 5 lines: %d %s sent, 0 lines rejected\n", len(tt.want), plural(len(tt.want), "span", "spans")); code != 0 || out != wantOut {
				t.Errorf("replay: exit %d, stdout %q, want %q; stderr %s", code, out, wantOut, errOut)
			}

			code, out, errOut = runCmd(t, t.Context(), "", append(append([]string{"report"}, args...), path)...)
			if wantCalls := fmt.Sprintf("%d %s", len(tt.want), plural(len(tt.want), "call", "calls")); code != 0 || !strings.Contains(out, wantCalls) {
				t.Errorf("report: exit %d, page lacks %q; stderr %s", code, wantCalls, errOut)
			}
		})
	}
}
