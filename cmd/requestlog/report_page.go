package main

import (
	"bufio"
	_ "embed"
	"html/template"
	"io"
	"time"
)

//go:embed report.html.tmpl
var reportHTML string

// reportTemplate renders a page. html/template escapes every name that
// comes from a log for its context.
var reportTemplate = template.Must(template.New("report").Parse(reportHTML))

// maxStatusRows is how many failure statuses a section lists.
const maxStatusRows = 5

// pageInfo is what a page shows besides the calls.
type pageInfo struct {
	files     []string
	loc       *time.Location
	filter    callFilter
	flags     *reportFlags
	malformed int
}

// page is the data of the template: everything laid out and formatted.
type page struct {
	Files     []string
	Zone      string
	From, To  string
	Bucket    string
	Lines     int
	Calls     int
	Skipped   int
	Malformed int
	Filters   []string
	Rows      []tableRow
	Total     tableRow
	Sections  []section
	Uncharted int // operations in the table without a section
}

// tableRow is one operation's line of the summary table, or the total.
type tableRow struct {
	Name                string
	Anchor              string // the section's id; "" when not charted
	Calls, Failures     int64
	FailShare           string
	P50, P90, P99, Max  string
	Bytes, UnknownSizes int64
}

// section pictures one operation, or all of them.
type section struct {
	ID       string
	Name     string
	Row      tableRow
	Charts   []*chart
	Statuses []statusRow
	MoreFail int // failure statuses not listed
	Sizes    sizeSummary
}

// statusRow is one failure status of a section.
type statusRow struct {
	Status     string
	Count      int64
	OfCalls    string
	OfFailures string
}

// sizeSummary sums up the response sizes of a section.
type sizeSummary struct {
	Known, Unknown     int64
	UnknownShare       string
	P50, P90, P99, Max string
}

// buildPage lays out the report of data.
func buildPage(data *reportData, info pageInfo) *page {
	p := &page{Lines: data.lines, Calls: data.calls, Skipped: data.skipped, Malformed: info.malformed}
	for _, f := range info.files {
		p.Files = append(p.Files, safeName(f))
	}
	p.Zone = zoneName(info.loc, data.first)
	const layout = "2006-01-02 15:04:05"
	p.Filters = info.filter.describe(info.loc)
	if data.calls == 0 {
		return p
	}
	p.From = time.Unix(data.first, 0).In(info.loc).Format(layout)
	p.To = time.Unix(data.last, 0).In(info.loc).Format(layout)
	tl := newTimeline(data.first, data.last, data.calls, info.loc)
	p.Bucket = formatWidth(tl.width)

	ops := data.byCount()
	each, union := allSeries(ops, tl)
	charted := min(len(each), info.flags.top)
	p.Uncharted = len(each) - charted
	xlabel := "end time (" + p.Zone + ")"
	p.Sections = append(p.Sections, newSection("op-all", "All operations", union, tl, xlabel))
	for i, s := range each {
		r := newTableRow(opLabel(s.name), s)
		if i < charted {
			sec := newSection("op-"+itoa(int64(i+1)), r.Name, s, tl, xlabel)
			r.Anchor = sec.ID
			p.Sections = append(p.Sections, sec)
		}
		p.Rows = append(p.Rows, r)
	}
	p.Total = newTableRow("All operations", union)
	p.Total.Anchor = "op-all"
	return p
}

// zoneName names the zone of the page's times: its name, and for the local
// zone its abbreviation at t too.
func zoneName(loc *time.Location, t int64) string {
	if loc == time.Local {
		abbr, _ := time.Unix(t, 0).In(loc).Zone()
		return "local time, " + abbr
	}
	return loc.String()
}

func newTableRow(name string, s *opSeries) tableRow {
	r := s.row
	return tableRow{
		Name: name, Calls: r.Count, Failures: r.Failures, FailShare: formatPercent(r.Failures, r.Count),
		P50: formatLatency(r.P50), P90: formatLatency(r.P90), P99: formatLatency(r.P99), Max: formatLatency(r.Max),
		Bytes: r.Bytes, UnknownSizes: s.unknownSizes,
	}
}

func newSection(id, name string, s *opSeries, tl timeline, xlabel string) section {
	sec := section{ID: id, Name: name, Row: newTableRow(name, s)}
	sec.Charts = []*chart{
		latencyChart(s, tl, xlabel),
		rateChart(s, tl, xlabel),
		failureChart(s, tl, xlabel),
		sizeChart(s),
	}
	for i, st := range s.statuses {
		if i == maxStatusRows {
			sec.MoreFail = len(s.statuses) - i
			break
		}
		sec.Statuses = append(sec.Statuses, statusRow{
			Status: statusName(st.status), Count: st.count,
			OfCalls: formatPercent(st.count, s.row.Count), OfFailures: formatPercent(st.count, s.row.Failures),
		})
	}
	sz := &sec.Sizes
	sz.Unknown = s.unknownSizes
	sz.Known = s.row.Count - s.unknownSizes
	sz.UnknownShare = formatPercent(sz.Unknown, s.row.Count)
	if sz.Known > 0 {
		sz.P50 = formatBytes(float64(quantile(s.sizes, 0.5)))
		sz.P90 = formatBytes(float64(quantile(s.sizes, 0.9)))
		sz.P99 = formatBytes(float64(quantile(s.sizes, 0.99)))
		sz.Max = formatBytes(float64(quantile(s.sizes, 1)))
	}
	return sec
}

// render writes the page.
func (p *page) render(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	if err := reportTemplate.Execute(bw, p); err != nil {
		return err
	}
	return bw.Flush()
}
