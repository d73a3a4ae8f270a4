package sqlfront

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestJSONTuple checks that json_tuple as a select list's last item
// becomes one column per key (c0, c1, …), and stays as written elsewhere.
func TestJSONTuple(t *testing.T) {
	for in, want := range map[string]string{
		"SELECT x, json_tuple(j, 'a', 'b') FROM t": "SELECT x, CASE WHEN json_valid(j) THEN json_extract_string(j, 'a') END AS c0, " +
			"CASE WHEN json_valid(j) THEN json_extract_string(j, 'b') END AS c1 FROM t",
		"SELECT json_tuple(j, 'a'), x FROM t": "SELECT json_tuple(j, 'a'), x FROM t",
		"SELECT f(json_tuple(j, 'a')) FROM t": "SELECT f(json_tuple(j, 'a')) FROM t",
	} {
		got, err := Translate(in, Options{})
		require.NoError(t, err, in)
		require.Equal(t, want, got.SQL, in)
	}
}
