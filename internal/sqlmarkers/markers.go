// Package sqlmarkers finds the parameter markers of a Databricks SQL
// statement: ? (positional) and :name (named). The kernel counts them
// before it sends a statement and the warehouse binds them; both use this
// one lexer, so that they always agree on what is a marker.
//
// The rules, Databricks SQL's:
//
//   - Nothing inside a string literal ('…' and "…", with backslash escapes;
//     raw r'…' and r"…" without), a backtick identifier (`…`, no escapes),
//     a line comment (-- to the end of the line) or a block comment (/* */,
//     nested) is a marker.
//   - ? is a positional marker.
//   - A colon followed by an ASCII letter or underscore starts a named
//     marker, whose name runs over ASCII letters, digits and underscores
//     (unquoted identifiers are ASCII) — unless the colon directly follows
//     another colon (a :: cast) or ends an operand: a word, a closing ) or
//     ], or a quote. That colon is a JSON path (raw:owner, a[0]:b), not a
//     marker.
//
// The package is pure Go, allocates nothing per marker, and is used by
// pure-Go (kernel) and cgo (warehouse) code alike.
package sqlmarkers

import (
	"errors"
	"fmt"
	"strings"
)

// ErrUnterminated is matched (errors.Is) by the error of a statement whose
// string literal, backtick identifier or block comment does not end.
var ErrUnterminated = errors.New("unterminated")

// UnterminatedError describes an unterminated literal, identifier or
// comment. It matches ErrUnterminated.
type UnterminatedError struct {
	// What is "string literal", "raw string literal", "backtick
	// identifier" or "block comment".
	What string
	// Offset is the byte offset where it starts.
	Offset int
}

// Error describes the construct and where it starts.
func (e *UnterminatedError) Error() string {
	return fmt.Sprintf("unterminated %s starting at offset %d", e.What, e.Offset)
}

// Is reports whether target is ErrUnterminated.
func (e *UnterminatedError) Is(target error) bool { return target == ErrUnterminated }

// Marker is one parameter marker.
type Marker struct {
	// Pos and End are the byte offsets of the marker's text, sql[Pos:End]:
	// "?" or ":name".
	Pos, End int
}

// Named reports whether the marker is a :name marker.
func (m Marker) Named() bool { return m.End-m.Pos > 1 }

// Name is the name of a :name marker in sql (without the colon), "" for ?.
func (m Marker) Name(sql string) string {
	if !m.Named() {
		return ""
	}
	return sql[m.Pos+1 : m.End]
}

// Scanner walks a statement's markers in order.
type Scanner struct {
	sql string
	i   int
	err error
}

// NewScanner returns a scanner over sql.
func NewScanner(sql string) *Scanner { return &Scanner{sql: sql} }

// Next returns the next marker; false at the end of the statement or at
// the first error (see Err).
func (s *Scanner) Next() (Marker, bool) {
	sql := s.sql
	for s.err == nil && s.i < len(sql) {
		i := s.i
		c := sql[i]
		switch {
		case c == '-' && at(sql, i+1) == '-':
			if n := strings.IndexByte(sql[i:], '\n'); n >= 0 {
				s.i = i + n + 1
			} else {
				s.i = len(sql)
			}
		case c == '/' && at(sql, i+1) == '*':
			s.i, s.err = skipComment(sql, i)
		case (c == 'r' || c == 'R') && (at(sql, i+1) == '\'' || at(sql, i+1) == '"'):
			// Words are consumed whole, so this r starts one: a raw string.
			end := strings.IndexByte(sql[i+2:], sql[i+1])
			if end < 0 {
				s.err = &UnterminatedError{What: "raw string literal", Offset: i}
			} else {
				s.i = i + end + 3
			}
		case c == '\'' || c == '"' || c == '`':
			s.i, s.err = skipQuoted(sql, i)
		case isWordByte(c):
			for s.i < len(sql) && isWordByte(sql[s.i]) {
				s.i++
			}
		case c == '?':
			s.i = i + 1
			return Marker{Pos: i, End: i + 1}, true
		case c == ':' && isNameStart(at(sql, i+1)) && !afterOperand(sql, i):
			j := i + 2
			for j < len(sql) && isNameByte(sql[j]) {
				j++
			}
			s.i = j
			return Marker{Pos: i, End: j}, true
		default:
			s.i = i + 1
		}
	}
	return Marker{}, false
}

// Err is the error that stopped the scan: an *UnterminatedError, or nil.
func (s *Scanner) Err() error { return s.err }

// Count counts the markers of sql: positional is the number of ? markers,
// named the distinct :name markers in order of first use. firstPositional
// and firstNamed are the offsets of the first of each kind (-1 when none).
func Count(sql string) (positional int, named []string, firstPositional, firstNamed int, err error) {
	firstPositional, firstNamed = -1, -1
	seen := map[string]bool{}
	s := NewScanner(sql)
	for m, ok := s.Next(); ok; m, ok = s.Next() {
		if !m.Named() {
			positional++
			if firstPositional < 0 {
				firstPositional = m.Pos
			}
			continue
		}
		if firstNamed < 0 {
			firstNamed = m.Pos
		}
		if name := m.Name(sql); !seen[name] {
			seen[name] = true
			named = append(named, name)
		}
	}
	if err := s.Err(); err != nil {
		return 0, nil, -1, -1, err
	}
	return positional, named, firstPositional, firstNamed, nil
}

// at is sql[i], or 0 past the end.
func at(sql string, i int) byte {
	if i < len(sql) {
		return sql[i]
	}
	return 0
}

// isWordByte reports whether c continues a word: ASCII letters, digits,
// underscore, and every byte of a multi-byte UTF-8 sequence.
func isWordByte(c byte) bool { return isNameByte(c) || c >= 0x80 }

// isNameStart reports whether c can start a marker name.
func isNameStart(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// isNameByte reports whether c can continue a marker name.
func isNameByte(c byte) bool { return isNameStart(c) || c >= '0' && c <= '9' }

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
			n := strings.IndexAny(sql[j+1:], "/*")
			if n < 0 {
				j = len(sql)
			} else {
				j += 1 + n
			}
		}
	}
	return 0, &UnterminatedError{What: "block comment", Offset: i}
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
	return 0, &UnterminatedError{What: what, Offset: i}
}
