package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"github.com/requesthook/requesthook/internal/pyrun"
)

// hostileLog has sizes of None, a group whose sizes are all None, and
// operation names with control characters, a quote and a comma.
const hostileLog = "'2024-05-06 07:08:01', '200', '0.1', '10', 'Get\\x1b[2JItem'\n" +
	"'2024-05-06 07:08:02', '503', '9.5e-05', 'None', 'Get\\x1b[2JItem'\n" +
	"'2024-05-06 07:09:03', '0', '2.0', 'None', 'Put,\"Item\"'\n" +
	"'2024-05-06 07:09:04', '404', '0.3', '1536', '\\u2028'\n"

// TestStatsFormats checks that CSV, JSON and the table say the same, that
// CSV parses with encoding/csv and Python's csv module, that no output
// holds a control character, and how unknown sizes show.
func TestStatsFormats(t *testing.T) {
	path := writeLog(t, []byte(hostileLog))
	outputs := map[string]string{}
	for _, args := range [][]string{{"-format", "table"}, {"-format", "csv"}, {"-format", "json"}, {"-json"}} {
		code, out, errOut := runCmd(t, t.Context(), "", append(append([]string{"stats", "-tz", "UTC"}, args...), path)...)
		if code != 0 || errOut != "" {
			t.Fatalf("%v: exit %d, stderr %q", args, code, errOut)
		}
		if strings.ContainsFunc(out, func(r rune) bool { return r < 0x20 && r != '\n' || r == 0x7f || r >= 0x80 && r <= 0x9f || r == 0x2028 }) {
			t.Errorf("%v: a control character in %q", args, out)
		}
		outputs[strings.Join(args, " ")] = out
	}
	if outputs["-json"] != outputs["-format json"] {
		t.Errorf("-json differs from -format json")
	}

	table := outputs["-format table"]
	for _, want := range []string{
		`Get\x1b[2JItem      2         1   50.0  0.000095  0.100000  0.100000  0.100000     10 B        1`,
		`Put,"Item"          1         1  100.0  2.000000  2.000000  2.000000  2.000000     None        1`,
		`\u2028              1         1  100.0  0.300000  0.300000  0.300000  0.300000  1.5 KiB        0`,
	} {
		if !strings.Contains(table, want+"\n") {
			t.Errorf("table lacks %q:\n%s", want, table)
		}
	}

	wantRecords := [][]string{
		{"operation", "count", "failures", "failure_pct", "p50", "p90", "p99", "max", "bytes", "unknown_size"},
		{`Get\x1b[2JItem`, "2", "1", "50", "9.5e-05", "0.1", "0.1", "0.1", "10", "1"},
		{`Put,"Item"`, "1", "1", "100", "2.0", "2.0", "2.0", "2.0", "", "1"},
		{`\u2028`, "1", "1", "100", "0.3", "0.3", "0.3", "0.3", "1536", "0"},
		{"TOTAL", "4", "3", "75", "0.1", "2.0", "2.0", "2.0", "1546", "2"},
	}
	got, err := csv.NewReader(strings.NewReader(outputs["-format csv"])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !equalRecords(got, wantRecords) {
		t.Errorf("encoding/csv read\n%q\nwant\n%q", got, wantRecords)
	}
	py := pyrun.Run(t, "import csv, json, sys\nprint(json.dumps(list(csv.reader(sys.stdin))))", []byte(outputs["-format csv"]))
	var pyGot [][]string
	if err := json.Unmarshal(py, &pyGot); err != nil {
		t.Fatal(err)
	}
	if !equalRecords(pyGot, wantRecords) {
		t.Errorf("Python's csv read\n%q\nwant\n%q", pyGot, wantRecords)
	}

	var js statsJSON
	dec := json.NewDecoder(bytes.NewReader([]byte(outputs["-json"])))
	if err := dec.Decode(&js); err != nil {
		t.Fatal(err)
	}
	if js.Groups[1].Key != `Put,"Item"` || js.Groups[1].UnknownSize != 1 || js.Groups[0].P50 != 9.5e-05 || js.Total.FailurePct != 75 {
		t.Errorf("json %+v", js)
	}
	if !strings.Contains(outputs["-json"], `"p50":9.5e-05`) && !strings.Contains(outputs["-json"], `"p50": 9.5e-05`) {
		t.Errorf("json durations not as the log writes them:\n%s", outputs["-json"])
	}
	if !strings.Contains(outputs["-json"], `"bytes": null`) {
		t.Errorf("json: no null bytes for a group of sizes None:\n%s", outputs["-json"])
	}
}

func equalRecords(a, b [][]string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if strings.Join(a[i], "\x00") != strings.Join(b[i], "\x00") {
			return false
		}
	}
	return true
}

func TestStatsByClass(t *testing.T) {
	path := writeLog(t, []byte(filterLog+"'2024-05-06 07:11:06', '1000', '0.5', '50', 'PutItem'\n"))
	code, out, errOut := runCmd(t, t.Context(), "", "stats", "-by", "class", "-format", "csv", path)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var keys []string
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs[1:] {
		keys = append(keys, r[0]+"="+r[1])
	}
	if got, want := strings.Join(keys, " "), "2xx=2 4xx=1 5xx=1 none=1 other=1 TOTAL=6"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}
