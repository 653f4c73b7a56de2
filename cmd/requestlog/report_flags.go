package main

import "flag"

// parseInterspersed parses args with fs, allowing flags after the operands
// ("report a.log b.log -o out.html"); "--" ends the flags. It returns the
// operands, and the exit status to stop with or -1 to go on.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, int) {
	var operands []string
	for {
		if code := parseFlags(fs, args); code >= 0 {
			return nil, code
		}
		rest := fs.Args()
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
			return append(operands, rest...), -1
		}
		if len(rest) == 0 {
			return operands, -1
		}
		operands = append(operands, rest[0])
		args = rest[1:]
	}
}
