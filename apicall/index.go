package apicall

// keyIndex finds the field of an attribute key (its key or an alias) for
// the Decoder. It is a perfect hash of the names of the fields table: a
// multiplicative hash of a key's length, last byte and middle byte picks one
// slot, and one comparison of strings decides, whatever the key. The
// Decoder runs for every attribute of every span a Collector exporter reads.
type keyIndex struct {
	mult  uint64
	slots [1 << indexBits]keyEntry
}

// keyEntry is one name of a field, in its slot.
type keyEntry struct {
	name string
	f    *field
	line bool // f.line, read without following f
}

const (
	// indexBits is the log2 of the number of slots; four times more slots
	// than names lets the build find a perfect multiplier in a few hundred
	// tries.
	indexBits = 8
	// minKeyLen and maxKeyLen bound the names the index holds.
	minKeyLen = 2
	maxKeyLen = 64
)

// slot returns the slot of key under multiplier mult; key is at least
// minKeyLen bytes long. No two names of the fields table share their
// length, last and middle bytes (else newKeyIndex finds no multiplier and
// the package does not load).
func slot(key string, mult uint64) uint64 {
	n := len(key)
	x := uint64(n) | uint64(key[n-1])<<8 | uint64(key[uint(n)/2])<<16
	return (x * mult) >> (64 - indexBits)
}

// index is built from the fields table once.
var index = newKeyIndex()

// newKeyIndex places every name of the fields table in a slot of its own,
// trying multipliers from a fixed sequence until none collide, so the index
// is the same in every process.
func newKeyIndex() keyIndex {
	type name struct {
		s string
		f *field
	}
	var names []name
	for i := range fields {
		f := &fields[i]
		names = append(names, name{string(f.key), f})
		for _, a := range f.aliases {
			names = append(names, name{a, f})
		}
	}
	for _, n := range names {
		if len(n.s) < minKeyLen || len(n.s) > maxKeyLen {
			panic("apicall: attribute name " + n.s + " does not fit the key index")
		}
	}
	x := new(keyIndex)
	seed := uint64(0x9e3779b97f4a7c15)
	for range 1 << 16 {
		seed = seed*6364136223846793005 + 1442695040888963407
		mult := seed | 1
		*x = keyIndex{mult: mult}
		ok := true
		for _, n := range names {
			e := &x.slots[slot(n.s, mult)]
			if e.f != nil {
				ok = false
				break
			}
			*e = keyEntry{name: n.s, f: n.f, line: n.f.line}
		}
		if ok {
			return *x
		}
	}
	panic("apicall: no perfect hash for the attribute names")
}
