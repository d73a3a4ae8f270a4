package statements

import (
	"errors"

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

// withSQLSection gives a PARSE_SYNTAX_ERROR that lacks it Spark's position
// and "== SQL ==" section over the statement text — clients show it, and
// some look for the statement in it — with the caret where the engine's
// error says (engine.Error's Near/NearEnd). Other errors are returned as
// they are.
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
	off := 0
	switch {
	case ee.NearEnd:
		off = sqlfront.NearOffset(text, "")
	case ee.Near != "":
		off = max(sqlfront.NearOffset(text, ee.Near), 0)
	}
	return &sqlerr.Error{Class: ee.Class, SQLState: ee.SQLState, Message: ee.Message,
		Context: sqlfront.SQLSection(text, off)}
}
