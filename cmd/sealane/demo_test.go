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
	// trips holds ids 0..999 with city_(id % 7); ids >= 100 leave 900 rows:
	// 128 each for cities 0 and 1 (105…994, 106…995), 129 for city 2.
	require.Contains(t, s, "on the warehouse engine (kernel → SEA):  city_0=128 (max id 994)  city_1=128 (max id 995)  city_2=129 (max id 996)")
	require.Contains(t, s, "on the native DuckDB engine (Go structs in):  city_0=128 (max id 994)  city_1=128 (max id 995)  city_2=129 (max id 996)")
	require.Contains(t, s, "pushed down as")
	require.Contains(t, s, `caught when built, nothing ran: frames: cannot compare string "city" with`)
}
