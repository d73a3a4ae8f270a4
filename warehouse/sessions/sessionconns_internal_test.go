package sessions

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestWords(t *testing.T) {
	require.Equal(t, []string{"select", "a", "from", "tmp_v", "where", "s", "x"},
		words("SELECT a FROM `tmp_v` -- a comment\nWHERE s = 'x' /* block\ncomment */"))
	require.Equal(t, []string{"set", "x"}, words("/* lead */ -- line\n  SET x"))
	require.Equal(t, []string{"é_1"}, words("é_1"))
	require.Empty(t, words("-- only a comment"))
	require.Empty(t, words("/* unterminated"))
}

func TestIsStateStatement(t *testing.T) {
	for text, want := range map[string]bool{
		"USE SCHEMA s":                 true,
		"-- lead\nSET TIME ZONE 'UTC'": true,
		"reset":                        true,
		"BEGIN TRANSACTION":            true,
		"COMMIT":                       true,
		"CREATE OR REPLACE TEMP VIEW v AS SELECT 1": true,
		"CREATE TEMPORARY TABLE t (a INT)":          true,
		"DECLARE VARIABLE x INT":                    true,
		"CREATE MACRO m() AS 1":                     true,
		"SELECT 1":                                  false,
		"UPDATE t SET a = 1":                        false,
		"SELECT CASE WHEN a THEN 1 END FROM t":      false,
		"CREATE TABLE t (a INT)":                    false,
		"INSERT INTO t VALUES (1)":                  false,
		"WITH x AS (SELECT 1) SELECT * FROM x":      false,
	} {
		require.Equal(t, want, isStateStatement(text), text)
	}
}
