package follow_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/requesthook/requesthook/internal/follow"
)

// A receiver follows a log and keeps the file and offset of the last line it
// handled, to resume there after a restart with WithOffset.
func Example() {
	dir, _ := os.MkdirTemp("", "follow-example-")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "requests.log")
	os.WriteFile(path, []byte("'2014-02-26 21:38:27', '200', '0.791542', '592', 'DescribeVolumes'\n"), 0o644)

	var (
		file   follow.FileID
		offset int64
	)
	fl, err := follow.Open(path, follow.WithOffset(file, offset))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer fl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err = fl.Run(ctx, func(ev follow.Event) error {
		switch ev.Kind {
		case follow.Line:
			fmt.Printf("%s", ev.Line)
			file, offset = ev.File, ev.Offset // persist these
		case follow.CaughtUp:
			cancel() // an example stops here; a receiver waits for more
		}
		return nil
	})
	fmt.Println(err, offset)
	// Output:
	// '2014-02-26 21:38:27', '200', '0.791542', '592', 'DescribeVolumes'
	// context canceled 67
}
