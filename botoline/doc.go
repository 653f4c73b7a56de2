// Package botoline is the one home of boto's request-log line: the line
// boto's RequestLogger (boto/requestlog.py) writes for every finished call,
//
//	'2014-02-26 21:38:27', '200', '0.791542', '592', 'DescribeVolumes'
//
// It renders a Record as that line byte for byte (Append), parses a line back
// into the Record that renders it again (Parse, Parser), cuts byte streams
// into lines (Splitter, Reader), and owns the escape table and Python's float
// formatting that the line needs. It has no OpenTelemetry dependency: the
// conversion between an OpenTelemetry call and a Record lives on the
// OpenTelemetry side (package apicall).
//
// # Format
//
// The fields are boto's "'%s', '%s', '%s', '%s', '%s'\n":
//
//   - time: the end of the call in a location (boto wrote local time),
//     truncated to the second, as "2006-01-02 15:04:05";
//   - status: the HTTP status code, 0 when no response arrived;
//   - duration: in seconds, computed as Python computes it from microsecond
//     timestamps, (td.microseconds + (td.seconds + td.days*24*3600) * 1e6) /
//     1e6 where td is the end minus the start, each truncated to the
//     microsecond, and printed as Python's str(float) prints it (AppendFloat):
//     "0.791542", "2.0", "0.0001", "5e-05", "1000000.5";
//   - size: the response body size, or None when it is unknown;
//   - operation: the API operation ("DescribeVolumes"), escaped.
//
// # Escaping
//
// The operation is the only free-form field. So that a hostile or broken name
// can never split a line or shift the columns, it is escaped (AppendField):
//
//	'                          doubled: ''  (as csv does)
//	\                          \\
//	LF, CR, TAB                \n, \r, \t
//	other bytes below 0x20     \xNN
//	DEL (0x7f)                 \x7f
//	each byte of invalid UTF-8 \xNN
//	U+0080 to U+009F           \uNNNN
//	U+2028, U+2029             \u2028, \u2029
//
// (NN and NNNN in lowercase hex); every other character is written as it is.
// A line is therefore valid UTF-8 with no line break of any kind inside it,
// and Python's csv.reader(f, quotechar="'", skipinitialspace=True) reads
// exactly five fields from it. An escaped operation longer than MaxFieldLen
// (128) bytes is cut at an escape or character boundary to at most
// MaxFieldLen-3 bytes and "..." is appended; undoing the escapes of a capped
// field and escaping the result again gives the same bytes.
//
// Rendering allocates nothing when the destination has room; parsing with a
// Parser allocates nothing once an operation name is in its cache.
package botoline
