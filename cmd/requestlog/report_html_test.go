package main

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/requesthook/requesthook/botoline"
)

// svgChart is a chart as the page holds it.
type svgChart struct {
	kind   string
	series []svgSeries
}

// svgSeries is one series path of a chart.
type svgSeries struct {
	name     string
	points   int // data-points
	vertices int // points in the path: M and L commands, or bars
}

// reportPage runs "requestlog report" on a log and parses the page.
func reportPage(t *testing.T, lines []byte, args ...string) (*html.Node, []byte) {
	t.Helper()
	in := writeLog(t, lines)
	out := filepath.Join(t.TempDir(), "report.html")
	args = append([]string{"report", "-tz", "UTC", in, "-o", out}, args...)
	if code, _, stderr := runCmd(t, context.Background(), "", args...); code != 0 {
		t.Fatalf("requestlog %s: exit %d, stderr:\n%s", strings.Join(args, " "), code, stderr)
	}
	raw, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(strings.NewReader(string(raw)))
	if err != nil {
		t.Fatalf("parse the page: %v", err)
	}
	return doc, raw
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasClass(n *html.Node, class string) bool {
	return strings.Contains(" "+attr(n, "class")+" ", " "+class+" ")
}

// findAll returns the element nodes under n (n included) that match.
func findAll(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var found []*html.Node
	for d := range n.Descendants() {
		if d.Type == html.ElementNode && match(d) {
			found = append(found, d)
		}
	}
	if n.Type == html.ElementNode && match(n) {
		found = append([]*html.Node{n}, found...)
	}
	return found
}

// text returns the text under n.
func text(n *html.Node) string {
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data)
		}
	}
	return b.String()
}

// charts returns the charts of the page, section by section.
func charts(t *testing.T, doc *html.Node) map[string][]svgChart {
	t.Helper()
	bySection := make(map[string][]svgChart)
	for _, sec := range findAll(doc, func(n *html.Node) bool { return n.Data == "section" }) {
		name := text(findAll(sec, func(n *html.Node) bool { return n.Data == "h2" })[0])
		for _, svg := range findAll(sec, func(n *html.Node) bool { return n.Data == "svg" && hasClass(n, "chart") }) {
			c := svgChart{kind: attr(svg, "data-chart")}
			for _, p := range findAll(svg, func(n *html.Node) bool { return n.Data == "path" && hasClass(n, "series") }) {
				pts, err := strconv.Atoi(attr(p, "data-points"))
				if err != nil {
					t.Fatalf("%s %s: data-points %q", name, c.kind, attr(p, "data-points"))
				}
				d := attr(p, "d")
				v := strings.Count(d, "M")
				if !hasClass(p, "bars") {
					v += strings.Count(d, "L")
				}
				c.series = append(c.series, svgSeries{name: attr(p, "data-series"), points: pts, vertices: v})
			}
			bySection[name] = append(bySection[name], c)
		}
	}
	return bySection
}

func TestReportCharts(t *testing.T) {
	doc, raw := reportPage(t, knownLog())
	got := charts(t, doc)
	type want struct {
		kind   string
		series map[string]int // points per series
	}
	line := func(kind string, names ...string) want {
		w := want{kind: kind, series: make(map[string]int)}
		for _, n := range names {
			w.series[n] = 10 // every bucket has calls
		}
		return w
	}
	sizes := func(bars int) want { return want{kind: "sizes", series: map[string]int{"sizes": bars}} }
	latency := line("latency", "p50", "p90", "p99")
	rate := line("rate", "calls")
	tests := []struct {
		section string
		charts  []want
	}{
		{"All operations", []want{latency, rate, line("failures", "failed", "status 503", "status 0"), sizes(3)}},
		{"GetItem", []want{latency, rate, line("failures", "failed"), sizes(2)}},
		{"PutItem", []want{latency, rate, line("failures", "failed", "status 503", "status 0"), sizes(1)}},
	}
	if len(got) != len(tests) {
		t.Errorf("%d sections, want %d", len(got), len(tests))
	}
	for _, tt := range tests {
		cs := got[tt.section]
		if len(cs) != len(tt.charts) {
			t.Errorf("%s: %d charts, want %d", tt.section, len(cs), len(tt.charts))
			continue
		}
		for i, w := range tt.charts {
			c := cs[i]
			if c.kind != w.kind {
				t.Errorf("%s chart %d is %q, want %q", tt.section, i, c.kind, w.kind)
			}
			if len(c.series) != len(w.series) {
				t.Errorf("%s %s: %d series, want %d", tt.section, c.kind, len(c.series), len(w.series))
			}
			for _, s := range c.series {
				if s.points != w.series[s.name] {
					t.Errorf("%s %s series %q: %d points, want %d", tt.section, c.kind, s.name, s.points, w.series[s.name])
				}
				if s.vertices != s.points {
					t.Errorf("%s %s series %q: the path draws %d points, data-points says %d", tt.section, c.kind, s.name, s.vertices, s.points)
				}
			}
		}
	}

	// Self-contained: nothing to fetch, nothing to run.
	for _, n := range findAll(doc, func(n *html.Node) bool { return true }) {
		if n.Data == "script" || n.Data == "link" || n.Data == "img" || n.Data == "iframe" {
			t.Errorf("the page has a <%s> element", n.Data)
		}
		for _, a := range n.Attr {
			if (a.Key == "href" || a.Key == "src") && !strings.HasPrefix(a.Val, "#") {
				t.Errorf("<%s %s=%q> points outside the page", n.Data, a.Key, a.Val)
			}
		}
	}
	if strings.Contains(string(raw), "url(") || strings.Contains(string(raw), "@import") {
		t.Error("the style sheet fetches something")
	}

	// Axes are labelled and every series is in a legend.
	for _, svg := range findAll(doc, func(n *html.Node) bool { return n.Data == "svg" }) {
		if n := len(findAll(svg, func(n *html.Node) bool { return hasClass(n, "axis-title") })); n != 2 {
			t.Errorf("%s chart: %d axis titles, want 2", attr(svg, "data-chart"), n)
		}
	}
	series := findAll(doc, func(n *html.Node) bool { return hasClass(n, "series") })
	legend := findAll(doc, func(n *html.Node) bool { return hasClass(n, "swatch") })
	if len(legend) != len(series) {
		t.Errorf("%d legend entries for %d series", len(legend), len(series))
	}
}

func TestReportEscapesNames(t *testing.T) {
	hostile := []struct{ op, shown string }{
		{"<script>alert(1)</script>", "<script>alert(1)</script>"},
		{`a"b'c&d`, `a"b''c&d`},
		{"\x1b[31mred", `\x1b[31mred`},
		{"line\u2028sep", `line\u2028sep`},
		{"new\nline", `new\nline`},
	}
	var lines []byte
	end := reportT0
	for i, h := range hostile {
		for range i + 1 { // distinct counts keep the order fixed
			lines = botoline.Append(lines, botoline.Record{Start: end.Add(-time.Millisecond), End: end, Status: 200, Size: 1, Operation: h.op}, time.UTC)
			end = end.Add(time.Second)
		}
	}
	doc, raw := reportPage(t, lines)
	for _, bad := range []string{"\x1b", "\u2028", "<script"} {
		if strings.Contains(string(raw), bad) {
			t.Errorf("the page holds %q raw", bad)
		}
	}
	if s := findAll(doc, func(n *html.Node) bool { return n.Data == "script" }); len(s) > 0 {
		t.Errorf("the page has %d <script> elements", len(s))
	}
	var headings []string
	for _, h := range findAll(doc, func(n *html.Node) bool { return n.Data == "h2" }) {
		headings = append(headings, text(h))
	}
	want := []string{"All operations"}
	for i := len(hostile) - 1; i >= 0; i-- {
		want = append(want, hostile[i].shown)
	}
	if strings.Join(headings, "|") != strings.Join(want, "|") {
		t.Errorf("sections = %q, want %q", headings, want)
	}
}
