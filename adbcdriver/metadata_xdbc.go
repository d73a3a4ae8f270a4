package adbcdriver

import (
	"strings"
)

// xdbc_nullable values (ODBC SQL_NO_NULLS, SQL_NULLABLE, SQL_NULLABLE_UNKNOWN).
const (
	xdbcNoNulls         = 0
	xdbcNullable        = 1
	xdbcNullableUnknown = 2
)

// jdbcTypes are the java.sql.Types codes of Databricks types, as the
// Databricks JDBC driver reports them in DATA_TYPE.
var jdbcTypes = map[string]int16{
	"BOOLEAN": 16, "BOOL": 16,
	"TINYINT": -6, "BYTE": -6,
	"SMALLINT": 5, "SHORT": 5,
	"INT": 4, "INTEGER": 4,
	"BIGINT": -5, "LONG": -5,
	"FLOAT": 6, "REAL": 7,
	"DOUBLE":  8,
	"DECIMAL": 3, "DEC": 3, "NUMERIC": 3,
	"STRING": 12, "VARCHAR": 12,
	"CHAR":      1,
	"BINARY":    -2,
	"DATE":      91,
	"TIMESTAMP": 93, "TIMESTAMP_LTZ": 93, "TIMESTAMP_NTZ": 93,
	"ARRAY":  2003,
	"STRUCT": 2002,
	"MAP":    2000, // JAVA_OBJECT
	"VOID":   0, "NULL": 0,
}

// jdbcOther is java.sql.Types.OTHER: INTERVAL, VARIANT, geo types and
// anything unknown.
const jdbcOther = 1111

// jdbcType returns the JDBC type code of Databricks type text such as
// DECIMAL(10,2) or ARRAY<INT>.
func jdbcType(typeText string) int16 {
	name := strings.ToUpper(strings.TrimSpace(typeText))
	if i := strings.IndexAny(name, "(< "); i >= 0 {
		name = name[:i]
	}
	if code, ok := jdbcTypes[name]; ok {
		return code
	}
	return jdbcOther
}
