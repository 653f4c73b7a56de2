package exporter

import (
	"time"

	"github.com/requesthook/requesthook/apicall"
	"github.com/requesthook/requesthook/botoline"
)

// MaxFieldLen is the longest escaped operation field a line carries.
//
// Deprecated: use botoline.MaxFieldLen.
const MaxFieldLen = botoline.MaxFieldLen

// AppendLine appends the line boto's RequestLogger writes for c to dst.
//
// Deprecated: use botoline.Append(dst, c.Record(), loc); package botoline is
// now the one home of the line format.
func AppendLine(dst []byte, c apicall.Call, loc *time.Location) []byte {
	return botoline.Append(dst, c.Record(), loc)
}
