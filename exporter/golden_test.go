package exporter

import (
	"strconv"
	"testing"
	"time"

	"github.com/requesthook/requesthook/internal/golden"
)

func TestAppendLineGolden(t *testing.T) {
	for i, g := range golden.Load(t) {
		t.Run(strconv.Itoa(i)+"_"+g.Operation, func(t *testing.T) {
			got := string(AppendLine(nil, g.Call(), time.UTC))
			if got != g.Line {
				t.Errorf("AppendLine(%s → %s)\n got %q\nwant %q", g.Start, g.End, got, g.Line)
			}
		})
	}
}
