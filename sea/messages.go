package sea

import (
	"encoding/json"
	"fmt"
	"time"
)

// APIPrefix is the path prefix of every SEA endpoint.
const APIPrefix = "/api/2.0/sql"

// CreateSessionRequest is the body of POST /sessions.
//
// SessionConfs and SessionConfiguration are the same map under the two names
// clients use (Python sends session_confs, the Rust kernel session_configuration).
type CreateSessionRequest struct {
	WarehouseID          string            `json:"warehouse_id"`
	Catalog              string            `json:"catalog,omitempty"`
	Schema               string            `json:"schema,omitempty"`
	SessionConfs         map[string]string `json:"session_confs,omitempty"`
	SessionConfiguration map[string]string `json:"session_configuration,omitempty"`
}

// Confs merges both conf maps; session_confs wins on a conflicting key.
func (r *CreateSessionRequest) Confs() map[string]string {
	out := make(map[string]string, len(r.SessionConfs)+len(r.SessionConfiguration))
	for k, v := range r.SessionConfiguration {
		out[k] = v
	}
	for k, v := range r.SessionConfs {
		out[k] = v
	}
	return out
}

// CreateSessionResponse is the answer to POST /sessions.
type CreateSessionResponse struct {
	SessionID string `json:"session_id"`
}

// DeleteSessionRequest is the optional JSON body of DELETE /sessions/{id}
// (Python's form; Rust sends nothing, C# sends ?warehouse_id=).
type DeleteSessionRequest struct {
	WarehouseID string `json:"warehouse_id,omitempty"`
	SessionID   string `json:"session_id,omitempty"`
}

// StatementRequest is the optional JSON body Python sends on GET, cancel and
// DELETE of a statement.
type StatementRequest struct {
	StatementID string `json:"statement_id,omitempty"`
}

// ExecuteStatementRequest is the body of POST /statements.
type ExecuteStatementRequest struct {
	WarehouseID       string      `json:"warehouse_id"`
	SessionID         string      `json:"session_id,omitempty"`
	Statement         string      `json:"statement"`
	Catalog           string      `json:"catalog,omitempty"`
	Schema            string      `json:"schema,omitempty"`
	Disposition       Disposition `json:"disposition,omitempty"`
	Format            Format      `json:"format,omitempty"`
	ResultCompression Compression `json:"result_compression,omitempty"`
	// WaitTimeout is "" when absent (direct results), "0s" for asynchronous
	// submission, or "5s".."50s".
	WaitTimeout   string        `json:"wait_timeout,omitempty"`
	OnWaitTimeout OnWaitTimeout `json:"on_wait_timeout,omitempty"`
	RowLimit      int64         `json:"row_limit,omitempty"`
	ByteLimit     int64         `json:"byte_limit,omitempty"`
	Parameters    []Parameter   `json:"parameters,omitempty"`
	QueryTags     []QueryTag    `json:"query_tags,omitempty"`
}

// Parameter is one statement parameter: named (Name) or positional (Ordinal,
// 1-based). A nil Value is SQL NULL. Type is a Databricks SQL type string,
// STRING when empty.
type Parameter struct {
	Name    string  `json:"name,omitempty"`
	Ordinal int     `json:"ordinal,omitempty"`
	Type    string  `json:"type,omitempty"`
	Value   *string `json:"value,omitempty"`
}

// QueryTag is a key with an optional value, recorded with a statement.
type QueryTag struct {
	Key   string  `json:"key"`
	Value *string `json:"value,omitempty"`
}

// StatementResponse is the answer to execute and to GET /statements/{id}.
type StatementResponse struct {
	StatementID string          `json:"statement_id"`
	Status      StatementStatus `json:"status"`
	Manifest    *ResultManifest `json:"manifest,omitempty"`
	Result      *ResultData     `json:"result,omitempty"`
}

// StatementStatus is a statement's state and, when FAILED, its error.
// SQLState is a sibling of Error, where the live service puts it.
type StatementStatus struct {
	State    State         `json:"state"`
	Error    *ServiceError `json:"error,omitempty"`
	SQLState string        `json:"sql_state,omitempty"`
}

// ServiceError describes why a statement failed.
type ServiceError struct {
	ErrorCode string `json:"error_code,omitempty"`
	Message   string `json:"message,omitempty"`
	SQLState  string `json:"sql_state,omitempty"`
}

// ResultManifest describes a result: format, schema, and its chunks.
type ResultManifest struct {
	Format            Format      `json:"format"`
	Schema            Schema      `json:"schema"`
	TotalChunkCount   int         `json:"total_chunk_count"`
	TotalRowCount     int64       `json:"total_row_count"`
	TotalByteCount    int64       `json:"total_byte_count"`
	Chunks            []ChunkInfo `json:"chunks,omitempty"`
	Truncated         bool        `json:"truncated"`
	ResultCompression Compression `json:"result_compression,omitempty"`
	IsVolumeOperation bool        `json:"is_volume_operation,omitempty"`
}

// Schema lists a result's columns.
type Schema struct {
	ColumnCount int          `json:"column_count"`
	Columns     []ColumnInfo `json:"columns,omitempty"`
}

// ColumnInfo describes one result column. TypePrecision and TypeScale are set
// (possibly to 0) on every DECIMAL column.
type ColumnInfo struct {
	Name             string `json:"name"`
	TypeName         string `json:"type_name"`
	TypeText         string `json:"type_text"`
	Position         int    `json:"position"`
	TypePrecision    *int   `json:"type_precision,omitempty"`
	TypeScale        *int   `json:"type_scale,omitempty"`
	TypeIntervalType string `json:"type_interval_type,omitempty"`
}

// ChunkInfo is one manifest entry describing a chunk.
type ChunkInfo struct {
	ChunkIndex int   `json:"chunk_index"`
	RowOffset  int64 `json:"row_offset"`
	RowCount   int64 `json:"row_count"`
	ByteCount  int64 `json:"byte_count"`
}

// ResultData is one chunk of a result: the execute/poll "result" (chunk 0) and
// the body of GET …/result/chunks/{n}. At most one of DataArray,
// ExternalLinks and Attachment is set.
type ResultData struct {
	ChunkIndex            int            `json:"chunk_index"`
	RowOffset             int64          `json:"row_offset"`
	RowCount              int64          `json:"row_count"`
	ByteCount             int64          `json:"byte_count,omitempty"`
	NextChunkIndex        *int           `json:"next_chunk_index,omitempty"`
	NextChunkInternalLink string         `json:"next_chunk_internal_link,omitempty"`
	DataArray             [][]*string    `json:"data_array,omitempty"`
	ExternalLinks         []ExternalLink `json:"external_links,omitempty"`
	// Attachment is the chunk's bytes (an Arrow IPC stream, LZ4-framed when
	// the manifest says so), standard base64 on the wire.
	Attachment []byte `json:"attachment,omitempty"`
}

// ExternalLink is a presigned URL to one chunk's bytes.
type ExternalLink struct {
	ExternalLink          string            `json:"external_link"`
	Expiration            Time              `json:"expiration"`
	ChunkIndex            int               `json:"chunk_index"`
	RowOffset             int64             `json:"row_offset"`
	RowCount              int64             `json:"row_count"`
	ByteCount             int64             `json:"byte_count"`
	HTTPHeaders           map[string]string `json:"http_headers,omitempty"`
	NextChunkIndex        *int              `json:"next_chunk_index,omitempty"`
	NextChunkInternalLink string            `json:"next_chunk_internal_link,omitempty"`
}

// ErrorResponse is the body of every non-2xx API answer.
type ErrorResponse struct {
	ErrorCode string        `json:"error_code"`
	Message   string        `json:"message"`
	Details   []ErrorDetail `json:"details,omitempty"`
}

// ErrorDetail is one entry of ErrorResponse.Details.
type ErrorDetail struct {
	Type      string `json:"@type"`
	RequestID string `json:"request_id,omitempty"`
}

// Time is an instant encoded as RFC 3339 with a zone and whole seconds
// ("2026-08-07T12:15:00Z"), the form every client parses.
type Time struct{ time.Time }

// MarshalJSON encodes t in UTC with second precision.
func (t Time) MarshalJSON() ([]byte, error) {
	return json.Marshal(t.UTC().Format(time.RFC3339))
}

// UnmarshalJSON accepts any RFC 3339 instant, with or without fractions.
func (t *Time) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("sea: expiration: %w", err)
	}
	parsed, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return fmt.Errorf("sea: expiration %q is not RFC 3339 with a zone: %w", s, err)
	}
	t.Time = parsed
	return nil
}

// IntPtr returns a pointer to v, for the optional int fields.
func IntPtr(v int) *int { return &v }

// StringPtr returns a pointer to v, for optional string fields.
func StringPtr(v string) *string { return &v }
