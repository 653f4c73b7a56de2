// Package pdatacall adapts Collector pdata to package apicall, the one
// mapping between an API call and span attributes: Decode reads a Call from a
// ptrace.Span through an apicall.Decoder, and PutAttributes writes the
// attributes of Call.AppendAttributes into a pcommon.Map. It holds no
// attribute name of its own.
//
// Line reports which spans become lines of boto's request log when the
// Collector sees each span alone.
package pdatacall
