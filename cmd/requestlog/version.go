package main

import (
	"fmt"
	"io"
	"runtime/debug"
)

// version returns the module version the binary was built from, as
// runtime/debug.ReadBuildInfo reports it, or "devel" when it is unknown
// (built inside the module's own tree, or without module information).
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok || info.Main.Version == "" || info.Main.Version == "(devel)" {
		return "devel"
	}
	return info.Main.Version
}

// printVersion prints the "requestlog --version" line.
func printVersion(w io.Writer) {
	fmt.Fprintf(w, "requestlog %s\n", version())
}
