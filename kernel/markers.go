package kernel

import (
	"fmt"

	"github.com/sealane/sealane/internal/sqlmarkers"
)

// CountMarkers counts the parameter markers of a statement: positional is
// the number of ? markers, named the distinct :name markers in order of
// first use. Markers inside string literals ('…' and "…" with backslash
// escapes, raw r'…' and r"…"), backtick identifiers and comments (-- to the
// end of the line, nested /* */) do not count, nor do :: casts or a colon
// right after a name, bracket or quote (JSON paths such as raw:owner). A
// name is ASCII letters, digits and underscores. An unterminated literal or
// comment, and a statement with both kinds of marker, are errors wrapping
// ErrInvalidArgument. The warehouse finds markers with the same lexer
// (internal/sqlmarkers), so the two always agree.
func CountMarkers(sql string) (positional int, named []string, err error) {
	positional, named, firstPos, firstNamed, err := sqlmarkers.Count(sql)
	if err != nil {
		return 0, nil, fmt.Errorf("%w: %w", ErrInvalidArgument, err)
	}
	if positional > 0 && len(named) > 0 {
		return 0, nil, fmt.Errorf("%w: the statement mixes positional (?, offset %d) and named (:%s, offset %d) parameter markers",
			ErrInvalidArgument, firstPos, named[0], firstNamed)
	}
	return positional, named, nil
}
