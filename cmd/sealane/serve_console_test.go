package main

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/internal/rawsea"
	"github.com/sealane/sealane/sea"
)

// TestServeConsoleAndHistory: serve mounts the console at / (with its
// Content-Security-Policy) beside the API, Query History keeps the last
// --history-size statements, and --no-console leaves / to the API's 404.
func TestServeConsoleAndHistory(t *testing.T) {
	info := startServe(t, "--token", "dapi-console", "--history-size", "2")
	resp, err := http.Get(info.URL + "/")
	require.NoError(t, err)
	_ = resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.True(t, strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html"))
	require.Contains(t, resp.Header.Get("Content-Security-Policy"), "script-src 'self'")

	c := &rawsea.Client{BaseURL: info.URL, Token: "dapi-console", WarehouseID: "local"}
	ctx := context.Background()
	for _, q := range []string{"SELECT 1", "SELECT 2", "SELECT 3"} {
		resp, err := c.Execute(ctx, sea.ExecuteStatementRequest{Statement: q})
		require.NoError(t, err)
		resp, err = c.Wait(ctx, resp, 5*time.Millisecond)
		require.NoError(t, err)
		require.Nil(t, resp.Status.Error) // SUCCEEDED, or CLOSED with its inline result
	}
	var h struct {
		Res []struct {
			QueryText string `json:"query_text"`
			Status    string `json:"status"`
		} `json:"res"`
	}
	// History records a statement's end before the API can answer with
	// it: FINISHED at once.
	require.NoError(t, c.Do(ctx, http.MethodGet, "/history/queries", nil, &h))
	require.Len(t, h.Res, 2)
	require.Equal(t, "SELECT 3", h.Res[0].QueryText)
	require.Equal(t, "FINISHED", h.Res[0].Status)

	off := startServe(t, "--no-auth", "--no-console")
	resp, err = http.Get(off.URL + "/")
	require.NoError(t, err)
	var body sea.ErrorResponse
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&body))
	_ = resp.Body.Close()
	require.Equal(t, http.StatusNotFound, resp.StatusCode)
	require.Equal(t, sea.ErrorCodeEndpointNotFound, body.ErrorCode)
}
