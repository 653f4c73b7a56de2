package main

import "github.com/requesthook/requesthook/botoline"

// print buffers a line that parsed as rec, with a newline if it has none.
func (t *tailer) print(b []byte, rec botoline.Record) {
	t.out = append(t.out, b...)
	if len(b) == 0 || b[len(b)-1] != '\n' {
		t.out = append(t.out, '\n')
	}
}

// flush writes the buffered lines.
func (t *tailer) flush() error {
	if len(t.out) == 0 {
		return nil
	}
	_, err := t.e.stdout.Write(t.out)
	t.out = t.out[:0]
	return err
}
