package main

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestDemo runs the showcase end to end on a small result and checks each
// step reports what it demonstrates.
func TestDemo(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, demo(context.Background(), []string{"--rows", "300000"}, &out))
	s := out.String()
	require.Contains(t, s, "state CLOSED, 7 rows")
	require.Contains(t, s, "300000 rows (manifest 300000)")
	require.Contains(t, s, "main.default.trips (TABLE)")
	require.Contains(t, s, "state CANCELED after")
	require.Contains(t, s, "sql_state 42P01")
}
