package botoline

import "hash/maphash"

// The name cache of a Parser: a 2-way set-associative table of recently
// parsed operation names, so that parsing a line whose operation was seen
// recently does not allocate. It is bounded and belongs to one Parser.
const (
	nameSets   = 512 // 1024 entries
	nameMaxLen = 128 // longer names are not cached
)

type names struct {
	seed  maphash.Seed
	table *[nameSets][2]string
}

// intern returns string(b), shared with earlier calls when possible.
func (n *names) intern(b []byte) string {
	if len(b) > nameMaxLen {
		return string(b)
	}
	if n.table == nil {
		n.seed = maphash.MakeSeed()
		n.table = new([nameSets][2]string)
	}
	set := &n.table[maphash.Bytes(n.seed, b)&(nameSets-1)]
	if set[0] == string(b) && set[0] != "" {
		return set[0]
	}
	if set[1] == string(b) && set[1] != "" {
		set[0], set[1] = set[1], set[0]
		return set[0]
	}
	// Miss: the newest name goes first, the previous first moves second.
	set[1] = set[0]
	set[0] = string(b)
	return set[0]
}
