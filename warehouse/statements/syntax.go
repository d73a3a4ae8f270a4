package statements

import (
	"errors"
	"regexp"
	"strings"

	"github.com/sealane/sealane/warehouse/engine"
	"github.com/sealane/sealane/warehouse/sqlerr"
	"github.com/sealane/sealane/warehouse/sqlfront"
)

// parseSyntaxError is the class of a statement that does not parse.
const parseSyntaxError = "PARSE_SYNTAX_ERROR"

// syntaxErr reports text the front end could not read as Spark does: its
// message, then the position and the "== SQL ==" section under which a
// caret marks where the problem starts (at the start of the text when the
// front end does not tell).
func syntaxErr(text string, err error) error {
	off := 0
	if pe := (*sqlfront.PositionError)(nil); errors.As(err, &pe) {
		off = pe.Pos
	}
	return &sqlerr.Error{Class: parseSyntaxError, SQLState: "42601", Message: err.Error(),
		Context: sqlfront.SQLSection(text, off)}
}

// engineNear reads the engine's syntax error: the token it names, or end
// of input. The engine (DuckDB) words it "syntax error at or near "X"" or
// "syntax error at end of input".
var engineNear = regexp.MustCompile(`^syntax error at (?:or near "((?:[^"]|"")*)"|(end of input))`)

// withSQLSection gives a PARSE_SYNTAX_ERROR that lacks it Spark's position
// and "== SQL ==" section over the statement text — clients show it, and
// some look for the statement in it — and the engine's "syntax error at
// or near "X"" Spark's words, "Syntax error at or near 'X'.". Other errors
// are returned as they are.
func withSQLSection(err error, text string) error {
	var ue *sqlerr.Error
	if errors.As(err, &ue) {
		if ue.Class != parseSyntaxError || ue.Context != "" {
			return err
		}
		return &sqlerr.Error{Class: ue.Class, SQLState: ue.SQLState, Message: ue.Message,
			Context: sqlfront.SQLSection(text, 0)}
	}
	var ee *engine.Error
	if !errors.As(err, &ee) || ee.Class != parseSyntaxError {
		return err
	}
	msg, off := ee.Message, 0
	if m := engineNear.FindStringSubmatch(ee.Message); m != nil {
		near := strings.ReplaceAll(m[1], `""`, `"`)
		if m[2] != "" {
			msg, off = "Syntax error at or near end of input.", sqlfront.NearOffset(text, "")
		} else {
			msg, off = "Syntax error at or near '"+near+"'.", max(sqlfront.NearOffset(text, near), 0)
		}
	}
	return &sqlerr.Error{Class: ee.Class, SQLState: ee.SQLState, Message: msg,
		Context: sqlfront.SQLSection(text, off)}
}
