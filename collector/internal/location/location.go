package location

import (
	"fmt"
	"time"
)

// Load returns the zone named name ("UTC", "Europe/Paris"), or time.Local
// for "", as boto wrote its time column. Its error names the key.
func Load(name string) (*time.Location, error) {
	if name == "" {
		return time.Local, nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf(`"location": %q is not an IANA time zone: %w`, name, err)
	}
	return loc, nil
}
