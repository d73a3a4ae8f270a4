// Package rawsea is a minimal SEA HTTP client without retries, pooling
// policy or streaming: just enough to drive the local warehouse from its
// tests, the demo and the benchmarks, and to see the wire as it is. The real
// client is the kernel.
package rawsea

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/pierrec/lz4/v4"

	"github.com/sealane/sealane/sea"
)

// Client talks to one warehouse.
type Client struct {
	// BaseURL is scheme://host:port.
	BaseURL string
	// Token is sent as a bearer token unless empty.
	Token string
	// WarehouseID fills warehouse_id in requests.
	WarehouseID string
	// UserAgent is sent when set.
	UserAgent string
	// HTTP is the client used; http.DefaultClient when nil.
	HTTP *http.Client
}

// HTTPError is a non-2xx answer.
type HTTPError struct {
	Status int
	Body   sea.ErrorResponse
	Raw    string
}

func (e *HTTPError) Error() string {
	return fmt.Sprintf("rawsea: HTTP %d %s: %s", e.Status, e.Body.ErrorCode, e.Body.Message)
}

func (c *Client) httpClient() *http.Client {
	if c.HTTP != nil {
		return c.HTTP
	}
	return http.DefaultClient
}

// Do sends one API call (path relative to /api/2.0/sql) and decodes the JSON answer into out.
func (c *Client) Do(ctx context.Context, method, path string, body, out any) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.BaseURL+sea.APIPrefix+path, rd)
	if err != nil {
		return err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	if c.UserAgent != "" {
		req.Header.Set("User-Agent", c.UserAgent)
	}
	resp, err := c.httpClient().Do(req)
	if err != nil {
		return err
	}
	defer func() { _ = resp.Body.Close() }()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode/100 != 2 {
		he := &HTTPError{Status: resp.StatusCode, Raw: string(raw)}
		_ = json.Unmarshal(raw, &he.Body)
		return he
	}
	if out != nil && len(raw) > 0 {
		return json.Unmarshal(raw, out)
	}
	return nil
}

// CreateSession opens a session.
func (c *Client) CreateSession(ctx context.Context, req sea.CreateSessionRequest) (string, error) {
	if req.WarehouseID == "" {
		req.WarehouseID = c.WarehouseID
	}
	var resp sea.CreateSessionResponse
	err := c.Do(ctx, http.MethodPost, "/sessions", req, &resp)
	return resp.SessionID, err
}

// DeleteSession closes a session (no body, the Rust form).
func (c *Client) DeleteSession(ctx context.Context, id string) error {
	return c.Do(ctx, http.MethodDelete, "/sessions/"+id, nil, nil)
}

// Execute submits a statement.
func (c *Client) Execute(ctx context.Context, req sea.ExecuteStatementRequest) (*sea.StatementResponse, error) {
	if req.WarehouseID == "" {
		req.WarehouseID = c.WarehouseID
	}
	var resp sea.StatementResponse
	err := c.Do(ctx, http.MethodPost, "/statements", req, &resp)
	return &resp, err
}

// Get polls a statement once.
func (c *Client) Get(ctx context.Context, id string) (*sea.StatementResponse, error) {
	var resp sea.StatementResponse
	err := c.Do(ctx, http.MethodGet, "/statements/"+id, nil, &resp)
	return &resp, err
}

// Chunk fetches chunk n of a result.
func (c *Client) Chunk(ctx context.Context, id string, n int) (*sea.ResultData, error) {
	var resp sea.ResultData
	err := c.Do(ctx, http.MethodGet, fmt.Sprintf("/statements/%s/result/chunks/%d", id, n), nil, &resp)
	return &resp, err
}

// Cancel asks the warehouse to cancel a statement.
func (c *Client) Cancel(ctx context.Context, id string) error {
	return c.Do(ctx, http.MethodPost, "/statements/"+id+"/cancel", nil, nil)
}

// Close releases a statement.
func (c *Client) Close(ctx context.Context, id string) error {
	return c.Do(ctx, http.MethodDelete, "/statements/"+id, nil, nil)
}

// Wait polls every interval until the statement leaves PENDING/RUNNING.
func (c *Client) Wait(ctx context.Context, resp *sea.StatementResponse, interval time.Duration) (*sea.StatementResponse, error) {
	for resp.Status.State == sea.StatePending || resp.Status.State == sea.StateRunning {
		select {
		case <-ctx.Done():
			return resp, ctx.Err()
		case <-time.After(interval):
		}
		next, err := c.Get(ctx, resp.StatementID)
		if err != nil {
			return resp, err
		}
		resp = next
	}
	return resp, nil
}

// Download fetches an external link the way clients must: no Authorization
// header, the link's http_headers echoed.
func (c *Client) Download(ctx context.Context, link sea.ExternalLink) ([]byte, int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, link.ExternalLink, nil)
	if err != nil {
		return nil, 0, err
	}
	for k, v := range link.HTTPHeaders {
		req.Header.Set(k, v)
	}
	resp, err := c.httpClient().Do(req)
	if err != nil {
		return nil, 0, err
	}
	defer func() { _ = resp.Body.Close() }()
	b, err := io.ReadAll(resp.Body)
	return b, resp.StatusCode, err
}

// ChunkBytes returns the raw bytes of every chunk of a SUCCEEDED (or
// direct-results CLOSED) response, in order: attachments, or downloads of
// external links.
func (c *Client) ChunkBytes(ctx context.Context, resp *sea.StatementResponse) ([][]byte, error) {
	if resp.Manifest == nil || resp.Result == nil {
		return nil, nil
	}
	var out [][]byte
	data := resp.Result
	for {
		switch {
		case data.Attachment != nil:
			out = append(out, data.Attachment)
		case len(data.ExternalLinks) > 0:
			for _, l := range data.ExternalLinks {
				if l.ChunkIndex < len(out) {
					continue
				}
				b, status, err := c.Download(ctx, l)
				if err != nil {
					return nil, err
				}
				if status != http.StatusOK {
					return nil, fmt.Errorf("rawsea: download chunk %d: HTTP %d: %s", l.ChunkIndex, status, b)
				}
				out = append(out, b)
			}
		}
		if len(out) >= resp.Manifest.TotalChunkCount {
			return out, nil
		}
		next, err := c.Chunk(ctx, resp.StatementID, len(out))
		if err != nil {
			return nil, err
		}
		data = next
	}
}

// DecodeArrow decodes chunk bytes into record batches. With split true the
// chunks are pieces of one IPC stream (multi-chunk inline) and are joined
// after decompression; otherwise each chunk is a whole stream.
func DecodeArrow(chunks [][]byte, compression sea.Compression, split bool) ([]arrow.RecordBatch, error) {
	var streams [][]byte
	for _, c := range chunks {
		if compression == sea.CompressionLZ4Frame {
			d, err := io.ReadAll(lz4.NewReader(bytes.NewReader(c)))
			if err != nil {
				return nil, fmt.Errorf("rawsea: lz4: %w", err)
			}
			c = d
		}
		streams = append(streams, c)
	}
	if split {
		streams = [][]byte{bytes.Join(streams, nil)}
	}
	var out []arrow.RecordBatch
	for _, s := range streams {
		rdr, err := ipc.NewReader(bytes.NewReader(s))
		if err != nil {
			return nil, fmt.Errorf("rawsea: ipc: %w", err)
		}
		for rdr.Next() {
			rec := rdr.RecordBatch()
			rec.Retain()
			out = append(out, rec)
		}
		err = rdr.Err()
		rdr.Release()
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}
