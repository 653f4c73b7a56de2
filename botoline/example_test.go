package botoline_test

import (
	"fmt"
	"os"
	"time"

	"github.com/requesthook/requesthook/botoline"
)

func ExampleAppend() {
	end := time.Date(2014, 2, 26, 21, 38, 27, 0, time.UTC)
	c := botoline.Record{
		Start: end.Add(-791542 * time.Microsecond), End: end,
		Operation: "DescribeVolumes",
		Status:    200, Size: 592,
	}
	os.Stdout.Write(botoline.Append(nil, c, time.UTC))

	c.Start, c.Size = end.Add(-50*time.Microsecond), -1 // size unknown
	os.Stdout.Write(botoline.Append(nil, c, time.UTC))

	c.Status, c.Size = 0, 0 // no response
	os.Stdout.Write(botoline.Append(nil, c, time.UTC))
	// Output:
	// '2014-02-26 21:38:27', '200', '0.791542', '592', 'DescribeVolumes'
	// '2014-02-26 21:38:27', '200', '5e-05', 'None', 'DescribeVolumes'
	// '2014-02-26 21:38:27', '0', '5e-05', '0', 'DescribeVolumes'
}

// The operation is escaped so that no name can break a line or its fields.
func ExampleAppend_escaping() {
	end := time.Date(2014, 2, 26, 21, 38, 27, 0, time.UTC)
	c := botoline.Record{Start: end, End: end, Status: 400, Size: 0,
		Operation: "Evil'\n'2014-02-26 21:38:27', '200\\\xff\u2028"}
	os.Stdout.Write(botoline.Append(nil, c, time.UTC))
	// Output:
	// '2014-02-26 21:38:27', '400', '0.0', '0', 'Evil''\n''2014-02-26 21:38:27'', ''200\\\xff\u2028'
}

func ExampleParse() {
	line := []byte("'2014-02-26 21:38:27', '200', '0.791542', '592', 'DescribeVolumes'\n")
	c, err := botoline.Parse(line, time.UTC)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.Operation, c.Status, c.Size)
	fmt.Println(c.Start.Format(time.RFC3339Nano), "+", c.End.Sub(c.Start))

	// The Record renders back into the same line.
	fmt.Print(string(botoline.Append(nil, c, time.UTC)))

	// A malformed line says what is wrong, and where.
	_, err = botoline.Parse([]byte("'2014-02-26 21:38:27', '200', 'slow', '592', 'DescribeVolumes'\n"), time.UTC)
	fmt.Println(err)
	// Output:
	// DescribeVolumes 200 592
	// 2014-02-26T21:38:26.208458Z + 791.542ms
	// '2014-02-26 21:38:27', '200', '0.791542', '592', 'DescribeVolumes'
	// column 32: duration: want a number of seconds
}
