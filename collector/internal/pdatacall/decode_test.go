package pdatacall

import (
	"math/rand/v2"
	"testing"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"

	"github.com/requesthook/requesthook/apicall"
	"github.com/requesthook/requesthook/botoline"
	"github.com/requesthook/requesthook/collector/internal/fixtures"
)

// attrLine is the line of span read the plain way: every attribute handed
// to Decoder.Attr as an attribute.Value, the whole Call copied out, with the
// rules of Line.
func attrLine(span ptrace.Span, g apicall.Granularity) (botoline.Record, bool) {
	kind := span.Kind()
	if kind != ptrace.SpanKindClient && kind != ptrace.SpanKindProducer {
		return botoline.Record{}, false
	}
	var d apicall.Decoder
	d.Reset(span.StartTimestamp().AsTime(), span.EndTimestamp().AsTime())
	for k, v := range span.Attributes().All() {
		d.Attr(k, Value(v))
	}
	c, ok := d.Call(statusCode(span.Status().Code()), span.Status().Message())
	if !ok || !c.Reported(g) {
		return botoline.Record{}, false
	}
	if kind == ptrace.SpanKindProducer && (c.RPCSystem != apicall.SystemAWS || c.Operation == "") {
		return botoline.Record{}, false
	}
	return c.Record(), true
}

// TestLineReadsAsAttr checks that Line, which reads only the attributes a
// line depends on through the typed setters and leaves a span of the other
// role early, and Decode give what reading every attribute with Attr gives,
// for every span of the fixtures with its attributes in random orders, with
// values of other types mixed in, and a decoder reused across spans.
func TestLineReadsAsAttr(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	var spans []ptrace.Span
	for _, fx := range fixtures.All() {
		for range 20 {
			td := fx.Traces()
			for _, rs := range td.ResourceSpans().All() {
				for _, ss := range rs.ScopeSpans().All() {
					for _, s := range ss.Spans().All() {
						spans = append(spans, shuffled(r, s))
					}
				}
			}
		}
	}
	var d apicall.Decoder
	for i, s := range spans {
		for _, g := range []apicall.Granularity{apicall.PerCall, apicall.PerAttempt} {
			want, wantOK := attrLine(s, g)
			got, ok := Line(&d, s, g)
			if got != want || ok != wantOK {
				t.Fatalf("span %d (%s), granularity %d: Line = %+v, %v; Attr reads %+v, %v", i, s.Name(), g, got, ok, want, wantOK)
			}
		}
		var ad apicall.Decoder
		ad.Reset(s.StartTimestamp().AsTime(), s.EndTimestamp().AsTime())
		for k, v := range s.Attributes().All() {
			ad.Attr(k, Value(v))
		}
		want, wantOK := ad.Call(statusCode(s.Status().Code()), s.Status().Message())
		got, ok := Decode(&d, s)
		if errText(got.Err) != errText(want.Err) {
			t.Fatalf("span %d: Decode's Err %v, Attr's %v", i, got.Err, want.Err)
		}
		got.Err, want.Err = nil, nil
		if got != want || ok != wantOK {
			t.Fatalf("span %d: Decode = %+v, %v; Attr reads %+v, %v", i, got, ok, want, wantOK)
		}
	}
}

// shuffled returns a copy of s with its attributes in a random order and,
// at random, one value replaced by a value of another type.
func shuffled(r *rand.Rand, s ptrace.Span) ptrace.Span {
	c := ptrace.NewSpan()
	s.CopyTo(c)
	type kv struct {
		k string
		v pcommon.Value
	}
	var kvs []kv
	for k, v := range s.Attributes().All() {
		kvs = append(kvs, kv{k, v})
	}
	r.Shuffle(len(kvs), func(i, j int) { kvs[i], kvs[j] = kvs[j], kvs[i] })
	attrs := c.Attributes()
	attrs.Clear()
	for _, e := range kvs {
		e.v.CopyTo(attrs.PutEmpty(e.k))
	}
	if len(kvs) > 0 && r.IntN(3) == 0 {
		v, _ := attrs.Get(kvs[r.IntN(len(kvs))].k)
		switch r.IntN(6) {
		case 0:
			v.SetStr("")
		case 1:
			v.SetInt(0)
		case 2:
			v.SetBool(true)
		case 3:
			v.SetDouble(503.7)
		case 4:
			v.SetEmptySlice().AppendEmpty().SetStr("x")
		case 5:
			v.SetStr("504")
		}
	}
	return c
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
