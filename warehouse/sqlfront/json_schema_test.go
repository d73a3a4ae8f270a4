package sqlfront

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestDDLSchemaType(t *testing.T) {
	for schema, want := range map[string]string{
		"a INT, b DOUBLE":       `STRUCT("a" INTEGER, "b" DOUBLE)`,
		"STRUCT<a: ARRAY<INT>>": `STRUCT("a" INTEGER[])`,
		"array<string>":         `VARCHAR[]`,
	} {
		got, ok := ddlSchemaType(schema)
		require.True(t, ok, schema)
		require.Equal(t, want, got, schema)
	}
	for _, bad := range []string{"a INT,", "a NOSUCHTYPE b", ""} {
		_, ok := ddlSchemaType(bad)
		require.False(t, ok, bad)
	}
}

func TestFromJSON(t *testing.T) {
	tr, err := Translate(`SELECT from_json(j, 'a INT'), schema_of_json('[1]') FROM t`, Options{})
	require.NoError(t, err)
	require.Equal(t, `SELECT TRY_CAST(sl_try_parse_json(j) AS STRUCT("a" INTEGER)), sl_schema_of_json('[1]') FROM t`, tr.SQL)
}

func TestJSONWildcard(t *testing.T) {
	tr, err := Translate(`SELECT get_json_object(j, '$[*].a'), get_json_object(j, '$.a')`, Options{})
	require.NoError(t, err)
	require.Equal(t, `SELECT CAST(to_json(json_extract(j, '$[*].a')) AS VARCHAR), json_extract_string(j, '$.a')`, tr.SQL)
}
