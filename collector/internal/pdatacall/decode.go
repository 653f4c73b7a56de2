package pdatacall

import (
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"

	"github.com/requesthook/requesthook/apicall"
)

// Decode reads the call that span describes with d, whatever its kind, and
// reports false when the span is not a call (apicall.Decoder.Call). It
// allocates nothing for a call that succeeded.
func Decode(d *apicall.Decoder, span ptrace.Span) (apicall.Call, bool) {
	read(d, span)
	st := span.Status()
	return d.Call(statusCode(st.Code()), st.Message())
}

// read hands span's times and attributes to d.
func read(d *apicall.Decoder, span ptrace.Span) {
	d.Reset(span.StartTimestamp().AsTime(), span.EndTimestamp().AsTime())
	for k, v := range span.Attributes().All() {
		if f, ok := apicall.Lookup(k); ok {
			set(d, f, v)
		}
	}
}

// set hands d the value v of an attribute of field f, converting only what
// the Decoder's typed setters do not take.
func set(d *apicall.Decoder, f apicall.Field, v pcommon.Value) {
	if s := v.Str(); s != "" {
		d.SetString(f, s)
		return
	}
	switch v.Type() {
	case pcommon.ValueTypeStr:
		d.SetString(f, v.Str())
	case pcommon.ValueTypeInt:
		d.SetInt(f, v.Int())
	default:
		d.SetValue(f, Value(v))
	}
}

// Value converts a pdata value to an attribute value without allocating.
// Slices, maps and bytes, which no field of a Call holds, become the invalid
// attribute value, which the Decoder ignores.
func Value(v pcommon.Value) attribute.Value {
	switch v.Type() {
	case pcommon.ValueTypeStr:
		return attribute.StringValue(v.Str())
	case pcommon.ValueTypeInt:
		return attribute.Int64Value(v.Int())
	case pcommon.ValueTypeDouble:
		return attribute.Float64Value(v.Double())
	case pcommon.ValueTypeBool:
		return attribute.BoolValue(v.Bool())
	}
	return attribute.Value{}
}

// statusCode converts a pdata status code to the API's.
func statusCode(c ptrace.StatusCode) codes.Code {
	switch c {
	case ptrace.StatusCodeError:
		return codes.Error
	case ptrace.StatusCodeOk:
		return codes.Ok
	}
	return codes.Unset
}
