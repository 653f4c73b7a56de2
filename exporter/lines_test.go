package exporter

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/requesthook/requesthook/apicall"
	"github.com/requesthook/requesthook/otelhook"
)

// callModelSpans returns the spans of a DescribeAvailabilityZones call
// retried after a 503 (the call and its two attempts) and of a request made
// through the Transport alone, in the order they end.
func callModelSpans(end time.Time) []apicall.Call {
	first := apicall.Call{Start: end.Add(-40 * time.Millisecond), End: end.Add(-30 * time.Millisecond),
		Role: apicall.RoleAttempt, Service: "EC2", Operation: "DescribeAvailabilityZones", Method: "POST",
		StatusCode: 503, Size: 227, Attempt: 1, ErrorType: "RequestLimitExceeded"}
	second := first
	second.Start, second.End = end.Add(-20*time.Millisecond), end.Add(-time.Millisecond)
	second.StatusCode, second.Size, second.Attempt, second.ErrorType = 200, 1627, 2, ""
	call := apicall.Call{Start: end.Add(-41 * time.Millisecond), End: end,
		Role: apicall.RoleCall, Service: "EC2", Operation: "DescribeAvailabilityZones",
		StatusCode: 200, Size: 1627, Attempts: 2, AttemptStart: second.Start}
	plain := apicall.Call{Start: end.Add(-time.Second), End: end, Method: "GET", StatusCode: 200, Size: 5, Operation: "GetThing"}
	return []apicall.Call{first, second, call, plain}
}

func TestLinesPerCall(t *testing.T) {
	end := time.Date(2026, 11, 24, 14, 48, 21, 0, time.UTC)
	calls := callModelSpans(end)
	for _, tt := range []struct {
		name string
		opts []Option
		want []string
	}{
		{"per call", nil, []string{
			"'2026-11-24 14:48:21', '200', '0.02', '1627', 'DescribeAvailabilityZones'\n",
			"'2026-11-24 14:48:21', '200', '1.0', '5', 'GetThing'\n",
		}},
		{"per attempt", []Option{WithPerAttempt()}, []string{
			"'2026-11-24 14:48:20', '503', '0.01', '227', 'DescribeAvailabilityZones'\n",
			"'2026-11-24 14:48:20', '200', '0.019', '1627', 'DescribeAvailabilityZones'\n",
			"'2026-11-24 14:48:21', '200', '1.0', '5', 'GetThing'\n",
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var w writeRecorder
			e := New(&w, append(tt.opts, WithLocation(time.UTC))...)
			for _, c := range calls {
				if err := e.ExportSpans(t.Context(), []sdktrace.ReadOnlySpan{callSpan(c)}); err != nil {
					t.Fatal(err)
				}
			}
			if got, want := string(w.Bytes()), strings.Join(tt.want, ""); got != want {
				t.Errorf("lines:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

// collected records the Calls hooks receive.
type collected struct {
	mu    sync.Mutex
	calls []apicall.Call
}

func (c *collected) HandleRequestData(_ context.Context, call otelhook.Call) {
	c.mu.Lock()
	c.calls = append(c.calls, call)
	c.mu.Unlock()
}

func TestHooksPerCall(t *testing.T) {
	calls := callModelSpans(time.Now())
	var perCall, perAttempt collected
	pc, pa := NewHookProcessor(&perCall), NewAttemptHookProcessor(&perAttempt)
	for _, c := range calls {
		s := callSpan(c)
		pc.OnEnd(s)
		pa.OnEnd(s)
	}
	roles := func(cs []apicall.Call) string {
		var b []string
		for _, c := range cs {
			b = append(b, c.Operation+"/"+c.Role)
		}
		return strings.Join(b, ",")
	}
	if got, want := roles(perCall.calls), "DescribeAvailabilityZones/call,GetThing/"; got != want {
		t.Errorf("per call hooks got %s, want %s", got, want)
	}
	if got, want := roles(perAttempt.calls), "DescribeAvailabilityZones/attempt,DescribeAvailabilityZones/attempt,GetThing/"; got != want {
		t.Errorf("per attempt hooks got %s, want %s", got, want)
	}
	if c := perCall.calls[0]; c.Attempts != 2 || c.StatusCode != 200 {
		t.Errorf("call = %+v, want 2 attempts and status 200", c)
	}
}
