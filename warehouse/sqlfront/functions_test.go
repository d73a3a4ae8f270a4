package sqlfront

import (
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/warehouse/sqlfuncs"
)

// TestCatalogTemplates checks every catalog entry's templates for every
// argument count it accepts: the placeholders stay in order and in range.
func TestCatalogTemplates(t *testing.T) {
	for name, f := range catalog {
		require.Equal(t, strings.ToLower(name), name, "catalog keys are lower case")
		hi := f.max
		if hi < 0 || (f.min == 0 && f.max == 0) {
			hi = f.min + 4
		}
		for n := f.min; n <= hi; n++ {
			_, err := parseTemplate(f.template(n), n)
			require.NoError(t, err, "%s with %d arguments", name, n)
		}
	}
}

// TestMacrosDefinedInOrder: DuckDB resolves the functions a macro calls
// when it is created, so a macro may only call macros created before it.
func TestMacrosDefinedInOrder(t *testing.T) {
	defined := map[string]bool{}
	for _, m := range macros {
		for _, call := range regexp.MustCompile(`sl_\w+\(`).FindAllString(m[1], -1) {
			name := strings.TrimSuffix(call, "(")
			if _, isGo := sqlfuncs.Lookup(name); isGo {
				continue // a Go function (package sqlfuncs), on the database from the start
			}
			require.True(t, defined[name], "%s calls %s before it is created (or itself)", m[0], name)
		}
		defined[m[0]] = true
	}
}

func TestTranslateCatalog(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"rename", "SELECT startswith(a, 'x')", "SELECT sl_starts_with(a, 'x')"},
		{"cast around", "SELECT year(d), LENGTH('abc')", "SELECT CAST(year(CAST(d AS TIMESTAMP)) AS INTEGER), CAST(sl_blen('abc') AS INTEGER)"},
		{"operator template", "SELECT shiftleft(2, 1), shiftright(x , 3)", "SELECT (2 << 1), (x >> 3)"},
		{"nested", "SELECT shiftleft(shiftright(8, 1), 2)", "SELECT ((8 >> 1) << 2)"},
		{"argument dropped", "SELECT percentile(x, 0.5, 100)", "SELECT quantile_cont(x, 0.5)"},
		{"arity variant", "SELECT to_date('2021-01-01'), bround(2.5)",
			"SELECT CAST('2021-01-01' AS DATE), CAST(round_even(2.5, 0) AS DECIMAL(2,0))"},
		{"java pattern", "SELECT to_date('2016-12-31', 'yyyy-MM-dd'), date_format(ts, 'dd/MM/yyyy HH:mm')",
			"SELECT CAST(strptime('2016-12-31', '%Y-%m-%d') AS DATE), strftime(CAST(ts AS TIMESTAMP), '%d/%m/%Y %H:%M')"},
		{"from_unixtime", "SELECT from_unixtime(0, 'yyyy-MM-dd'), from_unixtime(0)",
			"SELECT strftime(to_timestamp(0), '%Y-%m-%d'), strftime(to_timestamp(0), '%Y-%m-%d %H:%M:%S')"},
		{"macro", "SELECT pmod(-7, 3), collect_list(x)", "SELECT sl_pmod(-7, 3), sl_collect_list(x)"},
		{"concat keeps NULL", "SELECT concat('a', b), concat(x)", "SELECT sl_concat('a', b), (x)"},
		{"qualified kept", "SELECT s.year(d), year", "SELECT s.year(d), year"},
		{"window cast", "SELECT row_number() OVER (ORDER BY a), rank() OVER w",
			"SELECT CAST(row_number() OVER (ORDER BY a) AS INTEGER), CAST(rank() OVER w AS INTEGER)"},
		{"EXTRACT form kept whole", "SELECT extract(YEAR FROM d)", "SELECT CAST(extract(YEAR FROM d) AS INTEGER)"},
		{"map as a literal", "SELECT map(1, 'a', 2, 'b'), map()", "SELECT MAP {1: 'a', 2: 'b'}, MAP {}"},
		{"struct field names", "SELECT struct(1 AS a, `b`, t.c, 2 + 3)",
			"SELECT {'a': 1, 'b': \"b\", 'c': t.c, 'col4': 2 + 3}"},
		{"named_struct as a literal", "SELECT named_struct('a', 1, 'b', x)", "SELECT {'a': 1, 'b': x}"},
		{"FILTER clause kept", "SELECT sum(x) FILTER (WHERE x > 1)", "SELECT sum(x) FILTER (WHERE x > 1)"},
		{"type positions kept", "CREATE TABLE t (c CHAR(3), d int); SELECT CAST(x AS CHAR(3)), char(65)",
			"CREATE TABLE t (c CHAR(3), d int); SELECT CAST(x AS CHAR(3)), chr(CAST(65 AS INTEGER))"},
		{"DuckDB type kept", "SELECT MAP {}::MAP(VARCHAR, INTEGER), x::STRUCT(a INT)",
			"SELECT MAP {}::MAP(VARCHAR, INTEGER), x::STRUCT(a INT)"},
		{"distinct string_agg ordered", "SELECT listagg(DISTINCT `c`)", `SELECT string_agg(DISTINCT "c", '' ORDER BY "c")`},
		{"ANY subquery kept", "SELECT 1 = ANY (SELECT 1)", "SELECT 1 = ANY (SELECT 1)"},
		{"substring FROM kept", "SELECT substring('Spark SQL' FROM 5 FOR 1)", "SELECT substring('Spark SQL' FROM 5 FOR 1)"},
		{"overlay keywords", "SELECT overlay('Spark SQL' PLACING 'ANSI ' FROM 7 FOR 0)",
			"SELECT sl_overlay('Spark SQL', 'ANSI ', 7, 0)"},
		{"position IN kept", "SELECT position('b' IN 'abc')", "SELECT CAST(position('b' IN 'abc') AS INTEGER)"},
		{"string untouched", "SELECT 'year(d)'", "SELECT 'year(d)'"},
		{"DATE function", "SELECT DATE('2021-09')", "SELECT sl_date('2021-09')"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Translate(tt.in, Options{})
			require.NoError(t, err)
			require.Equal(t, tt.want, got.SQL)
		})
	}
}

func TestTranslateCatalogArity(t *testing.T) {
	_, err := Translate("SELECT shiftleft(1)", Options{})
	require.True(t, errors.Is(err, ErrWrongNumArgs), "%v", err)
	require.Contains(t, err.Error(), "`shiftleft` requires 2 parameters but 1 were given")
	_, err = Translate("SELECT to_date(a, b, c)", Options{})
	require.Contains(t, err.Error(), "requires 1 to 2 parameters but 3")
}

func TestTranslateOperators(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"division checked", "SELECT 1/0, a / b", "SELECT 1/sl_nonzero(0), a / sl_nonzero(b)"},
		{"literal divisor unchecked", "SELECT a / 2, a % 1.5", "SELECT a / 2, a % 1.5"},
		{"remainder checked", "SELECT a % -b", "SELECT a % sl_nonzero_rem(-b)"},
		{"call divisor", "SELECT x / count(*) OVER ()", "SELECT x / sl_nonzero(count(*) OVER ())"},
		{"DIV", "SELECT 7 DIV 2", "SELECT sl_div(7, 2)"},
		{"DIV chain", "SELECT a * b DIV c DIV d", "SELECT sl_div(sl_div(a * b, c), d)"},
		{"DIV after sum", "SELECT 1 + 7 div 2", "SELECT 1 + sl_div(7, 2)"},
		{"array subscript 0-based", "SELECT array(1, 2)[0], m['k'], x[1]", "SELECT sl_array_at(list_value(1, 2), 0), m['k'], x[1]"},
		{"LIKE escapes with a backslash", "SELECT a LIKE 'x\\_%', b NOT ILIKE c ESCAPE '/'",
			"SELECT a LIKE 'x\\_%' ESCAPE '\\', b NOT ILIKE c ESCAPE '/'"},
		{"bang", "SELECT ! true, a != b", "SELECT  NOT  true, a != b"},
		{"comment slash kept", "SELECT 1 /* c */", "SELECT 1 /* c */"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Translate(tt.in, Options{})
			require.NoError(t, err)
			require.Equal(t, tt.want, got.SQL)
		})
	}
}

func TestJavaPattern(t *testing.T) {
	for in, want := range map[string]string{
		"yyyy-MM-dd HH:mm:ss":       "%Y-%m-%d %H:%M:%S",
		"yyyy-MM-dd'T'HH:mm:ss.SSS": "%Y-%m-%dT%H:%M:%S.%g",
		"d MMM yy, h a":             "%-d %b %y, %-I %p",
		"EEEE '100%'":               "%A 100%%",
		"''":                        "'",
	} {
		require.Equal(t, want, javaPattern(in, false), in)
	}
	require.Equal(t, "%d/%m/%Y", javaPattern("d/M/yyyy", true))
}

func TestMacrosFor(t *testing.T) {
	require.Nil(t, MacrosFor("SELECT 1 / 2"))
	require.Nil(t, MacrosFor("SELECT sl_unknown(1), 'sl_'"))
	require.Equal(t, []string{"sl_nonzero", "sl_div"}, MacrosFor("SELECT sl_div(7, 2)"))
	require.Equal(t, []string{"sl_mask_one", "sl_mask5", "sl_mask", "sl_raise_error"},
		MacrosFor("SELECT sl_raise_error(sl_mask(x))"))
	require.Contains(t, MacroSQL("sl_div"), "CREATE OR REPLACE TEMP MACRO sl_div(a, b) AS ")
	require.Empty(t, MacroSQL("nope"))
	for _, m := range macros {
		require.Equal(t, m[0], MacrosFor(m[0] + "(x)")[len(MacrosFor(m[0]+"(x)"))-1])
	}
}
