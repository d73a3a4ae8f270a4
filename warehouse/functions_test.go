package warehouse_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse"
)

// TestSparkErrors: ANSI failures answer with Spark's error class and
// SQLSTATE, in DuckDB's stead (which answers infinity, NULL, or its own
// wording).
func TestSparkErrors(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	for _, tc := range []struct{ statement, class, sqlState string }{
		{"SELECT 1/0", "DIVIDE_BY_ZERO", "22012"},
		{"SELECT 1.5 / 0.0", "DIVIDE_BY_ZERO", "22012"},
		{"SELECT 1 DIV 0", "DIVIDE_BY_ZERO", "22012"},
		{"SELECT 1 % 0", "REMAINDER_BY_ZERO", "22012"},
		{"SELECT mod(1, 0)", "REMAINDER_BY_ZERO", "22012"},
		{"SELECT id / (id - 1) FROM range(3)", "DIVIDE_BY_ZERO", "22012"},
		{"SELECT 2147483647 + 1", "ARITHMETIC_OVERFLOW", "22003"},
		{"SELECT sum(a) FROM VALUES (9223372036854775807), (1) AS t(a)", "ARITHMETIC_OVERFLOW", "22003"},
		{"SELECT CAST('x' AS INT)", "CAST_INVALID_INPUT", "22018"},
		{"SELECT CAST(300 AS TINYINT)", "CAST_OVERFLOW", "22003"},
		{"SELECT CAST(123.456 AS DECIMAL(4, 2))", "NUMERIC_VALUE_OUT_OF_RANGE", "22003"},
		{"SELECT CAST(-128 AS TINYINT) - CAST(1 AS TINYINT)", "BINARY_ARITHMETIC_OVERFLOW", "22003"},
		{"SELECT raise_error('boom')", "USER_RAISED_EXCEPTION", "P0001"},
		{"SELECT assert_true(1 > 2)", "USER_RAISED_EXCEPTION", "P0001"},
		{"SELECT no_such_function(1)", "UNRESOLVED_ROUTINE", "42883"},
		{"SELECT shiftleft(1)", "WRONG_NUM_ARGS", "42605"},
		{"SELECT abs('a', 'b')", "WRONG_NUM_ARGS", "42605"},
		{"SELECT make_date(2021, 2, 30)", "DATETIME_FIELD_OUT_OF_BOUNDS", "22023"},
		{"SELECT array(1, 2)[10]", "INVALID_ARRAY_INDEX", "22003"},
		{"SELECT element_at(array(1, 2), -3)", "INVALID_ARRAY_INDEX_IN_ELEMENT_AT", "22003"},
		{"SELECT element_at(array(1, 2), 0)", "INVALID_INDEX_OF_ZERO", "22003"},
		{"SELECT id, count(*) FROM range(3)", "MISSING_GROUP_BY", "42803"},
		{"SELECT * FROM range(1) AS a JOIN range(1) AS b ON id = id", "AMBIGUOUS_REFERENCE", "42704"},
		{"SELECT regexp_replace('a', '(', 'b')", "INVALID_PARAMETER_VALUE", "22023"},
		{"SELECT date_add(DATE '2021-01-01', 'x')", "CAST_INVALID_INPUT", "22018"},
		{"SELECT parse_url('inva lid://x/p', 'HOST')", "INVALID_URL", "22P02"},
	} {
		st := failed(t, c, sea.ExecuteStatementRequest{Statement: tc.statement, WaitTimeout: "30s"})
		require.Equal(t, tc.sqlState, st.SQLState, tc.statement)
		require.True(t, strings.HasPrefix(st.Error.Message, "["+tc.class+"] "), "%s: %q", tc.statement, st.Error.Message)
		require.NotContains(t, st.Error.Message, "Did you mean", tc.statement)
	}
}

// TestFunctionCatalog: functions DuckDB lacks or spells differently answer
// as in Spark, value and type.
func TestFunctionCatalog(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	for _, tc := range []struct{ statement, typ, value string }{
		{"SELECT 7 / 2", "DOUBLE", "3.5"},
		{"SELECT 7 DIV 2", "BIGINT", "3"},
		{"SELECT -7 DIV 2", "BIGINT", "-3"},
		{"SELECT 7.5 DIV 2", "BIGINT", "3"},
		{"SELECT ! true", "BOOLEAN", "false"},
		{"SELECT shiftleft(2, 1)", "INT", "4"},
		{"SELECT pmod(-7, 3)", "INT", "2"},
		{"SELECT year(DATE '2021-09-03')", "INT", "2021"},
		{"SELECT length('Spark')", "INT", "5"},
		{"SELECT locate('bar', 'foobarbar', 5)", "INT", "7"},
		{"SELECT to_date('2016-12-31', 'yyyy-MM-dd')", "DATE", "2016-12-31"},
		{"SELECT to_date('31/12/2016', 'dd/MM/yyyy')", "DATE", "2016-12-31"},
		{"SELECT DATE('2021-09')", "DATE", "2021-09-01"},
		{"SELECT date_format(TIMESTAMP '2016-04-08 10:11:12', 'yyyy-MM-dd HH:mm')", "STRING", "2016-04-08 10:11"},
		{"SELECT from_unixtime(0, 'yyyy-MM-dd HH:mm:ss')", "STRING", "1970-01-01 00:00:00"},
		{"SELECT concat('a', x, 'b') FROM VALUES (CAST(NULL AS STRING)) AS t(x)", "STRING", ""},
		{"SELECT concat('a', 'b', 'c', 'd')", "STRING", "abcd"},
		{"SELECT datediff('2009-07-31', '2009-07-30')", "INT", "1"},
		{"SELECT collect_list(x) FROM VALUES (1), (NULL), (2) AS t(x)", "ARRAY<INT>", "[1,2]"},
		{"SELECT 2L", "BIGINT", "2"},
		{"SELECT listagg(c) FROM VALUES ('a'), ('b') AS t(c)", "STRING", "ab"},
		{"SELECT string_agg(c, '-') WITHIN GROUP (ORDER BY c DESC) FROM VALUES ('a'), ('c'), ('b') AS t(c)", "STRING", "c-b-a"},
		{"SELECT mode(c, true) FROM VALUES (3), (1), (2), (3), (1) AS t(c)", "INT", "1"},
		{"SELECT array_sort(array('bb', 'a', 'ccc', 'dd'), (l, r) -> length(r) - length(l))", "ARRAY<STRING>", `["ccc","bb","dd","a"]`},
		{"SELECT '%SystemDrive%\\Users\\John' like '\\%SystemDrive\\%\\\\Users%'", "BOOLEAN", "true"},
		{"SELECT forall(array(2, NULL, 8), x -> x % 2 == 0)", "BOOLEAN", ""},
		{"SELECT array_contains(array(1, NULL, 3), 2)", "BOOLEAN", ""},
		{"SELECT concat('a', NULL)", "STRING", ""},
		{"SELECT concat(array(1), array(2))", "ARRAY<INT>", "[1,2]"},
		{"SELECT array(1, 2)[0]", "INT", "1"},
		{"SELECT element_at(array(1, NULL, 3), -1), element_at(array(1, NULL), 2)", "INT", "3"},
		{"SELECT element_at(map(1, 'a'), 5)", "STRING", ""},
		{"SELECT try_element_at(array(1, 2), 5)", "INT", ""},
		{"SELECT arrays_zip(array(1, 2), array('x'))", "ARRAY<STRUCT<0: INT, 1: STRING>>", `[{"0":1,"1":"x"},{"0":2,"1":null}]`},
		{"SELECT map_zip_with(map('a', 1, 'b', 2), map('b', 3), (k, v1, v2) -> coalesce(v1, 0) + coalesce(v2, 0))",
			"MAP<STRING, INT>", `{"a":1,"b":5}`},
		{"SELECT overlay('Spark SQL' PLACING 'tructured' FROM 2 FOR 4)", "STRING", "Structured SQL"},
		{"SELECT exists(array(1, 2, 3), x -> x % 2 == 0)", "BOOLEAN", "true"},
		{"SELECT EXISTS (SELECT 1)", "BOOLEAN", "true"},
		{"SELECT array_prepend(array(1, 2), 0)", "ARRAY<INT>", "[0,1,2]"},
		{"SELECT octet_length('héllo')", "INT", "6"},
		{"SELECT position('l' IN 'hello')", "INT", "3"},
		{"SELECT struct(1 AS a, 'x' AS b)", "STRUCT<a: INT, b: STRING>", `{"a":1,"b":"x"}`},
		{"SELECT named_struct('a', 1).a", "INT", "1"},
		{"SELECT map('a', 1)['a']", "INT", "1"},
		{"SELECT mask('AbCD123-@$#')", "STRING", "XxXXnnn-@$#"},
		{"SELECT width_bucket(5.3, 0.2, 10.6, 5)", "BIGINT", "3"},
		{"SELECT width_bucket(INTERVAL '119' MONTH, INTERVAL '0' YEAR, INTERVAL '10' YEAR, 10)", "BIGINT", "10"},
		{"SELECT width_bucket(INTERVAL '36' HOUR, INTERVAL '0' DAY, INTERVAL '10' DAY, 10)", "BIGINT", "2"},
		{"SELECT sign(INTERVAL '-3' HOUR)", "DOUBLE", "-1"},
		{"SELECT CAST(time_bucket(INTERVAL '2' MONTH, TIMESTAMP_NTZ '2024-05-10 00:00:00', TIMESTAMP_NTZ '2024-06-15 09:00:00') AS STRING)",
			"STRING", "2024-04-15 09:00:00"},
		{"SELECT abs(INTERVAL '-1-1' YEAR TO MONTH)", "INTERVAL YEAR TO MONTH", "1-1"},
		{"SELECT try_divide(1, 0)", "DOUBLE", ""},
		{"SELECT sum(a) FROM VALUES (1), (2) AS t(a)", "BIGINT", "3"},
		{"SELECT sum(id) OVER (ORDER BY id) -- sum\nFROM range(3) ORDER BY 1 DESC;", "BIGINT", "3"},
		{"SELECT sum(CAST(a AS DOUBLE)) FROM VALUES (1) AS t(a)", "DOUBLE", "1"},
		{"SELECT substr('hello', 0, 2)", "STRING", "he"},
		{"SELECT regexp_replace('a1b22', '[0-9]+', '#')", "STRING", "a#b#"},
		{"SELECT split('a1b2c', '[0-9]')", "ARRAY<STRING>", `["a","b","c"]`},
		{"SELECT split('a,b,,c', ',', 3)", "ARRAY<STRING>", `["a","b",",c"]`},
		{"SELECT bin(13.7)", "STRING", "1101"},
		{"SELECT split('a1b2c', '[0-9]', 1)", "ARRAY<STRING>", `["a1b2c"]`},
		{"SELECT sort_array(array(3, NULL, 1))", "ARRAY<INT>", "[null,1,3]"},
		{"SELECT transform(array(1, 2), x -> x * 10)", "ARRAY<INT>", "[10,20]"},
		{"SELECT add_months(DATE '2021-01-31', 1)", "DATE", "2021-02-28"},
		{"SELECT initcap('hello world')", "STRING", "Hello World"},
		{"SELECT a FROM VALUES (2), (NULL), (1) AS t(a) ORDER BY a LIMIT 1", "INT", ""},
		{"SELECT 1.5BD", "DECIMAL(2,1)", "1.5"},
		{`SELECT concat("it's", 'a', "\"q""")`, "STRING", `it'sa"q"`},
		{"SELECT parse_url('https://u:p@h.io:8/a/b?x=1&y=2#f', 'HOST')", "STRING", "h.io"},
		{"SELECT parse_url('https://u:p@h.io:8/a/b?x=1&y=2#f', 'PATH')", "STRING", "/a/b"},
		{"SELECT parse_url('https://u:p@h.io:8/a/b?x=1&y=2#f', 'FILE')", "STRING", "/a/b?x=1&y=2"},
		{"SELECT parse_url('https://u:p@h.io:8/a/b?x=1&y=2#f', 'REF')", "STRING", "f"},
		{"SELECT parse_url('https://u:p@h.io:8/a/b?x=1&y=2#f', 'USERINFO')", "STRING", "u:p"},
		{"SELECT parse_url('https://u:p@h.io:8/a/b?x=1&y=2#f', 'QUERY', 'y')", "STRING", "2"},
		{"SELECT parse_url('https://h.io/a?x=1', 'QUERY', 'z')", "STRING", ""},
		{"SELECT parse_url('https://h.io/a', 'QUERY')", "STRING", ""},
		{"SELECT try_parse_url('inva lid://x', 'HOST')", "STRING", ""},
		{"SELECT regexp_instr('abc', 'x')", "INT", "0"},
		{"SELECT regexp_instr('abcabc', 'ca')", "INT", "3"},
		{"SELECT sentences(CAST(NULL AS STRING))", "ARRAY<ARRAY<STRING>>", ""},
		{"SELECT sentences('One, two. Three?')", "ARRAY<ARRAY<STRING>>", `[["One","two"],["Three"]]`},
		{"SELECT make_timestamp_ntz(DATE '2014-12-28', TIME '6:30:45.5')", "TIMESTAMP_NTZ", "2014-12-28T06:30:45.5"},
		{"SELECT make_timestamp(DATE '2014-12-28', TIME '06:30:00', 'Asia/Tokyo')", "TIMESTAMP", "2014-12-27T21:30:00Z"},
		{"SELECT try_make_timestamp(DATE '2014-12-28')", "TIMESTAMP", "2014-12-28T00:00:00Z"},
		{"SELECT convert_timezone('UTC', 'Asia/Tokyo', TIMESTAMP_NTZ '2021-01-01 00:00:00')", "TIMESTAMP_NTZ", "2021-01-01T09:00:00"},
	} {
		resp := sqlIn(t, c, "", tc.statement)
		require.Equal(t, tc.typ, resp.Manifest.Schema.Columns[0].TypeText, tc.statement)
		cell := resp.Result.DataArray[0][0]
		got := ""
		if cell != nil {
			got = strings.ReplaceAll(*cell, " ", "")
		}
		require.Equal(t, strings.ReplaceAll(tc.value, " ", ""), got, tc.statement)
	}
}
