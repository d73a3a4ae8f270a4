package sqlfront

import "strings"

// javaPattern translates a Spark datetime pattern (Java's
// DateTimeFormatter letters: yyyy-MM-dd HH:mm:ss.SSS, 'quoted' text) into
// a DuckDB strftime/strptime format. parse selects the forms strptime
// reads (it has no unpadded %-d); letters with no DuckDB counterpart are
// kept as literal text.
func javaPattern(p string, parse bool) string {
	var b strings.Builder
	for i := 0; i < len(p); {
		c := p[i]
		if c == '\'' {
			if i+1 < len(p) && p[i+1] == '\'' {
				b.WriteByte('\'')
				i += 2
				continue
			}
			end := strings.IndexByte(p[i+1:], '\'')
			if end < 0 {
				end = len(p) - i - 1
			}
			b.WriteString(strings.ReplaceAll(p[i+1:i+1+end], "%", "%%"))
			i += end + 2
			continue
		}
		if !isLetter(c) {
			if c == '%' {
				b.WriteString("%%")
			} else {
				b.WriteByte(c)
			}
			i++
			continue
		}
		n := 1
		for i+n < len(p) && p[i+n] == c {
			n++
		}
		b.WriteString(patternLetter(c, n, parse))
		i += n
	}
	return b.String()
}

// patternLetter is the strftime form of a run of n pattern letters c.
func patternLetter(c byte, n int, parse bool) string {
	pad := func(padded, bare string) string {
		if n >= 2 || parse {
			return padded
		}
		return bare
	}
	switch c {
	case 'y', 'u':
		if n == 2 {
			return "%y"
		}
		return "%Y"
	case 'M', 'L':
		switch {
		case n >= 4:
			return "%B"
		case n == 3:
			return "%b"
		}
		return pad("%m", "%-m")
	case 'd':
		return pad("%d", "%-d")
	case 'D':
		return "%j"
	case 'H', 'k':
		return pad("%H", "%-H")
	case 'h', 'K':
		return pad("%I", "%-I")
	case 'm':
		return pad("%M", "%-M")
	case 's':
		return pad("%S", "%-S")
	case 'S':
		switch {
		case n <= 3:
			return "%g"
		case n <= 6:
			return "%f"
		}
		return "%n"
	case 'a':
		return "%p"
	case 'E':
		if n >= 4 {
			return "%A"
		}
		return "%a"
	case 'Z', 'x', 'X':
		return "%z"
	case 'z', 'V':
		return "%Z"
	}
	return strings.Repeat(string(c), n)
}
