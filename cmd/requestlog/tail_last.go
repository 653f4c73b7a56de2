package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/requesthook/requesthook/botoline"
)

// last prints the last n lines of path ("-": standard input).
func (t *tailer) last(ctx context.Context, path string, n int) error {
	in, err := openInput(t.e, path)
	if err != nil {
		return err
	}
	defer in.Close()
	t.name = in.name
	keep := &lastLines{n: n}
	rd := botoline.NewReader(in.r, t.loc)
	for {
		b, err := rd.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("%s: %w", t.name, err)
		}
		t.lineNo = rd.Line()
		if t.selected(b) {
			keep.add(t.lineNo, b)
		}
		if t.lineNo&1023 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
	}
	keep.each(t.line)
	return t.end()
}
