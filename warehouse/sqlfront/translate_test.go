package sqlfront

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

var testOpts = Options{CatalogMap: map[string]string{"main": "memory", "sys": "system_db"}}

func TestTranslateSQL(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		// Pass-through.
		{"plain", "SELECT a, b FROM t WHERE x = 1", "SELECT a, b FROM t WHERE x = 1"},
		{"whitespace and comments kept", "SELECT  1 -- `a` :b\n /* 'x\\' /* nested */ */ ;",
			"SELECT  1 -- `a` :b\n /* 'x\\' /* nested */ */ ;"},
		{"double-quoted string", `SELECT "a""b", "it's" FROM t`, `SELECT 'a"b', 'it''s' FROM t`},
		{"cast kept", "SELECT x::int, '1'::bigint", "SELECT x::int, '1'::bigint"},
		{"string without backslash kept", "SELECT 'it''s', ''", "SELECT 'it''s', ''"},

		// Identifiers.
		{"backtick", "SELECT `a b`, `x\"y`, `c``d` FROM `t`",
			`SELECT "a b", "x""y", "c` + "`" + `d" FROM "t"`},

		// Strings.
		{"escaped quote", `SELECT 'it\'s'`, `SELECT 'it''s'`},
		{"escapes", `SELECT '\\d+\n\t\%\_\q'`, "SELECT '\\d+\n\t\\%\\_q'"},
		{"raw string", `SELECT r'C:\new\'`, `SELECT 'C:\new\'`},
		{"raw string with quote", `SELECT R"it's"`, `SELECT 'it''s'`},
		{"NUL", `SELECT 'a\0b', '\0'`, "SELECT ('a' || chr(0) || 'b'), ('' || chr(0) || '')"},
		{"strings untouched inside", "SELECT '`a`', ':x', 'main.default.t', 'range(1)'",
			"SELECT '`a`', ':x', 'main.default.t', 'range(1)'"},

		// Parameters.
		{"named", "SELECT * FROM t WHERE a = :a AND b=:b", "SELECT * FROM t WHERE a = $a AND b=$b"},
		// x:y is a JSON path (internal/sqlmarkers), not x and a marker.
		{"named glued to word", "SELECT x:y, (:y)", "SELECT x:y, ($y)"},
		{"positional", "SELECT ?, ?", "SELECT ?, ?"},

		// range().
		{"range from", "SELECT * FROM range(10)", "SELECT * FROM (SELECT range AS id FROM range(10))"},
		{"range decimal", "SELECT * FROM range(12500000.0)", "SELECT * FROM (SELECT range AS id FROM range(CAST(trunc(12500000.0) AS BIGINT)))"},
		{"range decimal step", "SELECT * FROM range(1, 2 * 5, 2.0)",
			"SELECT * FROM (SELECT range AS id FROM range(1, 2 * 5, CAST(trunc(2.0) AS BIGINT)))"},
		{"range upper case with alias", "SELECT id FROM RANGE (1, 5) AS r",
			"SELECT id FROM (SELECT range AS id FROM RANGE (1, 5)) AS r"},
		{"range join", "SELECT * FROM t JOIN range(3) r ON t.x = r.id",
			"SELECT * FROM t JOIN (SELECT range AS id FROM range(3)) r ON t.x = r.id"},
		{"range after comma", "SELECT * FROM t, range(3), u",
			"SELECT * FROM t, (SELECT range AS id FROM range(3)), u"},
		{"range after subquery comma", "SELECT * FROM (SELECT 1) a, range(2)",
			"SELECT * FROM (SELECT 1) a, (SELECT range AS id FROM range(2))"},
		{"range lateral", "SELECT * FROM t, LATERAL range(t.n)",
			"SELECT * FROM t, LATERAL (SELECT range AS id FROM range(t.n))"},
		{"range in subquery", "SELECT (SELECT count(*) FROM range(5))",
			"SELECT (SELECT count(*) FROM (SELECT range AS id FROM range(5)))"},
		{"range nested args", "SELECT * FROM range(0, (SELECT max(x) FROM t), 2)",
			"SELECT * FROM (SELECT range AS id FROM range(0, (SELECT max(x) FROM t), 2))"},
		{"range drops numPartitions", "SELECT * FROM range(0, 10, 1, 4) r",
			"SELECT * FROM (SELECT range AS id FROM range(0, 10, 1)) r"},
		{"range drops numPartitions with comment", "SELECT * FROM range(0,10,2 /* n */, 8)",
			"SELECT * FROM (SELECT range AS id FROM range(0,10,2 /* n */))"},
		{"range five args kept", "SELECT * FROM range(1, 2, 3, 4, 5)",
			"SELECT * FROM (SELECT range AS id FROM range(1, 2, 3, 4, 5))"},
		{"range with parameter", "SELECT * FROM range(:n)", "SELECT * FROM (SELECT range AS id FROM range($n))"},
		{"scalar range kept", "SELECT range(3), x FROM t", "SELECT range(3), x FROM t"},
		{"scalar range after comma in select", "SELECT a, range(3) FROM t", "SELECT a, range(3) FROM t"},
		{"range in where kept", "SELECT * FROM t WHERE x IN (SELECT 1), range(2)",
			"SELECT * FROM t WHERE x IN (SELECT 1), range(2)"},
		{"range after union", "SELECT * FROM t UNION SELECT range(2), 1",
			"SELECT * FROM t UNION SELECT range(2), 1"},
		{"range after group by comma", "SELECT 1 FROM t GROUP BY a, range(2)",
			"SELECT 1 FROM t GROUP BY a, range(2)"},
		{"range without parenthesis", "SELECT * FROM range", "SELECT * FROM range"},
		{"range unclosed", "SELECT * FROM range(1", "SELECT * FROM range(1"},
		{"quoted range kept", "SELECT * FROM `range`(3)", `SELECT * FROM "range"(3)`},
		{"second statement", "SELECT 1 FROM t; SELECT range(1), a FROM range(2)",
			"SELECT 1 FROM t; SELECT range(1), a FROM (SELECT range AS id FROM range(2))"},
		{"unbalanced close", ") , range(1)", ") , range(1)"},

		// Catalogs and default.
		{"three parts", "SELECT * FROM main.default.t", `SELECT * FROM "memory"."default".t`},
		{"quoted catalog", "SELECT * FROM `Main`.`default`.t JOIN `MAIN`.s.u",
			`SELECT * FROM "memory"."default".t CROSS JOIN "memory".s.u`},
		{"four parts", "SELECT main.s.t.c FROM main.s.t", `SELECT "memory".s.t.c FROM "memory".s.t`},
		{"spaces in chain", "SELECT * FROM main . s . t", `SELECT * FROM "memory" . s . t`},
		{"unmapped catalog", "SELECT * FROM hive.s.t", "SELECT * FROM hive.s.t"},
		{"two parts not mapped", "SELECT main.x FROM main", "SELECT main.x FROM main"},
		{"create schema", "CREATE SCHEMA main.s", `CREATE SCHEMA "memory".s`},
		{"drop schema if exists", "DROP SCHEMA IF EXISTS main.s CASCADE", `DROP SCHEMA IF EXISTS "memory".s CASCADE`},
		{"create database if not exists", "CREATE DATABASE IF NOT EXISTS MAIN.s",
			`CREATE SCHEMA IF NOT EXISTS "memory".s`},
		{"namespace", "DESCRIBE NAMESPACE sys.s", `DESCRIBE NAMESPACE "system_db".s`},
		{"one-part schema not mapped", "CREATE SCHEMA main", "CREATE SCHEMA main"},
		{"catalog", "CREATE CATALOG IF NOT EXISTS main", `CREATE CATALOG IF NOT EXISTS "memory"`},
		{"drop catalog", "DROP CATALOG main", `DROP CATALOG "memory"`},
		{"default schema", "SELECT * FROM default.t", `SELECT * FROM "default".t`},
		{"default any case", "SELECT DEFAULT.t.x, t.Default FROM hive.default.t",
			`SELECT "default".t.x, t."default" FROM hive."default".t`},
		{"default star", "SELECT default.* FROM default.t", `SELECT "default".* FROM "default".t`},
		{"default keyword kept", "INSERT INTO t VALUES (DEFAULT) -- default.x",
			"INSERT INTO t VALUES (DEFAULT) -- default.x"},
		{"quoted default kept", "SELECT * FROM `default`.t", `SELECT * FROM "default".t`},
		{"combined", "SELECT `a b`, 'it\\'s', r'C:\\x', :n FROM main.default.t, range(3)",
			`SELECT "a b", 'it''s', 'C:\x', $n FROM "memory"."default".t, (SELECT range AS id FROM range(3))`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Translate(tt.in, testOpts)
			require.NoError(t, err)
			require.Equal(t, tt.want, got.SQL)
		})
	}
}

func TestTranslateWithoutCatalogMap(t *testing.T) {
	got, err := Translate("SELECT * FROM main.default.t", Options{})
	require.NoError(t, err)
	require.Equal(t, `SELECT * FROM main."default".t`, got.SQL)
}

func TestTranslateParameters(t *testing.T) {
	tests := []struct {
		name       string
		in         string
		positional int
		named      []string
	}{
		{"none", "SELECT 1", 0, nil},
		{"positional", "SELECT ? + ?, '?', `?` -- ?", 2, nil},
		{"named distinct in order", "SELECT :b, :a, :b, ':c' /* :d */", 0, []string{"b", "a"}},
		{"named case preserved", "SELECT :Name, :name", 0, []string{"Name", "name"}},
		{"casts are not markers", "SELECT x::int, :y::string", 0, []string{"y"}},
		{"max markers", "SELECT " + strings.Repeat("?,", MaxParameters-1) + "?", MaxParameters, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Translate(tt.in, Options{})
			require.NoError(t, err)
			require.Equal(t, tt.positional, got.Positional)
			require.Equal(t, tt.named, got.Named)
		})
	}
}

func TestTranslateErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		err  error
		msg  string
	}{
		{"mixed", "SELECT ?, :a", ErrMixedParameters, "? at offset 7 and :a at offset 10"},
		{"mixed named first", "SELECT :a, ?", ErrMixedParameters, "? at offset 11 and :a at offset 7"},
		{"too many positional", "SELECT " + strings.Repeat("?,", MaxParameters) + "?",
			ErrTooManyParameters, fmt.Sprintf("more than %d markers, the 257th at offset %d", MaxParameters, 7+2*MaxParameters)},
		{"too many named", "SELECT " + strings.Repeat(":a,", MaxParameters) + ":a",
			ErrTooManyParameters, "more than 256 markers"},
		{"unterminated string", "SELECT 'a", ErrSyntax, "offset 7"},
		{"unterminated backtick", "SELECT `a", ErrSyntax, "unterminated backtick identifier starting at offset 7"},
		{"unterminated comment", "SELECT 1 /* x", ErrSyntax, "unterminated block comment starting at offset 9"},
		{"marker in numPartitions", "SELECT * FROM range(0, 10, 1, ?)", ErrUnsupported, "parameter marker ? at offset 30"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Translate(tt.in, Options{})
			require.ErrorIs(t, err, tt.err)
			require.ErrorContains(t, err, tt.msg)
		})
	}
}

func TestQuoteIdent(t *testing.T) {
	tests := map[string]string{
		"t":     `"t"`,
		"":      `""`,
		`a"b`:   `"a""b"`,
		"a`b":   "\"a`b\"",
		`""`:    `""""""`,
		"a b.c": `"a b.c"`,
	}
	for in, want := range tests {
		require.Equal(t, want, QuoteIdent(in), in)
	}
}
