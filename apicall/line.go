package apicall

import "github.com/requesthook/requesthook/botoline"

// Record returns the five fields of boto's line for c: its times, status
// code and operation, and its size, which is 0 when c.Err is set or c gave
// up after retries (GaveUp; both boto's error=True) and None (-1) when it is
// unknown. The line of a logical call is timed from its final attempt's
// start (AttemptStart) when known, as boto restarted its clock for each
// attempt, and ends with the call.
func (c Call) Record() botoline.Record {
	return c.record(c.Err != nil)
}

// record is Record for a call that failed without a usable response when
// failed is true: the one rule for the line of a call, whether its Err was
// built (Record) or not (Decoder.Record).
func (c *Call) record(failed bool) botoline.Record {
	r := botoline.Record{Start: c.Start, End: c.End, Status: c.StatusCode, Size: c.Size, Operation: c.Operation}
	if !c.AttemptStart.IsZero() && !c.AttemptStart.After(c.End) {
		r.Start = c.AttemptStart
	}
	if failed || c.GaveUp() {
		r.Size = 0
	}
	return r
}

// FromRecord returns the Call a line describes, such that its Record renders
// the same line: status 0 with size 0 (a call that failed without a response)
// becomes Err ErrNoResponse with Size -1, Attempt is 1, and what the line
// does not record (service, method, URL, request ID) is left empty.
func FromRecord(r botoline.Record) Call {
	c := Call{Start: r.Start, End: r.End, StatusCode: r.Status, Size: r.Size, Operation: r.Operation, Attempt: 1}
	if r.Status == 0 && r.Size == 0 {
		c.Err = ErrNoResponse
		c.Size = -1
	}
	return c
}
