package typemap

import (
	"strconv"
	"sync"
	"time"
	_ "time/tzdata" // zone rules even where the system has no zoneinfo
)

var locations sync.Map // Arrow time zone string → *time.Location

// Location returns the location an Arrow time zone names: an IANA name
// (Europe/Amsterdam), UTC, or a fixed offset (+01:00, -05:30). Names Go
// cannot resolve fall back to UTC.
func Location(tz string) *time.Location {
	if loc, ok := locations.Load(tz); ok {
		return loc.(*time.Location)
	}
	loc := resolveLocation(tz)
	locations.Store(tz, loc)
	return loc
}

func resolveLocation(tz string) *time.Location {
	switch tz {
	case "", "UTC", "Etc/UTC", "Z":
		return time.UTC
	}
	if len(tz) == 6 && (tz[0] == '+' || tz[0] == '-') && tz[3] == ':' {
		h, err1 := strconv.Atoi(tz[1:3])
		m, err2 := strconv.Atoi(tz[4:6])
		if err1 == nil && err2 == nil {
			off := h*3600 + m*60
			if tz[0] == '-' {
				off = -off
			}
			return time.FixedZone(tz, off)
		}
	}
	if loc, err := time.LoadLocation(tz); err == nil {
		return loc
	}
	return time.UTC
}
