package requestlogexporter

import (
	"time"

	"go.opentelemetry.io/collector/pdata/ptrace"

	"github.com/requesthook/requesthook/apicall"
	"github.com/requesthook/requesthook/botoline"
	"github.com/requesthook/requesthook/collector/internal/pdatacall"
)

// appendLines appends to dst the line of each span of td that becomes one
// at granularity g (pdatacall.Line), in the order of td, with the time column in loc, and
// appends the end offset of each line within dst to ends. It allocates only
// when dst or ends lack room.
func appendLines(dst []byte, ends []int, td ptrace.Traces, loc *time.Location, g apicall.Granularity) ([]byte, []int) {
	var d apicall.Decoder
	rss := td.ResourceSpans()
	for i := 0; i < rss.Len(); i++ {
		sss := rss.At(i).ScopeSpans()
		for j := 0; j < sss.Len(); j++ {
			spans := sss.At(j).Spans()
			for k := 0; k < spans.Len(); k++ {
				r, ok := pdatacall.Line(&d, spans.At(k), g)
				if !ok {
					continue
				}
				dst = botoline.Append(dst, r, loc)
				ends = append(ends, len(dst))
			}
		}
	}
	return dst, ends
}

// unwritten returns a copy of td that holds only the spans whose lines
// follow the first written ones, in the order appendLines renders them, for
// the exporter's retry to write again.
func unwritten(td ptrace.Traces, written int, g apicall.Granularity) ptrace.Traces {
	rest := ptrace.NewTraces()
	td.CopyTo(rest)
	var d apicall.Decoder
	seen := 0
	rest.ResourceSpans().RemoveIf(func(rs ptrace.ResourceSpans) bool {
		rs.ScopeSpans().RemoveIf(func(ss ptrace.ScopeSpans) bool {
			ss.Spans().RemoveIf(func(s ptrace.Span) bool {
				if _, ok := pdatacall.Line(&d, s, g); !ok {
					return true
				}
				seen++
				return seen <= written
			})
			return ss.Spans().Len() == 0
		})
		return rs.ScopeSpans().Len() == 0
	})
	return rest
}
