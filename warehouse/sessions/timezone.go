package sessions

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// zone is a session time zone as the two sides need it: Arrow is the zone
// named in the Arrow type of TIMESTAMP columns (an IANA name or a fixed
// offset "+HH:MM", both valid Arrow time zones), Engine the name DuckDB's
// TimeZone setting takes.
type zone struct {
	Arrow, Engine string
}

// offsetZone matches Databricks' zone-offset forms: (+|-)HH, (+|-)HH:mm,
// (+|-)HH:mm:ss, optionally after UTC, GMT or UT.
var offsetZone = regexp.MustCompile(`^(?i:UTC|GMT|UT)?([+-])(\d{1,2})(?::?(\d{2}))?(?::?(\d{2}))?$`)

// parseZone maps a TIMEZONE value to its zone. "" and UTC are Etc/UTC;
// region names (Europe/Amsterdam) pass through for DuckDB to check; fixed
// offsets must be whole hours (at most 18), because DuckDB only knows them as
// the IANA zones Etc/GMT∓h.
func parseZone(v string) (zone, error) {
	v = strings.TrimSpace(v)
	switch strings.ToUpper(v) {
	case "", "UTC", "Z", "ETC/UTC":
		return zone{Arrow: "Etc/UTC", Engine: "UTC"}, nil
	}
	m := offsetZone.FindStringSubmatch(v)
	if m == nil {
		return zone{Arrow: v, Engine: v}, nil
	}
	h, _ := strconv.Atoi(m[2])
	mins, _ := strconv.Atoi(m[3])
	secs, _ := strconv.Atoi(m[4])
	if h > 18 || mins > 59 || secs > 59 || h == 18 && mins+secs > 0 {
		return zone{}, fmt.Errorf("zone offset %q is out of range [-18:00, +18:00]", v)
	}
	if mins != 0 || secs != 0 {
		return zone{}, fmt.Errorf("zone offset %q: the local warehouse supports only whole-hour offsets", v)
	}
	if h == 0 {
		return zone{Arrow: "Etc/UTC", Engine: "UTC"}, nil
	}
	// POSIX-style Etc zones have the inverted sign: UTC+1 is Etc/GMT-1.
	inverted := map[string]string{"+": "-", "-": "+"}[m[1]]
	if h > 14 || (m[1] == "-" && h > 12) {
		return zone{}, fmt.Errorf("zone offset %q: the local warehouse supports offsets from -12 to +14 hours", v)
	}
	return zone{Arrow: fmt.Sprintf("%s%02d:00", m[1], h), Engine: fmt.Sprintf("Etc/GMT%s%d", inverted, h)}, nil
}

// intervalZone matches the forms of SET TIME ZONE INTERVAL: a quoted
// '[+|-]HH:mm[:ss]' with HOUR TO MINUTE/SECOND, or a sum of numbers with
// HOUR(S), MINUTE(S) and SECOND(S) units.
var (
	intervalClock = regexp.MustCompile(`^(?i)INTERVAL\s+'([+-]?)(\d{1,2}):(\d{2})(?::(\d{2}))?'\s+HOUR\s+TO\s+(?:MINUTE|SECOND)$`)
	intervalUnits = regexp.MustCompile(`(?i)^\s*'?([+-]?\d+)'?\s+(HOURS?|MINUTES?|SECONDS?)\b`)
)

// intervalOffset turns the text after SET TIME ZONE, when it is an
// INTERVAL, into the zone-offset string Databricks records (+01:00, or Z
// for zero); ok is false for other text.
func intervalOffset(v string) (offset string, ok bool, err error) {
	v = strings.TrimSpace(v)
	if len(v) < 8 || !strings.EqualFold(v[:8], "INTERVAL") {
		return "", false, nil
	}
	var total int
	if m := intervalClock.FindStringSubmatch(v); m != nil {
		h, _ := strconv.Atoi(m[2])
		mins, _ := strconv.Atoi(m[3])
		secs, _ := strconv.Atoi(m[4])
		total = h*3600 + mins*60 + secs
		if m[1] == "-" {
			total = -total
		}
	} else {
		rest := v[8:]
		for strings.TrimSpace(rest) != "" {
			m := intervalUnits.FindStringSubmatch(rest)
			if m == nil {
				return "", true, fmt.Errorf("unsupported interval %q: use INTERVAL n HOURS [m MINUTES] or INTERVAL '+HH:mm' HOUR TO MINUTE", v)
			}
			n, _ := strconv.Atoi(m[1])
			switch strings.ToUpper(m[2])[0] {
			case 'H':
				total += n * 3600
			case 'M':
				total += n * 60
			default:
				total += n
			}
			rest = rest[len(m[0]):]
		}
	}
	if total == 0 {
		return "Z", true, nil
	}
	sign := "+"
	if total < 0 {
		sign, total = "-", -total
	}
	offset = fmt.Sprintf("%s%02d:%02d", sign, total/3600, total%3600/60)
	if s := total % 60; s != 0 {
		offset += fmt.Sprintf(":%02d", s)
	}
	return offset, true, nil
}

// localZone is the zone SET TIME ZONE LOCAL selects: the server's own, from
// TZ or /etc/localtime, else UTC.
func localZone() string {
	if tz := strings.TrimPrefix(os.Getenv("TZ"), ":"); tz != "" && !strings.HasPrefix(tz, "/") {
		return tz
	}
	if target, err := filepath.EvalSymlinks("/etc/localtime"); err == nil {
		if _, name, ok := strings.Cut(target, "zoneinfo/"); ok && name != "" {
			return name
		}
	}
	return "UTC"
}
