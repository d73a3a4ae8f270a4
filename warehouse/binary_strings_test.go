package warehouse_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse"
)

// TestStringFunctionsOfBinary: the string functions Spark also applies to
// BINARY count and cut bytes there (characters of a string), typed as
// their argument, on literals, columns and parameters alike.
func TestStringFunctionsOfBinary(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	sid := newSession(t, c, sea.CreateSessionRequest{})
	sqlIn(t, c, sid, "CREATE TABLE bins AS SELECT x'c3a9' AS b, 'é' AS s")
	for _, tc := range []struct{ statement, typ, value string }{
		{"SELECT length(b) FROM bins", "INT", "2"},
		{"SELECT length(s) FROM bins", "INT", "1"},
		{"SELECT octet_length(s) FROM bins", "INT", "2"},
		{"SELECT bit_length(b) FROM bins", "INT", "16"},
		{"SELECT hex(substr(b, 2)) FROM bins", "STRING", "A9"},
		{"SELECT substr(b, 2) FROM bins", "BINARY", "a9"},
		{"SELECT substr('Spark SQL', -3)", "STRING", "SQL"},
		{"SELECT substring('Spark SQL', 5, 1)", "STRING", "k"},
		{"SELECT substr('hello', -10, 7)", "STRING", "he"},
		{"SELECT substr('hello', 2, 0)", "STRING", ""},
		{"SELECT left(b, 1) FROM bins", "BINARY", "c3"},
		{"SELECT startswith(b, x'c3') FROM bins", "BOOLEAN", "true"},
		{"SELECT contains(x'0abc', x'bc')", "BOOLEAN", "true"},
		{"SELECT contains(x'abcd', x'bc')", "BOOLEAN", "false"}, // a match must start at a byte
		{"SELECT endswith(x'abcd', x'cd')", "BOOLEAN", "true"},
		{"SELECT hex(overlay(x'aabbcc' PLACING x'00' FROM 2))", "STRING", "AA00CC"},
	} {
		resp := sqlIn(t, c, sid, tc.statement)
		require.Equal(t, tc.typ, resp.Manifest.Schema.Columns[0].TypeText, tc.statement)
		cell := resp.Result.DataArray[0][0]
		got := ""
		if cell != nil {
			got = *cell
		}
		require.Equal(t, tc.value, got, tc.statement)
	}

	for _, p := range []sea.Parameter{
		{Name: "p", Type: "STRING", Value: sea.StringPtr("Spa")},
		{Name: "p", Value: sea.StringPtr("Spa")},
	} {
		resp := succeed(t, c, sea.ExecuteStatementRequest{Statement: "SELECT startswith('Spark', :p), length(:p)",
			WaitTimeout: "30s", Parameters: []sea.Parameter{p}})
		require.Equal(t, "true", *resp.Result.DataArray[0][0])
		require.Equal(t, "3", *resp.Result.DataArray[0][1])
	}
}
