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
	require.Contains(t, s, "1 rows, 1 batches")
	require.Contains(t, s, "300000 rows, 3 batches", "coalesced to 131072-row batches")
	require.Contains(t, s, "O'Hare | 42")
	require.Contains(t, s, "trips")
	require.Contains(t, s, "context deadline exceeded")
	require.Contains(t, s, "errors.Is(err, kernel.ErrStatementFailed)=true sqlstate=42P01")
}
