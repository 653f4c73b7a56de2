package botoline_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/requesthook/requesthook/botoline"
	"github.com/requesthook/requesthook/internal/golden"
)

func TestAppendGolden(t *testing.T) {
	for i, g := range golden.Load(t) {
		t.Run(strconv.Itoa(i)+"_"+g.Operation, func(t *testing.T) {
			got := string(botoline.Append(nil, g.Record(), time.UTC))
			if got != g.Line {
				t.Errorf("Append(%s → %s)\n got %q\nwant %q", g.Start, g.End, got, g.Line)
			}
		})
	}
}
