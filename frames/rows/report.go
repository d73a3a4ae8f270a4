package rows

import (
	"errors"
	"fmt"
	"strings"
)

// ErrValidation is matched (errors.Is) by every validation failure; the
// full Report is available through errors.As on a *ValidationError.
var ErrValidation = errors.New("frames/rows: validation failed")

// ErrorKind classifies a validation problem.
type ErrorKind string

// Validation problems. The first three are column-level (RowError.Row is
// -1) and always fail; the others are per row and can be dropped.
const (
	ErrUnknownColumn ErrorKind = "unknown_column" // a column the target schema lacks
	ErrMissingColumn ErrorKind = "missing_column" // a non-nullable target column is absent
	ErrWrongType     ErrorKind = "wrong_type"     // a column's type differs (and cannot be coerced)
	ErrNullValue     ErrorKind = "null_value"     // NULL in a non-nullable column
	ErrCoerce        ErrorKind = "coerce_failed"  // a value could not be converted (coercion mode)
)

// RowError is one validation problem.
type RowError struct {
	Row    int64     // 0-based row index over all input batches; -1 for column-level problems
	Column string    // column name
	Value  string    // the offending value as text ("" for column-level problems)
	Kind   ErrorKind // what went wrong
	Reason string    // human-readable detail
}

// String formats the error on one line.
func (e RowError) String() string {
	if e.Row < 0 {
		return fmt.Sprintf("column %q: %s: %s", e.Column, e.Kind, e.Reason)
	}
	return fmt.Sprintf("row %d column %q value %q: %s: %s", e.Row, e.Column, e.Value, e.Kind, e.Reason)
}

// Report is the outcome of a validation.
type Report struct {
	Rows    int64      // rows read
	Valid   int64      // rows in the output
	Dropped int64      // rows dropped (WithDropInvalid)
	Total   int64      // problems found, including those not kept in Errors
	Errors  []RowError // the first problems, up to WithMaxReportErrors
	// Coerced lists the columns converted in coercion mode, as
	// "name: from → to".
	Coerced []string

	max     int
	coerced map[string]bool
}

func newReport(max int) *Report { return &Report{max: max, coerced: map[string]bool{}} }

// OK reports whether no problem was found.
func (r *Report) OK() bool { return r.Total == 0 }

// Truncated reports whether problems were left out of Errors.
func (r *Report) Truncated() bool { return r.Total > int64(len(r.Errors)) }

// add records a problem, keeping it if there is room.
func (r *Report) add(e RowError) {
	r.Total++
	if len(r.Errors) < r.max {
		if len(e.Value) > 120 {
			e.Value = e.Value[:117] + "..."
		}
		r.Errors = append(r.Errors, e)
	}
}

func (r *Report) full() bool { return len(r.Errors) >= r.max }

func (r *Report) noteCoerced(col, from, to string) {
	if !r.coerced[col] {
		r.coerced[col] = true
		r.Coerced = append(r.Coerced, fmt.Sprintf("%s: %s → %s", col, from, to))
	}
}

// String summarises the report.
func (r *Report) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d rows read, %d valid, %d dropped, %d problems", r.Rows, r.Valid, r.Dropped, r.Total)
	for _, e := range r.Errors {
		b.WriteString("\n  ")
		b.WriteString(e.String())
	}
	if r.Truncated() {
		fmt.Fprintf(&b, "\n  … and %d more", r.Total-int64(len(r.Errors)))
	}
	return b.String()
}

// ValidationError is returned when validation fails; it matches
// ErrValidation and carries the Report.
type ValidationError struct {
	Report *Report
}

// Error names the first few problems.
func (e *ValidationError) Error() string {
	const show = 3
	var parts []string
	for i, re := range e.Report.Errors {
		if i == show {
			break
		}
		parts = append(parts, re.String())
	}
	msg := fmt.Sprintf("%v: %d problem(s)", ErrValidation, e.Report.Total)
	if len(parts) > 0 {
		msg += ": " + strings.Join(parts, "; ")
	}
	if e.Report.Total > show {
		msg += fmt.Sprintf("; … (%d more)", e.Report.Total-show)
	}
	return msg
}

// Unwrap returns ErrValidation.
func (e *ValidationError) Unwrap() error { return ErrValidation }
