package bridge

import (
	"hash/maphash"
	"sync/atomic"
)

// The operation cache: a 2-way set-associative table of recently parsed
// operation names, so that parsing a line whose operation was seen recently
// does not allocate. Entries are replaced, never freed; each slot is an
// atomic pointer, so concurrent ParseLine calls are safe and a lookup can
// only ever return a string equal to the bytes it was given.
const (
	internSets   = 512 // 1024 entries, 8 KiB of pointers
	internMaxLen = 128 // longer names are not cached
)

var (
	internSeed  = maphash.MakeSeed()
	internTable [internSets][2]atomic.Pointer[string]
)

// intern returns string(b), shared with earlier calls when possible.
func intern(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if len(b) > internMaxLen {
		return string(b)
	}
	set := &internTable[maphash.Bytes(internSeed, b)&(internSets-1)]
	if s := set[0].Load(); s != nil && *s == string(b) {
		return *s
	}
	if s := set[1].Load(); s != nil && *s == string(b) {
		return *s
	}
	// Miss: the newest name goes first, the previous first moves second,
	// so two names that share a set both stay cached.
	s := string(b)
	set[1].Store(set[0].Load())
	set[0].Store(&s)
	return s
}
