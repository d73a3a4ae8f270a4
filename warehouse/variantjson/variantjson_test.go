package variantjson

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"
)

// The cases are the examples of Spark 4.3's DESCRIBE FUNCTION, with the
// answers Spark gave (tests/conformance/testdata/functions.json).

func TestSet(t *testing.T) {
	for _, c := range []struct {
		v, path, value string
		create         bool
		want           string
	}{
		{`{"a": 1}`, "$.a", "2", true, `{"a":2}`},
		{`{"a": 1}`, "$.b", "3", true, `{"a":1,"b":3}`},
		{`{"a": {"b": 1}}`, "$.a.c.d", "2", true, `{"a":{"b":1,"c":{"d":2}}}`},
		{`["a","b","c"]`, "$[1]", `"z"`, true, `["a","z","c"]`},
		{`["a","b","c"]`, "$[5]", `"z"`, true, `["a","b","c",null,null,"z"]`},
		{`{"a": 1}`, "$.b", "2", false, `{"a":1}`},
		{`{"a": 1}`, "$.a", "null", true, `{"a":null}`},
		{`{"a": 1}`, "$['a']", "2", true, `{"a":2}`},
	} {
		got, err := Set(c.v, c.path, c.value, c.create)
		require.NoError(t, err, c.path)
		require.Equal(t, c.want, got, c.path)
	}
	_, err := Set(`{"a": 1}`, "$.a.b", "2", true)
	require.True(t, errors.Is(err, ErrShape), "%v", err)
	_, err = Set(`{"a": 1}`, "a", "2", true)
	require.True(t, errors.Is(err, ErrPath), "%v", err)
}

func TestInsert(t *testing.T) {
	for _, c := range []struct{ v, path, value, want string }{
		{`{"a": 1}`, "$.b", "2", `{"a":1,"b":2}`},
		{`{}`, "$.a.b", "1", `{"a":{"b":1}}`},
		{`["a","b","c"]`, "$[1]", `"z"`, `["a","z","b","c"]`},
		{`["a","b"]`, "$[5]", `"z"`, `["a","b",null,null,null,"z"]`},
		{`{}`, "$.a", `{"x":1}`, `{"a":{"x":1}}`},
		{`{}`, "$.a", "null", `{"a":null}`},
	} {
		got, err := Insert(c.v, c.path, c.value)
		require.NoError(t, err, c.path)
		require.Equal(t, c.want, got, c.path)
	}
	for _, path := range []string{"$.a", "$.a.b", "$"} {
		_, err := Insert(`{"a": 1}`, path, "2")
		require.True(t, errors.Is(err, ErrShape), "%s: %v", path, err)
	}
}

func TestArrayAppend(t *testing.T) {
	for _, c := range []struct{ v, path, value, want string }{
		{`[1, 2, 3]`, "$", "4", `[1,2,3,4]`},
		{`{"a": [1, 2]}`, "$.a", "3", `{"a":[1,2,3]}`},
		{`[1]`, "$", "[2, 3]", `[1,[2,3]]`},
		{`{"a": 1}`, "$.missing", "2", `{"a":1}`},
		{`[1, 2]`, "$", "null", `[1,2,null]`},
	} {
		got, err := ArrayAppend(c.v, c.path, c.value)
		require.NoError(t, err, c.path)
		require.Equal(t, c.want, got, c.path)
	}
	_, err := ArrayAppend(`{"a": 1}`, "$.a", "2")
	require.True(t, errors.Is(err, ErrShape), "%v", err)
}

func TestDelete(t *testing.T) {
	v := `{"a": 1, "b": 2, "c": 3, "items": [1, 2, 3]}`
	for _, c := range []struct {
		paths []string
		want  string
	}{
		{[]string{"$.a", "$.c"}, `{"b":2,"items":[1,2,3]}`},
		{[]string{"$.missing"}, `{"a":1,"b":2,"c":3,"items":[1,2,3]}`},
		{[]string{"$.items[0]", "$.items[0]"}, `{"a":1,"b":2,"c":3,"items":[3]}`},
		{[]string{"$.a.b", "$.items[7]"}, `{"a":1,"b":2,"c":3,"items":[1,2,3]}`},
	} {
		got, err := Delete(v, c.paths)
		require.NoError(t, err, c.paths)
		require.Equal(t, c.want, got, c.paths)
	}
}

func TestStripNulls(t *testing.T) {
	for _, c := range []struct {
		v         string
		recursive bool
		want      string
	}{
		{`{"a": 1, "b": null, "c": 3}`, true, `{"a":1,"c":3}`},
		{`[1, null, 3]`, true, `[1,3]`},
		{`{"a": {"b": null, "c": [1, null]}}`, true, `{"a":{"c":[1]}}`},
		{`{"a": [1, null], "b": null}`, false, `{"a":[1,null]}`},
		{`{"a": null}`, true, `{}`},
		{`null`, true, `null`},
		{`{"s": "<&>", "n": 1.50}`, true, `{"n":1.50,"s":"<&>"}`},
	} {
		got, err := StripNulls(c.v, c.recursive)
		require.NoError(t, err, c.v)
		require.Equal(t, c.want, got, c.v)
	}
}

func TestSchema(t *testing.T) {
	for v, want := range map[string]string{
		`null`:                 "VOID",
		`[{"b":true,"a":0}]`:   "ARRAY<OBJECT<a: BIGINT, b: BOOLEAN>>",
		`1.23`:                 "DECIMAL(3,2)",
		`0.8`:                  "DECIMAL(1,1)",
		`1e3`:                  "DOUBLE",
		`"x"`:                  "STRING",
		`[1, "x"]`:             "ARRAY<VARIANT>",
		`[1, null, 2]`:         "ARRAY<BIGINT>",
		`99999999999999999999`: "DECIMAL(20,0)",
	} {
		got, err := Schema(v)
		require.NoError(t, err, v)
		require.Equal(t, want, got, v)
	}
	for vs, want := range map[string]string{
		`[1, 2, 3]`:                            "BIGINT",
		`[{"a": 1}, {"b": true}, {"c": 1.23}]`: "OBJECT<a: BIGINT, b: BOOLEAN, c: DECIMAL(3,2)>",
		`[]`:                                   "VOID",
	} {
		got, err := SchemaAgg(vs)
		require.NoError(t, err, vs)
		require.Equal(t, want, got, vs)
	}
}

func TestSchemaJSON(t *testing.T) {
	for v, want := range map[string]string{
		`[{"col":0}]`:              "ARRAY<STRUCT<col: BIGINT>>",
		`{"b": 1.5, "a": null}`:    "STRUCT<a: STRING, b: DOUBLE>",
		`[1, 2.5]`:                 "ARRAY<DOUBLE>",
		`[1, "x"]`:                 "ARRAY<STRING>",
		`{"a": [{"x": true}, {}]}`: "STRUCT<a: ARRAY<STRUCT<x: BOOLEAN>>>",
	} {
		got, err := SchemaJSON(v)
		require.NoError(t, err, v)
		require.Equal(t, want, got, v)
	}
}
