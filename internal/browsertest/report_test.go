package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/requesthook/requesthook/botoline"
)

// chromium returns the browser to run: $CHROMIUM, or chromium on the PATH.
// Without one the test is skipped, but under CI=true it fails.
func chromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("no chromium on the PATH (apt-get install chromium), and CI=true")
	}
	t.Skip("no chromium on the PATH (apt-get install chromium)")
	return ""
}

// writeReport builds the requestlog command from this repository, writes
// the sample log and its report, and returns the report's path.
func writeReport(t *testing.T, dir string, log []byte) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatal("no go command to build requestlog with:", err)
	}
	bin := filepath.Join(dir, "requestlog")
	build := exec.CommandContext(t.Context(), goTool, "build", "-o", bin, ".")
	build.Dir = filepath.Join("..", "..", "cmd", "requestlog")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build requestlog: %v\n%s", err, out)
	}
	logPath := filepath.Join(dir, "requests.log")
	if err := os.WriteFile(logPath, log, 0o644); err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(dir, "report.html")
	if out, err := exec.CommandContext(t.Context(), bin, "report", "-tz", "UTC", "-o", page, logPath).CombinedOutput(); err != nil {
		t.Fatalf("requestlog report: %v\n%s", err, out)
	}
	return page
}

// pageState is what the page shows, read from its DOM by stateJS.
type pageState struct {
	Title    string         `json:"title"`
	Scripts  int            `json:"scripts"`
	Meta     string         `json:"meta"`
	Sections []stateSection `json:"sections"`
}

type stateSection struct {
	Name   string       `json:"name"`
	Charts []stateChart `json:"charts"`
}

type stateChart struct {
	Kind   string        `json:"kind"`
	Width  float64       `json:"width"`
	Series []stateSeries `json:"series"`
	Legend []string      `json:"legend"` // the legend swatches' colours
	Texts  int           `json:"texts"`  // tick labels and axis titles
}

type stateSeries struct {
	Name   string  `json:"name"`
	Points int     `json:"points"` // data-points
	Drawn  int     `json:"drawn"`  // points in the path: M and L commands, or bars
	BoxW   float64 `json:"boxW"`   // the rendered path's bounding box
	BoxH   float64 `json:"boxH"`
	Paint  string  `json:"paint"` // stroke or, for bars, fill: not "none"
}

const stateJS = `(() => {
	const out = {title: document.title, scripts: document.scripts.length,
		meta: [...document.querySelectorAll("header p")].map(p => p.textContent).join("\n"), sections: []};
	for (const sec of document.querySelectorAll("section")) {
		const s = {name: sec.querySelector("h2").textContent, charts: []};
		for (const fig of sec.querySelectorAll("figure")) {
			const svg = fig.querySelector("svg.chart");
			const c = {kind: svg.dataset.chart, width: svg.getBoundingClientRect().width, series: [],
				legend: [...fig.querySelectorAll(".swatch")].map(e => getComputedStyle(e).backgroundColor),
				texts: svg.querySelectorAll("text").length};
			for (const p of svg.querySelectorAll("path.series")) {
				const d = p.getAttribute("d"), bars = p.classList.contains("bars");
				const m = (d.match(/M/g) || []).length, l = (d.match(/L/g) || []).length;
				const box = p.getBBox(), st = getComputedStyle(p);
				c.series.push({name: p.dataset.series, points: +p.dataset.points, drawn: bars ? m : m + l,
					boxW: box.width, boxH: box.height, paint: bars ? st.fill : st.stroke});
			}
			s.charts.push(c);
		}
		out.sections.push(s);
	}
	return out;
})()`

func TestReportInChromium(t *testing.T) {
	browser := chromium(t)
	dir := t.TempDir()
	log, ops := sampleLog()
	page := writeReport(t, dir, log)

	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	opts := append(slices.Clone(chromedp.DefaultExecAllocatorOptions[:]),
		chromedp.ExecPath(browser), chromedp.NoSandbox, chromedp.Headless,
		chromedp.Flag("disable-gpu", true), chromedp.WindowSize(1280, 900))
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelAlloc()

	// The listener runs in the tab's loop: it only records. chromedp enables
	// the runtime, log and network domains when it attaches the tab.
	var mu sync.Mutex
	var problems, requests []string
	bctx, cancelBrowser := chromedp.NewContext(actx, chromedp.WithListener(func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			switch ev.Type {
			case runtime.ConsoleAPICalledTypeError, runtime.ConsoleAPICalledTypeWarning, runtime.ConsoleAPICalledTypeAssert:
				var args []string
				for _, a := range ev.Args {
					args = append(args, string(a.Value)+a.Description)
				}
				problems = append(problems, fmt.Sprintf("console.%s: %s", ev.Type, strings.Join(args, " ")))
			}
		case *runtime.EventExceptionThrown:
			problems = append(problems, "exception: "+ev.ExceptionDetails.Text)
		case *cdplog.EventEntryAdded: // CSP violations and other browser errors
			if ev.Entry.Level == cdplog.EntryLevelError || ev.Entry.Level == cdplog.EntryLevelWarning {
				problems = append(problems, fmt.Sprintf("log %s (%s): %s", ev.Entry.Level, ev.Entry.Source, ev.Entry.Text))
			}
		case *network.EventRequestWillBeSent:
			requests = append(requests, ev.Request.URL)
		}
	}))
	defer cancelBrowser()

	url := "file://" + filepath.ToSlash(page)
	if err := chromedp.Do(bctx, chromedp.Navigate(url), chromedp.WaitReady("body")); err != nil {
		t.Fatalf("chromium: open the page: %v", err)
	}
	state, err := chromedp.Run(bctx, chromedp.Evaluate[pageState](stateJS))
	if err != nil {
		t.Fatalf("chromium: read the page: %v", err)
	}
	shot, err := chromedp.Run(bctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("chromium: screenshot: %v", err)
	}
	saveScreenshot(t, dir, page, shot)

	mu.Lock()
	defer mu.Unlock()
	for _, p := range problems {
		t.Errorf("the page logged: %s", p)
	}
	for _, r := range requests {
		if r != url {
			t.Errorf("the page requested %s", r)
		}
	}
	checkState(t, state, ops)
}

// saveScreenshot writes the screenshot of page and logs its path.
func saveScreenshot(t *testing.T, dir, page string, png []byte) {
	t.Helper()
	if d := os.Getenv("BROWSERTEST_SCREENSHOTS"); d != "" {
		dir = d
	}
	if dir != filepath.Dir(page) { // keep the page beside its screenshot
		if b, err := os.ReadFile(page); err == nil {
			os.WriteFile(filepath.Join(dir, "report.html"), b, 0o644)
		}
	}
	path := filepath.Join(dir, "report.png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
}

// checkState checks the charts of the page against the operations of the
// sample log.
func checkState(t *testing.T, state pageState, ops map[string]*sampleOp) {
	t.Helper()
	if state.Scripts != 0 {
		t.Errorf("the page has %d scripts, want none", state.Scripts)
	}
	if !strings.Contains(state.Meta, "charts in buckets of 1m.") {
		t.Fatalf("header = %q, want buckets of a minute", state.Meta)
	}
	const buckets = 120
	// The expected sections: all operations, then each by calls, most first.
	names := make([]string, 0, len(ops))
	for n := range ops {
		names = append(names, n)
	}
	slices.SortFunc(names, func(a, b string) int { return ops[b].calls - ops[a].calls })
	all := &sampleOp{minutes: make(map[int]bool), statuses: make(map[int]bool)}
	for _, op := range ops {
		for m := range op.minutes {
			all.minutes[m] = true
		}
		for s := range op.statuses {
			all.statuses[s] = true
		}
	}
	want := []*sampleOp{all}
	wantNames := []string{"All operations"}
	for _, n := range names {
		want = append(want, ops[n])
		wantNames = append(wantNames, string(botoline.AppendField(nil, n)))
	}
	var gotNames []string
	for _, s := range state.Sections {
		gotNames = append(gotNames, s.Name)
	}
	if !slices.Equal(gotNames, wantNames) {
		t.Fatalf("sections = %q, want %q", gotNames, wantNames)
	}

	for i, sec := range state.Sections {
		op := want[i]
		failureSeries := 1
		if n := len(op.statuses); n > 1 {
			failureSeries += min(n, 3)
		}
		wantCharts := []struct {
			kind   string
			series int
			points int // per series; -1: as many as bars drawn
		}{
			{"latency", 3, len(op.minutes)},
			{"rate", 1, buckets},
			{"failures", failureSeries, len(op.minutes)},
			{"sizes", 1, -1},
		}
		if len(sec.Charts) != len(wantCharts) {
			t.Errorf("%s: %d charts, want %d", sec.Name, len(sec.Charts), len(wantCharts))
			continue
		}
		for j, w := range wantCharts {
			c := sec.Charts[j]
			if c.Kind != w.kind || len(c.Series) != w.series {
				t.Errorf("%s chart %d: %s with %d series, want %s with %d", sec.Name, j, c.Kind, len(c.Series), w.kind, w.series)
				continue
			}
			if c.Width < 300 {
				t.Errorf("%s %s: %.0f px wide", sec.Name, c.Kind, c.Width)
			}
			if c.Texts < 6 {
				t.Errorf("%s %s: %d labels, want axis titles and ticks", sec.Name, c.Kind, c.Texts)
			}
			if len(c.Legend) != len(c.Series) {
				t.Errorf("%s %s: %d legend entries for %d series", sec.Name, c.Kind, len(c.Legend), len(c.Series))
			}
			for _, bg := range c.Legend {
				if bg == "" || bg == "rgba(0, 0, 0, 0)" {
					t.Errorf("%s %s: a legend swatch has no colour", sec.Name, c.Kind)
				}
			}
			for _, s := range c.Series {
				if w.points >= 0 && s.Points != w.points {
					t.Errorf("%s %s %q: %d points, want %d", sec.Name, c.Kind, s.Name, s.Points, w.points)
				}
				if s.Drawn != s.Points {
					t.Errorf("%s %s %q: the path draws %d points, data-points says %d", sec.Name, c.Kind, s.Name, s.Drawn, s.Points)
				}
				if s.Points > 0 && (s.BoxW <= 0 && s.BoxH <= 0) {
					t.Errorf("%s %s %q: rendered empty", sec.Name, c.Kind, s.Name)
				}
				if s.Paint == "" || s.Paint == "none" {
					t.Errorf("%s %s %q: painted %q", sec.Name, c.Kind, s.Name, s.Paint)
				}
			}
		}
	}
	if t.Failed() {
		b, _ := json.MarshalIndent(state.Sections[0], "", "  ")
		t.Logf("first section as read:\n%s", b)
	}
}
