package main

import (
	"flag"
	"fmt"
)

// outputFormat is the -format flag of stats and tail -stats: table (the
// default), csv or json.
type outputFormat string

const (
	formatTable outputFormat = "table"
	formatCSV   outputFormat = "csv"
	formatJSON  outputFormat = "json"
)

func (f *outputFormat) String() string {
	if f == nil || *f == "" {
		return string(formatTable)
	}
	return string(*f)
}

func (f *outputFormat) Set(s string) error {
	switch v := outputFormat(s); v {
	case formatTable, formatCSV, formatJSON:
		*f = v
		return nil
	}
	return fmt.Errorf("want table, csv or json, not %q", s)
}

// addFormatFlags defines -format and its synonym -json on fs.
func addFormatFlags(fs *flag.FlagSet, f *outputFormat) {
	*f = formatTable
	fs.Var(f, "format", "print a `table`, csv (a header line, then RFC 4180 records) or json")
	fs.BoolFunc("json", "the same as -format json", func(string) error {
		*f = formatJSON
		return nil
	})
}
