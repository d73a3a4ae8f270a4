package sqlfront

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// PositionError is an error at a known byte offset of the statement text:
// an unterminated string, identifier or comment. It wraps ErrSyntax.
type PositionError struct {
	// Pos is the byte offset in the statement text where the problem starts.
	Pos int
	// Msg says what is wrong, without the offset.
	Msg string
}

// Error renders the error with its offset.
func (e *PositionError) Error() string {
	return fmt.Sprintf("%s: %s starting at offset %d", ErrSyntax, e.Msg, e.Pos)
}

// Unwrap returns ErrSyntax.
func (e *PositionError) Unwrap() error { return ErrSyntax }

// NearOffset is the byte offset in sql of the first significant token
// whose text is near (case-insensitively; a quoted identifier also by its
// name), as an engine's "syntax error at or near
// near" names it; with near "" it is the end of the text, trailing blanks
// left out ("at end of input"). It is -1 when no token matches or the text
// cannot be tokenized.
func NearOffset(sql, near string) int {
	if near == "" {
		return len(strings.TrimRight(sql, " \t\r\n;"))
	}
	toks, err := tokenize(sql)
	if err != nil {
		return -1
	}
	for i := 0; i < toks.len(); i++ {
		t := toks.at(i)
		if !t.kind.significant() {
			continue
		}
		quoted := t.kind == tokBacktickIdent || t.kind == tokQuotedIdent
		if strings.EqualFold(t.text, near) || quoted && strings.EqualFold(t.value(), near) {
			return t.pos
		}
	}
	return -1
}

// SQLSection renders the position and the "== SQL ==" section Spark's
// ParseException adds to a syntax error at byte offset off of sql:
//
//	(line 1, pos 0)
//
//	== SQL ==
//	SELEC 1
//	^^^
//
// The line is 1-based and pos counts characters from the line's start; the
// caret line sits under the error's line, the lines after it follow. An
// offset out of range counts as the text's end.
func SQLSection(sql string, off int) string {
	if off < 0 || off > len(sql) {
		off = len(sql)
	}
	line := 1 + strings.Count(sql[:off], "\n")
	lineStart := strings.LastIndexByte(sql[:off], '\n') + 1
	pos := utf8.RuneCountInString(sql[lineStart:off])
	lines := strings.Split(sql, "\n")
	var b strings.Builder
	fmt.Fprintf(&b, "(line %d, pos %d)\n\n== SQL ==\n", line, pos)
	for i, l := range lines {
		b.WriteString(l)
		b.WriteByte('\n')
		if i == line-1 {
			b.WriteString(strings.Repeat("-", pos))
			b.WriteString("^^^\n")
		}
	}
	return b.String()
}
