package apicall

// keyIndex finds the field of an attribute key (its key or an alias) for
// the Decoder. It buckets the names of the fields table by length and last
// byte, so a lookup is a few comparisons of equal-length strings, with no
// hashing: the Decoder runs for every attribute of every span a Collector
// exporter reads.
type keyIndex struct {
	buckets [maxKeyLen + 1][]keyEntry
}

// keyEntry is one name of a field.
type keyEntry struct {
	name string
	last byte
	f    *field
}

// maxKeyLen bounds the names the index holds; no key or alias is longer.
const maxKeyLen = 64

// lookup returns the field named key, or nil.
func lookup(key string) *field {
	n := len(key)
	if n == 0 || n > maxKeyLen {
		return nil
	}
	last := key[n-1]
	for i := range index.buckets[n] {
		e := &index.buckets[n][i]
		if e.last == last && e.name == key {
			return e.f
		}
	}
	return nil
}

// index is built from the fields table once.
var index = func() *keyIndex {
	x := new(keyIndex)
	add := func(name string, f *field) {
		if len(name) == 0 || len(name) > maxKeyLen {
			panic("apicall: attribute name " + name + " does not fit the key index")
		}
		x.buckets[len(name)] = append(x.buckets[len(name)], keyEntry{name: name, last: name[len(name)-1], f: f})
	}
	for i := range fields {
		f := &fields[i]
		add(string(f.key), f)
		for _, a := range f.aliases {
			add(a, f)
		}
	}
	return x
}()
