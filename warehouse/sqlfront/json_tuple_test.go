package sqlfront

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestJSONTuple checks that json_tuple as a select list's last item
// becomes one column per key (c0, c1, …), and stack rows of columns col0,
// col1, …; both stay as written elsewhere.
func TestJSONTuple(t *testing.T) {
	for in, want := range map[string]string{
		"SELECT x, json_tuple(j, 'a', 'b') FROM t": "SELECT x, CASE WHEN json_valid(j) THEN json_extract_string(j, 'a') END AS c0, " +
			"CASE WHEN json_valid(j) THEN json_extract_string(j, 'b') END AS c1 FROM t",
		"SELECT json_tuple(j, 'a'), x FROM t": "SELECT json_tuple(j, 'a'), x FROM t",
		"SELECT f(json_tuple(j, 'a')) FROM t": "SELECT f(json_tuple(j, 'a')) FROM t",
		"SELECT stack(2, 1, 2, 3)":            "SELECT unnest([{'col0': 1, 'col1': 2}, {'col0': 3, 'col1': NULL}], recursive := true)",
		"SELECT stack(n, 1, 2) FROM t":        "SELECT stack(n, 1, 2) FROM t",
	} {
		got, err := Translate(in, Options{})
		require.NoError(t, err, in)
		require.Equal(t, want, got.SQL, in)
	}
}
