package typemap

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// ErrUnknownParameterType reports a parameter type the warehouse cannot bind.
var ErrUnknownParameterType = errors.New("typemap: unsupported parameter type")

var decimalParam = regexp.MustCompile(`^(?:DECIMAL|DEC|NUMERIC)\s*(?:\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\))?$`)

// ParameterCast returns the DuckDB type a parameter of Databricks type t is
// cast to, with CAST(value AS type) semantics. An empty t means STRING; VOID
// (NULL) returns "" — the value is bound as NULL without a cast.
func ParameterCast(t string) (string, error) {
	u := strings.ToUpper(strings.TrimSpace(t))
	switch u {
	case "", "STRING", "VARCHAR", "CHAR":
		return "VARCHAR", nil
	case "BOOLEAN":
		return "BOOLEAN", nil
	case "TINYINT", "BYTE":
		return "TINYINT", nil
	case "SMALLINT", "SHORT":
		return "SMALLINT", nil
	case "INT", "INTEGER":
		return "INTEGER", nil
	case "BIGINT", "LONG":
		return "BIGINT", nil
	case "FLOAT", "REAL":
		return "FLOAT", nil
	case "DOUBLE":
		return "DOUBLE", nil
	case "BINARY":
		return "BLOB", nil
	case "DATE":
		return "DATE", nil
	case "TIMESTAMP", "TIMESTAMP_LTZ":
		return "TIMESTAMPTZ", nil
	case "TIMESTAMP_NTZ":
		return "TIMESTAMP", nil
	case "VOID", "NULL":
		return "", nil
	}
	if strings.HasPrefix(u, "INTERVAL") {
		return "INTERVAL", nil
	}
	if strings.HasPrefix(u, "VARCHAR(") || strings.HasPrefix(u, "CHAR(") {
		return "VARCHAR", nil
	}
	if m := decimalParam.FindStringSubmatch(u); m != nil {
		p, s := m[1], m[2]
		if p == "" {
			p = "10"
		}
		if s == "" {
			s = "0"
		}
		return "DECIMAL(" + p + "," + s + ")", nil
	}
	return "", fmt.Errorf("%w: %q", ErrUnknownParameterType, t)
}
