package sqlfront

import (
	"fmt"
	"strings"
)

// SparkError is a statement Spark's analyser rejects with a named error
// class, which the front end reports the same way before the engine sees
// the statement (a function of a type Databricks SQL does not have, …).
// It wraps ErrUnsupported.
type SparkError struct {
	// Class and SQLState are Spark's error class and SQLSTATE.
	Class, SQLState string
	// Msg is the message, without the class and the SQLSTATE.
	Msg string
	// Pos is the byte offset in the statement of the construct.
	Pos int
}

// Error formats the error as Spark does, with the offset.
func (e *SparkError) Error() string {
	return fmt.Sprintf("[%s] %s (offset %d)", e.Class, e.Msg, e.Pos)
}

// Unwrap makes every SparkError an ErrUnsupported.
func (e *SparkError) Unwrap() error { return ErrUnsupported }

// failure is a catalog entry's refusal: Spark fails every call of the
// function at analysis with this class.
type failure struct{ class, state, msg string }

// unsupportedTime is Spark 4's answer to anything of type TIME, which is off
// unless spark.sql.timeType.enabled is set (Databricks SQL has no TIME).
var unsupportedTime = &failure{"UNSUPPORTED_TIME_TYPE", "0A000", "The data type TIME is not supported."}

// timeFunctions are the functions that take or return a TIME.
var timeFunctions = strings.Fields(`make_time time_diff time_from_micros time_from_millis
	time_from_seconds time_to_micros time_to_millis time_to_seconds time_trunc to_time try_to_time`)

func init() {
	for _, name := range timeFunctions {
		catalog[name] = fn{fail: unsupportedTime}
	}
}

// timeValueFunctions take a TIME value although Spark 4 has no TIME type
// turned on: a TIME literal is accepted as their argument.
var timeValueFunctions = map[string]bool{"MAKE_TIMESTAMP": true, "MAKE_TIMESTAMP_LTZ": true,
	"MAKE_TIMESTAMP_NTZ": true, "TRY_MAKE_TIMESTAMP": true, "TRY_MAKE_TIMESTAMP_LTZ": true,
	"TRY_MAKE_TIMESTAMP_NTZ": true, "DATE_FORMAT": true}

// checkTimeLiterals refuses TIME '…' literals, as Spark does, except as an
// argument of timeValueFunctions.
func (r *rewriter) checkTimeLiterals() error {
	for k := 0; k+1 < len(r.sig); k++ {
		t := r.sigTok(k)
		if !t.isKeyword("TIME") || !r.sigTok(k+1).isStringLit() || r.sigTok(k-1).isPunct('.') {
			continue
		}
		if open := r.enclosingParen(k); open > 0 && isKeywordIn(timeValueFunctions, r.sigTok(open-1).text) {
			continue
		}
		return &SparkError{Class: unsupportedTime.class, SQLState: unsupportedTime.state,
			Msg: unsupportedTime.msg, Pos: t.pos}
	}
	return nil
}

// enclosingParen returns the significant index of the innermost '(' around
// significant token k, or -1.
func (r *rewriter) enclosingParen(k int) int {
	depth := 0
	for j := k - 1; j >= 0; j-- {
		switch t := r.sigTok(j); {
		case t.isPunct(')'):
			depth++
		case t.isPunct('('):
			if depth == 0 {
				return j
			}
			depth--
		}
	}
	return -1
}
