//go:build duckdb_arrow

package duckengine

import (
	"context"
	"errors"
	"regexp"
	"strings"

	"github.com/sealane/sealane/warehouse/engine"
)

// rule maps a DuckDB error (by its type prefix and message) to a Databricks
// error class and SQLSTATE.
type rule struct {
	prefix  string
	pattern *regexp.Regexp // nil matches any message with the prefix
	class   string
	state   string
}

var rules = []rule{
	{"Parser Error", nil, "PARSE_SYNTAX_ERROR", "42601"},
	{"Catalog Error", regexp.MustCompile(`(?i)table with name .* does not exist`), "TABLE_OR_VIEW_NOT_FOUND", "42P01"},
	{"Catalog Error", regexp.MustCompile(`(?i)schema .* does not exist|no catalog \+ schema`), "SCHEMA_NOT_FOUND", "42704"},
	{"Catalog Error", regexp.MustCompile(`(?i)function with name .* does not exist`), "UNRESOLVED_ROUTINE", "42883"},
	{"Catalog Error", regexp.MustCompile(`(?i)^schema with name .* already exists`), "SCHEMA_ALREADY_EXISTS", "42P06"},
	{"Catalog Error", regexp.MustCompile(`(?i)already exists`), "TABLE_OR_VIEW_ALREADY_EXISTS", "42P07"},
	{"Catalog Error", regexp.MustCompile(`(?i)^view with name .* does not exist`), "TABLE_OR_VIEW_NOT_FOUND", "42P01"},
	{"Catalog Error", nil, "CATALOG_ERROR", "42000"},
	{"Binder Error", regexp.MustCompile(`(?i)referenced column .* not found|column .* does not exist|not found in FROM clause`), "UNRESOLVED_COLUMN", "42703"},
	{"Binder Error", regexp.MustCompile(`(?i)catalog .* does not exist`), "NO_SUCH_CATALOG_EXCEPTION", "42704"},
	{"Binder Error", regexp.MustCompile(`(?i)must appear in the GROUP BY clause`), "MISSING_GROUP_BY", "42803"},
	{"Binder Error", regexp.MustCompile(`(?i)ambiguous reference to column`), "AMBIGUOUS_REFERENCE", "42704"},
	{"Binder Error", regexp.MustCompile(`(?i)cannot (be )?(implicitly )?cast|no function matches|could not choose a best candidate|type mismatch`), "DATATYPE_MISMATCH", "42K09"},
	{"Binder Error", nil, "ANALYSIS_ERROR", "42000"},
	{"Conversion Error", regexp.MustCompile(`(?i)can't be cast because the value is out of range`), "CAST_OVERFLOW", "22003"},
	{"Conversion Error", regexp.MustCompile(`(?i)to type DECIMAL.* failed: value is out of range`), "NUMERIC_VALUE_OUT_OF_RANGE", "22003"},
	{"Conversion Error", regexp.MustCompile(`^Date out of range`), "DATETIME_FIELD_OUT_OF_BOUNDS", "22023"},
	{"Conversion Error", nil, "CAST_INVALID_INPUT", "22018"},
	{"Out of Range Error", regexp.MustCompile(`(?i)division by zero`), "DIVIDE_BY_ZERO", "22012"},
	// Spark names overflow of TINYINT and SMALLINT arithmetic apart.
	{"Out of Range Error", regexp.MustCompile(`(?i)overflow in \w+ of INT(8|16) `), "BINARY_ARITHMETIC_OVERFLOW", "22003"},
	{"Out of Range Error", nil, "ARITHMETIC_OVERFLOW", "22003"},
	{"Constraint Error", nil, "CONSTRAINT_VIOLATION", "23000"},
	// DROP SCHEMA of a schema that still holds tables, without CASCADE.
	{"Dependency Error", regexp.MustCompile(`(?i)cannot drop entry .* because there are entries that depend on it`), "SCHEMA_NOT_EMPTY", "2BP01"},
	{"Invalid Input Error", regexp.MustCompile(`(?i)division by zero`), "DIVIDE_BY_ZERO", "22012"},
	{"Invalid Input Error", regexp.MustCompile(`(?i)parameter|argument count|prepared statement`), "UNBOUND_SQL_PARAMETER", "42P02"},
	// RE2's words for a malformed regular expression.
	{"Invalid Input Error", regexp.MustCompile(`^(missing [)\]]|unexpected \)|invalid (escape|character class|repetition|named capture|perl operator|UTF-8)|bad repetition|trailing \\|missing argument to repetition)`),
		"INVALID_PARAMETER_VALUE", "22023"},
	{"Invalid Input Error", nil, "INVALID_INPUT", "22023"},
	{"Not implemented Error", nil, "UNSUPPORTED_FEATURE", "0A000"},
	{"Permission Error", nil, "INSUFFICIENT_PERMISSIONS", "42501"},
	{"Transaction Error", nil, "INVALID_TRANSACTION_STATE", "25000"},
	// COMMIT or ROLLBACK with no BEGIN: Databricks' NO_ACTIVE_TRANSACTION
	// (Databricks SQL language reference, COMMIT and ROLLBACK).
	{"TransactionContext Error", regexp.MustCompile(`(?i)no transaction is active`), "NO_ACTIVE_TRANSACTION", "25000"},
	{"TransactionContext Error", nil, "INVALID_TRANSACTION_STATE", "25000"},
	{"IO Error", nil, "IO_ERROR", "58030"},
	{"Out of Memory Error", nil, "OUT_OF_MEMORY", "53200"},
}

// raised matches an error the translated SQL raised itself with Spark's
// class and SQLSTATE (sqlfront's macros call error('[CLASS] … SQLSTATE: X');
// the Go scalar functions of udf.go fail with that text, which duckdb-go
// prefixes with its API error).
var raised = regexp.MustCompile(`^Invalid Input Error: (?:database/sql/driver: API error: )?\[([A-Z][A-Z0-9_]*)\] (.*) SQLSTATE: ([0-9A-Z]{5})$`)

// goUDFPrefix starts the message of an error a Go scalar function returned.
const goUDFPrefix = "database/sql/driver: API error: "

// routineName finds the function DuckDB could not resolve.
var routineName = regexp.MustCompile(`(?i)function with name "?([^"\s]+)"? does not exist`)

// unresolvedRoutine words DuckDB's unknown-function error as Databricks
// does, without DuckDB's "Did you mean" (which names DuckDB's functions,
// not Databricks').
func unresolvedRoutine(msg string) string {
	if m := routineName.FindStringSubmatch(msg); m != nil {
		return "Cannot resolve routine `" + m[1] + "` on search path [`system`.`builtin`, `system`.`session`]."
	}
	msg, _, _ = strings.Cut(msg, "\nDid you mean")
	return msg
}

// relationName finds the table or view DuckDB could not resolve.
var relationName = regexp.MustCompile(`(?i)^(?:table|view) with name "?([^"\s!]+)"? does not exist`)

// tableNotFound words DuckDB's missing-table error as Databricks does
// (TABLE_OR_VIEW_NOT_FOUND in Databricks' error reference), without DuckDB's
// "Did you mean" (which suggests DuckDB's own tables, such as
// sqlite_temp_master).
func tableNotFound(msg string) string {
	m := relationName.FindStringSubmatch(msg)
	if m == nil {
		msg, _, _ = strings.Cut(msg, "\nDid you mean")
		return msg
	}
	parts := strings.Split(m[1], ".")
	for i, p := range parts {
		parts[i] = "`" + p + "`"
	}
	return "The table or view " + strings.Join(parts, ".") + " cannot be found. Verify the spelling and correctness of the schema and catalog.\n" +
		"If you did not qualify the name with a schema, verify the current_schema() output, or qualify the name with the correct schema and catalog.\n" +
		"To tolerate the error on drop use DROP VIEW IF EXISTS or DROP TABLE IF EXISTS."
}

// classify turns a DuckDB error into an *engine.Error (or an error wrapping
// engine.ErrCanceled when the statement was interrupted).
func classify(ctx context.Context, err error) error {
	msg := err.Error()
	if ctx.Err() != nil || strings.Contains(msg, "INTERRUPT Error") || errors.Is(err, context.Canceled) {
		return &engine.Error{SQLState: "57014", Class: "OPERATION_CANCELED", Message: "The statement was canceled.", Err: errors.Join(engine.ErrCanceled, err)}
	}
	if ee, ok := err.(*engine.Error); ok { //nolint:errorlint // only an error classified already, not one it wraps
		return ee
	}
	// DuckDB messages continue with "LINE 1: …" and a caret line: keep the first paragraph.
	body := msg
	if i := strings.Index(body, "\n\nLINE"); i >= 0 {
		body = body[:i]
	}
	body = strings.TrimSpace(body)
	// An error of a Go function (package sqlfuncs) comes in duckdb-go's words.
	body = strings.Replace(body, "Invalid Input Error: "+goUDFPrefix, "Invalid Input Error: ", 1)
	if strings.Contains(msg, "incorrect argument count") || strings.Contains(msg, "missing argument") {
		return &engine.Error{SQLState: "42P02", Class: "UNBOUND_SQL_PARAMETER", Message: body, Err: err}
	}
	if m := raised.FindStringSubmatch(body); m != nil {
		return &engine.Error{SQLState: m[3], Class: m[1], Message: m[2], Err: err}
	}
	for _, r := range rules {
		rest, ok := strings.CutPrefix(body, r.prefix+": ")
		if !ok {
			continue
		}
		if r.pattern != nil && !r.pattern.MatchString(rest) {
			continue
		}
		switch {
		case r.class == "UNRESOLVED_ROUTINE":
			rest = unresolvedRoutine(rest)
		case r.class == "TABLE_OR_VIEW_NOT_FOUND":
			rest = tableNotFound(rest)
		case r.prefix == "Catalog Error":
			rest, _, _ = strings.Cut(rest, "\nDid you mean")
		case r.class == "PARSE_SYNTAX_ERROR":
			return syntaxError(rest, r.state, err)
		}
		return &engine.Error{SQLState: r.state, Class: r.class, Message: rest, Err: err}
	}
	return &engine.Error{SQLState: "XX000", Class: "INTERNAL_ERROR", Message: body, Err: err}
}

// syntaxNear reads DuckDB's syntax error: the token it names, or the end
// of input ("syntax error at or near "X"", "syntax error at end of input").
var syntaxNear = regexp.MustCompile(`^syntax error at (?:or near "((?:[^"]|"")*)"|(end of input))`)

// syntaxError is a DuckDB parser error in Spark's words ("Syntax error at
// or near 'X'.") with the place it names in Near/NearEnd; other parser
// errors keep DuckDB's message.
func syntaxError(msg, state string, err error) *engine.Error {
	e := &engine.Error{SQLState: state, Class: "PARSE_SYNTAX_ERROR", Message: msg, Err: err}
	if m := syntaxNear.FindStringSubmatch(msg); m != nil {
		if m[2] != "" {
			e.Message, e.NearEnd = "Syntax error at or near end of input.", true
		} else {
			e.Near = strings.ReplaceAll(m[1], `""`, `"`)
			e.Message = "Syntax error at or near '" + e.Near + "'."
		}
	}
	return e
}
