package apicall

import (
	"math/rand/v2"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
)

// TestLineFields checks that the attributes LookupLine skips never
// change what a writer of lines reads: Record, Reported and a call's
// RPCSystem and Operation are the same whether a Decoder is handed every
// attribute of a span or only those LookupLine finds, over random spans
// made of every name of the mapping with values of every kind. It also
// checks that LookupLine finds exactly the names of the line fields.
func TestLineFields(t *testing.T) {
	var names []string
	for i := range fields {
		names = append(names, string(fields[i].key))
		names = append(names, fields[i].aliases...)
	}
	start := time.Date(2026, 11, 24, 14, 48, 21, 0, time.UTC)
	end := start.Add(time.Second)
	values := []attribute.Value{
		attribute.StringValue(""), attribute.StringValue(RoleCall), attribute.StringValue(RoleAttempt),
		attribute.StringValue(SystemAWS), attribute.StringValue("EC2/DescribeVolumes"), attribute.StringValue("Publish"),
		attribute.StringValue("503"), attribute.StringValue("12"), attribute.StringValue("x"),
		attribute.Int64Value(0), attribute.Int64Value(-1), attribute.Int64Value(200), attribute.Int64Value(503),
		attribute.Int64Value(2), attribute.Int64Value(start.Add(300 * time.Millisecond).UnixNano()),
		attribute.Int64Value(end.Add(time.Second).UnixNano()), attribute.Float64Value(504.5),
		attribute.BoolValue(true), attribute.StringSliceValue([]string{"t"}),
	}
	for _, name := range append(names, "db.system", "x", "rpc.methods") {
		f, ok := Lookup(name)
		lf, lok := LookupLine(name)
		if want := ok && f.f.line; lok != want || (lok && lf != f) {
			t.Errorf("LookupLine(%q) = %v, %v; want the field found by Lookup: %v", name, lf.f, lok, want)
		}
	}
	r := rand.New(rand.NewPCG(7, 8))
	for range 20000 {
		var all, line Decoder
		all.Reset(start, end)
		line.Reset(start, end)
		for range r.IntN(2 * len(names)) {
			name, v := names[r.IntN(len(names))], values[r.IntN(len(values))]
			all.Attr(name, v)
			if f, ok := LookupLine(name); ok {
				line.SetValue(f, v)
			}
		}
		for _, code := range []codes.Code{codes.Unset, codes.Error, codes.Ok} {
			wr, wok := all.Record(code)
			gr, gok := line.Record(code)
			if wr != gr || wok != gok {
				t.Fatalf("Record(%v) from the Line fields = %+v, %v; from all = %+v, %v", code, gr, gok, wr, wok)
			}
		}
		for _, g := range []Granularity{PerCall, PerAttempt} {
			if all.Reported(g) != line.Reported(g) {
				t.Fatalf("Reported(%v) from the Line fields = %v, from all %v", g, line.Reported(g), all.Reported(g))
			}
		}
		wc, _ := all.Call(codes.Unset, "")
		gc, _ := line.Call(codes.Unset, "")
		if wc.RPCSystem != gc.RPCSystem || wc.Operation != gc.Operation {
			t.Fatalf("Call from the Line fields has RPCSystem %q, Operation %q; from all %q, %q",
				gc.RPCSystem, gc.Operation, wc.RPCSystem, wc.Operation)
		}
	}
}
