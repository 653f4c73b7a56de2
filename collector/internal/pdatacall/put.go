package pdatacall

import (
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/otel/attribute"
)

// PutAttributes puts each of kvs into m, as Call.AppendAttributes writes
// them, replacing a value already there under the same key.
func PutAttributes(m pcommon.Map, kvs []attribute.KeyValue) {
	m.EnsureCapacity(m.Len() + len(kvs))
	for _, kv := range kvs {
		Put(m, string(kv.Key), kv.Value)
	}
}

// Put puts one attribute value into m under key.
func Put(m pcommon.Map, key string, v attribute.Value) {
	switch v.Type() {
	case attribute.STRING:
		m.PutStr(key, v.AsString())
	case attribute.INT64:
		m.PutInt(key, v.AsInt64())
	case attribute.FLOAT64:
		m.PutDouble(key, v.AsFloat64())
	case attribute.BOOL:
		m.PutBool(key, v.AsBool())
	case attribute.STRINGSLICE:
		s := m.PutEmptySlice(key)
		for _, e := range v.AsStringSlice() {
			s.AppendEmpty().SetStr(e)
		}
	case attribute.INT64SLICE:
		s := m.PutEmptySlice(key)
		for _, e := range v.AsInt64Slice() {
			s.AppendEmpty().SetInt(e)
		}
	case attribute.FLOAT64SLICE:
		s := m.PutEmptySlice(key)
		for _, e := range v.AsFloat64Slice() {
			s.AppendEmpty().SetDouble(e)
		}
	case attribute.BOOLSLICE:
		s := m.PutEmptySlice(key)
		for _, e := range v.AsBoolSlice() {
			s.AppendEmpty().SetBool(e)
		}
	}
}
