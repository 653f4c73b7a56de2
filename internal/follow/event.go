package follow

import "strconv"

// Kind says what an Event reports.
type Kind int

const (
	// Line is a whole line, in Event.Line.
	Line Kind = iota + 1
	// TooLong is a line longer than botoline.MaxLineLen, skipped.
	TooLong
	// Rotated reports that the file at the path was replaced: the old file
	// has been read to its end, and the lines that follow come from the new
	// one, Event.File.
	Rotated
	// Truncated reports that the file was truncated (or rewritten from its
	// start): the lines that follow are read from its beginning.
	Truncated
	// CaughtUp reports that the Follower has read everything there was and
	// is about to wait for more. It comes after every look at the file,
	// at least once per poll interval, whether anything was read or not.
	CaughtUp
)

var kindNames = [...]string{Line: "Line", TooLong: "TooLong", Rotated: "Rotated", Truncated: "Truncated", CaughtUp: "CaughtUp"}

// String returns the name of the kind, "Line" for Line.
func (k Kind) String() string {
	if k > 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Event is what a Follower passes to Run's callback.
type Event struct {
	// Kind says what happened.
	Kind Kind
	// Line is the line, newline included, for Kind Line. It has no newline
	// only when it is the partial last line of a file that was replaced. It
	// is valid until the callback returns.
	Line []byte
	// File identifies the file the line comes from (for Rotated, the new
	// file; for CaughtUp, the file being read).
	File FileID
	// Offset is the byte offset in File just after the line (Line,
	// TooLong), where reading goes on (Rotated: where WithPlace put it, 0
	// without; Truncated: 0), or how far the file has been read (CaughtUp).
	// Resuming there with WithOffset reads the next line.
	Offset int64
	// Head is the first bytes of File read so far, up to 256: what WithHead
	// checks when resuming. It is valid until the callback returns.
	Head []byte
}
