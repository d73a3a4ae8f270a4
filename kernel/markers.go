package kernel

import (
	"fmt"
	"strings"
)

// CountMarkers counts the parameter markers of a statement: positional is
// the number of ? markers, named the distinct :name markers in order of
// first use. Markers inside string literals ('…' and "…" with backslash
// escapes, raw r'…' and r"…"), backtick identifiers and comments (-- to the
// end of the line, nested /* */) do not count, nor do :: casts or a colon
// right after a name, bracket or quote (JSON paths such as raw:owner). An
// unterminated literal or comment, and a statement with both kinds of
// marker, are errors wrapping ErrInvalidArgument.
func CountMarkers(sql string) (positional int, named []string, err error) {
	firstPos, firstNamed := -1, -1
	seen := map[string]bool{}
	for i := 0; i < len(sql); {
		c := sql[i]
		switch {
		case c == '-' && at(sql, i+1) == '-':
			if n := strings.IndexByte(sql[i:], '\n'); n >= 0 {
				i += n + 1
			} else {
				i = len(sql)
			}
		case c == '/' && at(sql, i+1) == '*':
			if i, err = skipComment(sql, i); err != nil {
				return 0, nil, err
			}
		case (c == 'r' || c == 'R') && (at(sql, i+1) == '\'' || at(sql, i+1) == '"'):
			end := strings.IndexByte(sql[i+2:], sql[i+1])
			if end < 0 {
				return 0, nil, unterminated("raw string literal", i)
			}
			i += end + 3
		case c == '\'' || c == '"' || c == '`':
			if i, err = skipQuoted(sql, i); err != nil {
				return 0, nil, err
			}
		case isWordByte(c):
			for i < len(sql) && isWordByte(sql[i]) {
				i++
			}
		case c == '?':
			positional++
			if firstPos < 0 {
				firstPos = i
			}
			i++
		case c == ':' && isNameStart(at(sql, i+1)) && !afterOperand(sql, i):
			j := i + 1
			for j < len(sql) && isWordByte(sql[j]) {
				j++
			}
			if name := sql[i+1 : j]; !seen[name] {
				seen[name] = true
				named = append(named, name)
			}
			if firstNamed < 0 {
				firstNamed = i
			}
			i = j
		default:
			i++
		}
	}
	if positional > 0 && len(named) > 0 {
		return 0, nil, fmt.Errorf("%w: the statement mixes positional (?, offset %d) and named (:%s, offset %d) parameter markers",
			ErrInvalidArgument, firstPos, named[0], firstNamed)
	}
	return positional, named, nil
}

// at is sql[i], or 0 past the end.
func at(sql string, i int) byte {
	if i < len(sql) {
		return sql[i]
	}
	return 0
}

func isWordByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

func isNameStart(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// afterOperand reports whether the colon at i follows a colon (a :: cast)
// or directly ends an operand (a JSON path such as raw:owner or a[0]:b).
func afterOperand(sql string, i int) bool {
	if i == 0 {
		return false
	}
	p := sql[i-1]
	return p == ':' || isWordByte(p) || p == ')' || p == ']' || p == '`' || p == '\'' || p == '"'
}

// skipComment returns the offset past the (possibly nested) block comment at i.
func skipComment(sql string, i int) (int, error) {
	depth := 0
	for j := i; j < len(sql); {
		switch {
		case sql[j] == '/' && at(sql, j+1) == '*':
			depth++
			j += 2
		case sql[j] == '*' && at(sql, j+1) == '/':
			depth--
			j += 2
			if depth == 0 {
				return j, nil
			}
		default:
			j++
		}
	}
	return 0, unterminated("block comment", i)
}

// skipQuoted returns the offset past the literal or identifier quoted by
// sql[i]. In strings a backslash escapes the next byte; backtick
// identifiers have no escapes (a doubled backtick reads as two quotes).
func skipQuoted(sql string, i int) (int, error) {
	q := sql[i]
	for j := i + 1; j < len(sql); j++ {
		switch sql[j] {
		case '\\':
			if q != '`' {
				j++
			}
		case q:
			return j + 1, nil
		}
	}
	what := "string literal"
	if q == '`' {
		what = "backtick identifier"
	}
	return 0, unterminated(what, i)
}

func unterminated(what string, i int) error {
	return fmt.Errorf("%w: unterminated %s starting at offset %d", ErrInvalidArgument, what, i)
}
