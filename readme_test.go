package requesthook_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestReadme keeps README.md's commands and links true: the two commands a
// newcomer runs, the end-to-end test command naming a test that exists behind
// its build tag, and every relative link pointing at a file of the repository.
func TestReadme(t *testing.T) {
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	for _, cmd := range []string{"go run ./examples/ec2\n", "go test ./...\n"} {
		if !strings.Contains(readme, "\n"+cmd) {
			t.Errorf("README.md lacks the command %q on a line of its own", strings.TrimSpace(cmd))
		}
	}

	e2e := regexp.MustCompile(`\ngo test -tags (\w+) -run (\w+) .*(\./examples/\w+)\n`).FindStringSubmatch(readme)
	if e2e == nil {
		t.Fatal("README.md lacks the end-to-end test command (go test -tags e2e -run ... ./examples/...)")
	}
	tag, name, pkg := e2e[1], e2e[2], e2e[3]
	files, err := filepath.Glob(filepath.Join(pkg, "*_test.go"))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(src), "\nfunc "+name+"(t *testing.T)") {
			found = true
			if !strings.HasPrefix(string(src), "//go:build "+tag+"\n") {
				t.Errorf("%s: %s is not behind the build tag %q the README gives", f, name, tag)
			}
		}
	}
	if !found {
		t.Errorf("README.md runs %s in %s, which has no such test", name, pkg)
	}

	for _, m := range regexp.MustCompile(`\]\(([^)#:]+)\)`).FindAllStringSubmatch(readme, -1) {
		if _, err := os.Stat(filepath.FromSlash(m[1])); err != nil {
			t.Errorf("README.md links to %s: %v", m[1], err)
		}
	}
}

// TestReadmeLegacySnippet keeps the README's OTLP-plus-legacy-log code the
// code that exporter's TestReadmeCode compiles and runs: the lines between
// "// BEGIN README" and "// END README" in exporter/example_test.go.
func TestReadmeLegacySnippet(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(filepath.Join("exporter", "example_test.go"))
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(src), "// BEGIN README\n")
	code, _, ok2 := strings.Cut(rest, "\t// END README\n")
	if !ok || !ok2 {
		t.Fatal("exporter/example_test.go lacks the BEGIN README / END README markers")
	}
	var b strings.Builder
	for _, line := range strings.SplitAfter(code, "\n") {
		b.WriteString(strings.TrimPrefix(line, "\t"))
	}
	if want := "```go\n" + b.String() + "```\n"; !strings.Contains(string(readme), want) {
		t.Errorf("README.md does not show the code of exporter/example_test.go; want the block\n%s", want)
	}
}
