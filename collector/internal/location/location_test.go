package location

import (
	"strings"
	"testing"
	"time"
)

func TestLoad(t *testing.T) {
	if loc, err := Load(""); err != nil || loc != time.Local {
		t.Errorf(`Load("") = %v, %v; want time.Local`, loc, err)
	}
	if loc, err := Load("UTC"); err != nil || loc.String() != "UTC" {
		t.Errorf(`Load("UTC") = %v, %v`, loc, err)
	}
	_, err := Load("Mars/Olympus_Mons")
	if want := `"location": "Mars/Olympus_Mons" is not an IANA time zone`; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("error = %v, want one containing %q", err, want)
	}
}
