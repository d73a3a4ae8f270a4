package sessions

import (
	"context"
	"errors"
	"strings"

	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/sealane/sealane/warehouse/engine"
	"github.com/sealane/sealane/warehouse/rowtable"
)

// Interactive transactions as a Databricks SQL warehouse runs them (SQL
// language reference: BEGIN TRANSACTION, COMMIT, ROLLBACK, SET AUTOCOMMIT;
// error conditions TRANSACTION_NOT_SUPPORTED and NO_ACTIVE_TRANSACTION;
// the official clients' e2e suites, databricks-sql-python
// tests/e2e/test_transactions.py and databricks-jdbc's
// ExplicitTransactionStatementTests):
//
//   - BEGIN [TRANSACTION] opens a transaction; inside one, or with
//     autocommit off, it fails with TRANSACTION_NOT_SUPPORTED.NESTED_TRANSACTION.
//   - SET AUTOCOMMIT = FALSE makes every later statement run in a
//     transaction: the first one opens it, COMMIT or ROLLBACK ends it, and
//     the next statement opens a new one. SET AUTOCOMMIT = TRUE restores
//     the default. Either fails while a transaction is open. SET AUTOCOMMIT
//     with no value answers the current setting ("true"/"false") in its
//     first column, where both clients read it.
//   - COMMIT with no open transaction fails with NO_ACTIVE_TRANSACTION
//     (25000); ROLLBACK with none is a no-op.
//   - Inside a transaction only SELECT / INSERT / MERGE / UPDATE / DELETE /
//     DESCRIBE TABLE / DESCRIBE QUERY / SHOW COLUMNS IN t run (and session
//     statements: SET, USE); anything else — DDL, SHOW TABLES/SCHEMAS/
//     CATALOGS/FUNCTIONS, the metadata form SHOW COLUMNS IN CATALOG …,
//     DESCRIBE … EXTENDED — fails with TRANSACTION_NOT_SUPPORTED.COMMAND,
//     reading information_schema with
//     TRANSACTION_NOT_SUPPORTED.INFORMATION_SCHEMA_TABLE. (The connector's
//     e2e suite expects "multi-statement transaction" in the refusal of a
//     metadata call, which over SEA is one of these statements.)
//   - A statement that fails inside a transaction aborts it: every later
//     statement but ROLLBACK (and COMMIT, which also fails) is refused until
//     the transaction is rolled back. The class of that refusal is not in
//     the public references; the warehouse answers TRANSACTION_ABORTED with
//     SQLSTATE 25000 (invalid transaction state).
//   - Closing the session rolls an open transaction back (the engine
//     connection's close discards it).

// txnState is a session's transaction state. It is read and written only
// by the statement holding the session's primary connection; sessions with
// autocommit off or a transaction open run every statement there (pinned).
type txnState struct {
	manual  bool // autocommit is off
	open    bool // a transaction is open on the session's connection
	aborted bool // a statement failed inside the open transaction
}

// txnVerb is a transaction-control statement.
type txnVerb int

const (
	txnNone txnVerb = iota
	txnBegin
	txnCommit
	txnRollback
	txnSetAutocommit
	txnShowAutocommit
	txnMalformed // BEGIN/START TRANSACTION/COMMIT/ROLLBACK followed by more words
)

// txnVerbOf recognizes the transaction-control statements by their words:
// BEGIN / START TRANSACTION [WORK], COMMIT / ROLLBACK / ABORT [TRANSACTION
// | WORK], SET AUTOCOMMIT [= value]. BEGIN followed by anything else is a
// compound statement (BEGIN ATOMIC … END), not a transaction.
func txnVerbOf(text string) (verb txnVerb, value string) {
	w := words(text)
	if len(w) == 0 {
		return txnNone, ""
	}
	tail := len(w) == 1 || len(w) == 2 && (w[1] == "transaction" || w[1] == "work")
	// more words after the keyword and TRANSACTION/WORK (READ ONLY, a
	// savepoint): Databricks has no such form. BEGIN followed by anything
	// else is a compound statement, left to the front end.
	more := len(w) > 2 && (w[1] == "transaction" || w[1] == "work")
	switch w[0] {
	case "begin":
		if tail {
			return txnBegin, ""
		}
		if more {
			return txnMalformed, ""
		}
	case "start":
		if len(w) == 2 && w[1] == "transaction" {
			return txnBegin, ""
		}
		if len(w) > 2 && w[1] == "transaction" {
			return txnMalformed, ""
		}
	case "commit":
		if tail {
			return txnCommit, ""
		}
		return txnMalformed, ""
	case "rollback", "abort":
		if tail {
			return txnRollback, ""
		}
		return txnMalformed, ""
	case "set":
		if len(w) >= 2 && w[1] == "autocommit" {
			if len(w) == 2 {
				return txnShowAutocommit, ""
			}
			return txnSetAutocommit, strings.Join(w[2:], " ")
		}
	}
	return txnNone, ""
}

// transactionStatement runs the transaction-control statements and opens
// the implicit transaction of a session with autocommit off. handled
// reports that the statement was answered (rdr or err); otherwise the
// statement runs as usual, inside the session's transaction if one is open.
// ss.txn is nil on a statement that runs off the primary connection: no
// transaction is open and autocommit is on.
func (s *Env) transactionStatement(ctx context.Context, ss *Session, text string) (rdr array.RecordReader, handled bool, err error) {
	t := ss.txn
	if t == nil {
		return nil, false, nil
	}
	verb, value := txnVerbOf(text)
	switch verb {
	case txnMalformed:
		return nil, true, userErr("PARSE_SYNTAX_ERROR", "42601",
			"Syntax error in a transaction statement: expected BEGIN [TRANSACTION | WORK], COMMIT [TRANSACTION | WORK] or ROLLBACK [TRANSACTION | WORK].")
	case txnBegin:
		if t.open || t.manual {
			msg := "Nested transactions are not supported: a transaction is already open."
			if !t.open {
				msg = "Nested transactions are not supported: AUTOCOMMIT is FALSE, so statements already run in an implicit transaction."
			}
			return nil, true, userErr("TRANSACTION_NOT_SUPPORTED.NESTED_TRANSACTION", "0A000", msg)
		}
		if err := s.exec(ctx, ss, "BEGIN TRANSACTION"); err != nil {
			return nil, true, err
		}
		t.open = true
		return rowtable.Empty(), true, nil
	case txnCommit:
		if !t.open {
			return nil, true, userErr("NO_ACTIVE_TRANSACTION", "25000", "There is no active transaction to COMMIT.")
		}
		if t.aborted {
			return nil, true, abortedErr()
		}
		if err := s.exec(ctx, ss, "COMMIT"); err != nil {
			t.aborted = true // a failed COMMIT leaves the transaction to roll back
			return nil, true, err
		}
		t.open = false
		return rowtable.Empty(), true, nil
	case txnRollback:
		if t.open {
			t.open, t.aborted = false, false
			// The engine may have ended it already (a failed COMMIT).
			if err := s.exec(ctx, ss, "ROLLBACK"); err != nil && !endedAlready(err) {
				return nil, true, err
			}
		}
		return rowtable.Empty(), true, nil
	case txnShowAutocommit:
		tb := rowtable.New(rowtable.Str("autocommit"))
		if t.manual {
			tb.Add("false")
		} else {
			tb.Add("true")
		}
		return tb.Reader(), true, nil
	case txnSetAutocommit:
		if t.open {
			t.aborted = true
			return nil, true, userErr("TRANSACTION_NOT_SUPPORTED.COMMAND", "0A000",
				"Command SET AUTOCOMMIT is not supported in a transaction: COMMIT or ROLLBACK the active transaction first.")
		}
		switch strings.ToLower(strings.TrimSpace(value)) {
		case "true":
			t.manual = false
		case "false":
			t.manual = true
		default:
			return nil, true, userErr("INVALID_CONF_VALUE", "22023",
				"The value '"+value+"' in the config \"AUTOCOMMIT\" is invalid: expected TRUE or FALSE.")
		}
		return rowtable.Empty(), true, nil
	}
	if !t.open && !t.manual || sessionStatement(text) {
		return nil, false, nil // session settings are no part of a transaction
	}
	if t.aborted {
		return nil, true, abortedErr()
	}
	if err := notInTransaction(text); err != nil {
		if t.open {
			t.aborted = true
		}
		return nil, true, err
	}
	if !t.open {
		if err := s.exec(ctx, ss, "BEGIN TRANSACTION"); err != nil {
			return nil, true, err
		}
		t.open = true
	}
	return nil, false, nil
}

// noteFailure records that a statement of a session failed: inside an open
// transaction, that aborts it. The caller still holds the connection.
func (ss *Session) noteFailure(err error) {
	if err != nil && ss != nil && ss.txn != nil && ss.txn.open {
		ss.txn.aborted = true
	}
}

func abortedErr() error {
	return userErr("TRANSACTION_ABORTED", "25000",
		"The current transaction has been aborted by an earlier error; ROLLBACK it before running other statements.")
}

// sessionStatement reports a statement that changes only the session
// (SET, RESET, USE): it neither opens nor needs a transaction.
func sessionStatement(text string) bool {
	w := words(text)
	return len(w) > 0 && (w[0] == "set" || w[0] == "reset" || w[0] == "use")
}

// txnAllowed are the statement openings a transaction accepts: queries,
// DML, DESCRIBE (TABLE) and the session's own settings.
var txnAllowed = map[string]bool{
	"select": true, "with": true, "values": true, "from": true, "table": true,
	"insert": true, "merge": true, "update": true, "delete": true,
	"describe": true, "desc": true, "set": true, "reset": true, "use": true,
}

// notInTransaction refuses, with Databricks' error, a statement a
// transaction does not run.
func notInTransaction(text string) error {
	w := words(text)
	if len(w) == 0 {
		return nil
	}
	for _, x := range w {
		if x == "information_schema" {
			return userErr("TRANSACTION_NOT_SUPPORTED.INFORMATION_SCHEMA_TABLE", "0A000",
				"Accessing tables from INFORMATION_SCHEMA is not supported in a transaction.")
		}
	}
	ok := txnAllowed[w[0]]
	command := strings.ToUpper(w[0])
	switch w[0] {
	case "describe", "desc":
		if len(w) > 1 {
			x := w[1]
			if x == "extended" || x == "formatted" || x == "schema" || x == "database" ||
				x == "catalog" || x == "function" || x == "history" || x == "detail" {
				ok, command = false, "DESCRIBE "+strings.ToUpper(x)
			}
		}
		if len(w) > 2 && w[1] == "table" && (w[2] == "extended" || w[2] == "formatted") {
			ok, command = false, "DESCRIBE TABLE "+strings.ToUpper(w[2])
		}
	case "show":
		// SHOW COLUMNS IN t runs; the metadata form clients send for
		// their columns() calls (SHOW COLUMNS IN CATALOG …, IN ALL
		// CATALOGS) does not, like their other metadata calls.
		if len(w) > 3 && w[1] == "columns" && (w[2] == "in" || w[2] == "from") {
			metadata := len(w) > 4 && (w[3] == "catalog" || w[3] == "all" && w[4] == "catalogs")
			ok = !metadata
		}
		if len(w) > 1 {
			command = "SHOW " + strings.ToUpper(w[1])
		}
	}
	if ok {
		return nil
	}
	return userErr("TRANSACTION_NOT_SUPPORTED.COMMAND", "0A000", "Command "+command+
		" is not supported in a transaction (a multi-statement transaction is active). "+
		"Only SELECT / INSERT / MERGE / UPDATE / DELETE / DESCRIBE TABLE / DESCRIBE QUERY / SHOW COLUMNS are supported.")
}

// endedAlready reports whether err is the engine's answer to a ROLLBACK of a
// transaction it has ended itself (a failed COMMIT).
func endedAlready(err error) bool {
	var ee *engine.Error
	return errors.As(err, &ee) && ee.Class == "NO_ACTIVE_TRANSACTION"
}
