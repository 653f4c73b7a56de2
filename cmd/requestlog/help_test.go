package main

import (
	"flag"
	"regexp"
	"strings"
	"testing"
)

// TestHelp checks the help of each subcommand: it names the command, lists
// every flag once, and no flag's line repeats a word ("the last lines
// lines") or prints a default that is not one ("(default -1)").
func TestHelp(t *testing.T) {
	repeated := regexp.MustCompile(`\b(\w+) (\w+) (\w+) \b`)
	for _, c := range commands {
		t.Run(c.name, func(t *testing.T) {
			code, out, errOut := runCmd(t, t.Context(), "", c.name, "-h")
			if code != 0 || out != "" {
				t.Fatalf("exit %d, stdout %q", code, out)
			}
			_, help, _ := runCmd(t, t.Context(), "", "help", c.name)
			if help != errOut {
				t.Errorf("help %s differs from %s -h", c.name, c.name)
			}
			if !strings.HasPrefix(help, "usage: requestlog "+c.name+" [") {
				t.Errorf("help starts %q", help[:min(len(help), 40)])
			}
			fs := c.flags(&env{})
			var names []string
			fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
			for _, n := range names {
				if strings.Count(help, "\n  -"+n+" ")+strings.Count(help, "\n  -"+n+"\n")+strings.Count(help, "\n  -"+n+"\t") != 1 {
					t.Errorf("flag -%s is not listed once", n)
				}
				synopsis, _, _ := strings.Cut(help, "\n\n")
				if !strings.Contains(synopsis, "-"+n) {
					t.Errorf("the synopsis %q lacks -%s", synopsis, n)
				}
			}
			for _, line := range strings.Split(help, "\n") {
				if strings.Contains(line, "(default -1)") || strings.Contains(line, `(default "")`) {
					t.Errorf("a default that is not one: %q", line)
				}
				for _, m := range repeated.FindAllStringSubmatch(line+" ", -1) {
					if m[1] == m[2] || m[2] == m[3] {
						t.Errorf("a word repeated: %q", line)
					}
				}
				if strings.Contains(line, "`") {
					t.Errorf("a backquote: %q", line)
				}
			}
		})
	}
}
