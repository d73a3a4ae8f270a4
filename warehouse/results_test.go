package warehouse_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse"
)

// TestArrowInline: an inline ARROW_STREAM attachment is one IPC stream with
// the right values.
func TestArrowInline(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	resp := succeed(t, c, sea.ExecuteStatementRequest{
		Statement:   "SELECT id, id * id AS sq, 'n' || id AS s FROM range(100)",
		Disposition: sea.DispositionInlineOrExternalLinks, Format: sea.FormatArrowStream, WaitTimeout: "10s",
	})
	require.Equal(t, sea.StateSucceeded, resp.Status.State)
	require.Empty(t, resp.Result.ExternalLinks)
	require.EqualValues(t, 100, resp.Result.RowCount)
	recs := arrowResult(t, c, resp)
	ids, sq := int64s(t, recs, 0), int64s(t, recs, 1)
	require.Equal(t, sequence(100), ids)
	for i, v := range sq {
		require.Equal(t, int64(i*i), v)
	}
	require.Equal(t, "n99", recs[len(recs)-1].Column(2).ValueStr(int(recs[len(recs)-1].NumRows())-1))
}

// TestJSONArrayInline: strings as is, NULL as null, BINARY as hex.
func TestJSONArrayInline(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	resp := succeed(t, c, sea.ExecuteStatementRequest{WaitTimeout: "10s", Statement: `
		SELECT * FROM (VALUES
			('a b', NULL::VARCHAR, unhex('AB01'), 42, 1.5::DOUBLE, true, DATE '2024-01-02'),
			('ünï "q"', 'x', unhex(''), -7, -0.25::DOUBLE, false, NULL)
		) AS v(s, n, b, i, d, t, dt) ORDER BY i DESC`})
	require.Equal(t, sea.FormatJSONArray, resp.Manifest.Format)
	require.EqualValues(t, 2, resp.Manifest.TotalRowCount)
	require.Equal(t, [][]string{
		{"a b", "<null>", "ab01", "42", "1.5", "true", "2024-01-02"},
		{`ünï "q"`, "x", "", "-7", "-0.25", "false", "<null>"},
	}, strs(resp.Result.DataArray))
	require.Nil(t, resp.Result.DataArray[0][1], "NULL is JSON null, not a string")
}

// dataRows are the rows of the JSON and CSV link tests: every third s is NULL.
const dataRows = "SELECT id, CASE WHEN id % 3 = 0 THEN NULL ELSE 'v,' || id END AS s FROM range(2500)"

func wantDataRow(i int) []string {
	if i%3 == 0 {
		return []string{strconv.Itoa(i), "<null>"}
	}
	return []string{strconv.Itoa(i), "v," + strconv.Itoa(i)}
}

func TestJSONArrayExternalLinks(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{ChunkRows: 1000})
	resp := succeed(t, c, sea.ExecuteStatementRequest{Statement: dataRows, WaitTimeout: "10s",
		Disposition: sea.DispositionExternalLinks, Format: sea.FormatJSONArray})
	require.Equal(t, 3, resp.Manifest.TotalChunkCount)
	chunks, err := c.ChunkBytes(t.Context(), resp)
	require.NoError(t, err)
	var got [][]string
	for k, b := range chunks {
		var compact bytes.Buffer
		require.NoError(t, json.Compact(&compact, b))
		require.Equal(t, compact.String(), string(b), "chunk %d is not compact JSON", k)
		var cells [][]*string
		require.NoError(t, json.Unmarshal(b, &cells))
		require.Len(t, cells, int(resp.Manifest.Chunks[k].RowCount))
		got = append(got, strs(cells)...)
	}
	require.Len(t, got, 2500)
	for i, row := range got {
		require.Equal(t, wantDataRow(i), row)
	}
}

func TestCSVExternalLinks(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{ChunkRows: 1000})
	resp := succeed(t, c, sea.ExecuteStatementRequest{Statement: dataRows, WaitTimeout: "10s",
		Disposition: sea.DispositionExternalLinks, Format: sea.FormatCSV})
	require.Equal(t, sea.FormatCSV, resp.Manifest.Format)
	require.Equal(t, 3, resp.Manifest.TotalChunkCount)
	chunks, err := c.ChunkBytes(t.Context(), resp)
	require.NoError(t, err)
	var got [][]string
	for k, b := range chunks {
		recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
		require.NoError(t, err)
		if k == 0 {
			require.Equal(t, []string{"id", "s"}, recs[0], "header in chunk 0")
			recs = recs[1:]
		} else {
			require.NotEqual(t, "id", recs[0][0], "header only in chunk 0")
		}
		require.Len(t, recs, int(resp.Manifest.Chunks[k].RowCount))
		got = append(got, recs...)
	}
	require.Len(t, got, 2500)
	for i, row := range got {
		want := wantDataRow(i)
		if want[1] == "<null>" {
			want[1] = "null"
		}
		require.Equal(t, want, row)
	}
	require.True(t, strings.HasPrefix(string(chunks[0]), "id,s\n0,null\n1,\"v,1\"\n"), "%.40q", chunks[0])
}

// TestMultiChunkInline: attachments split one IPC stream at message
// boundaries; their LZ4-decoded concatenation is one stream with every row.
func TestMultiChunkInline(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{MultiChunkInline: true, ChunkBytes: 64 << 10})
	resp := succeed(t, c, sea.ExecuteStatementRequest{Statement: bigQuery,
		Disposition: sea.DispositionInlineOrExternalLinks, Format: sea.FormatArrowStream, ResultCompression: sea.CompressionLZ4Frame})
	require.Equal(t, sea.StateSucceeded, resp.Status.State, "several chunks are not direct results")
	m := resp.Manifest
	require.Greater(t, m.TotalChunkCount, 2)
	require.Len(t, m.Chunks, m.TotalChunkCount)
	require.EqualValues(t, 300000, m.TotalRowCount)

	var stream []byte
	for k := range m.TotalChunkCount {
		data := resp.Result
		if k > 0 {
			var err error
			data, err = c.Chunk(t.Context(), resp.StatementID, k)
			require.NoError(t, err)
		}
		require.Equal(t, k, data.ChunkIndex)
		require.Empty(t, data.ExternalLinks)
		require.NotEmpty(t, data.Attachment, "chunk %d", k)
		require.Equal(t, m.Chunks[k].RowOffset, data.RowOffset)
		stream = append(stream, lz4Decode(t, data.Attachment)...)
	}
	rdr, err := ipc.NewReader(bytes.NewReader(stream))
	require.NoError(t, err)
	defer rdr.Release()
	var ids []int64
	for rdr.Next() {
		ids = append(ids, int64s(t, []arrow.RecordBatch{rdr.RecordBatch()}, 0)...)
	}
	require.NoError(t, rdr.Err())
	require.Equal(t, sequence(300000), ids)
}

func TestRowLimit(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{ChunkBytes: 64 << 10})
	for _, tc := range []struct {
		query     string
		limit     int64
		want      int
		truncated bool
	}{
		{"SELECT id FROM range(100000)", 10, 10, true},
		{"SELECT id FROM range(4096)", 2048, 2048, true},
		{"SELECT id FROM range(5)", 10, 5, false},
		{"SELECT id FROM range(10)", 10, 10, false},
	} {
		resp := succeed(t, c, sea.ExecuteStatementRequest{Statement: tc.query, RowLimit: tc.limit, WaitTimeout: "10s"})
		require.Equal(t, tc.truncated, resp.Manifest.Truncated, "%s row_limit %d", tc.query, tc.limit)
		require.EqualValues(t, tc.want, resp.Manifest.TotalRowCount)
		require.Len(t, resp.Result.DataArray, tc.want)
		require.Equal(t, strconv.Itoa(tc.want-1), *resp.Result.DataArray[tc.want-1][0])
	}
	resp := succeed(t, c, sea.ExecuteStatementRequest{Statement: bigQuery, RowLimit: 150000, WaitTimeout: "10s",
		Disposition: sea.DispositionExternalLinks, Format: sea.FormatArrowStream})
	require.True(t, resp.Manifest.Truncated)
	require.EqualValues(t, 150000, resp.Manifest.TotalRowCount)
	require.Equal(t, sequence(150000), checkLinkedChunks(t, c, resp))
}

// TestRowLimitZero: "row_limit": 0 keeps no rows and sets truncated when
// the query had rows to cut, in every disposition; the manifest still
// carries the schema, and no result data is sent. An absent or null
// row_limit keeps every row.
func TestRowLimitZero(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	ctx := t.Context()
	exec := func(body map[string]any) *sea.StatementResponse {
		t.Helper()
		body["warehouse_id"], body["wait_timeout"] = c.WarehouseID, "10s"
		var resp sea.StatementResponse
		require.NoError(t, c.Do(ctx, http.MethodPost, "/statements", body, &resp))
		require.Equal(t, sea.StateSucceeded, resp.Status.State, "%v: %+v", body, resp.Status.Error)
		require.NotNil(t, resp.Manifest)
		return &resp
	}
	for _, disp := range []struct {
		d sea.Disposition
		f sea.Format
	}{
		{sea.DispositionInline, sea.FormatJSONArray},
		{sea.DispositionInlineOrExternalLinks, sea.FormatArrowStream},
		{sea.DispositionExternalLinks, sea.FormatArrowStream},
		{sea.DispositionExternalLinks, sea.FormatCSV},
	} {
		for _, tc := range []struct {
			query     string
			truncated bool
		}{
			{"SELECT id, 'x' AS s FROM range(10)", true},
			{"SELECT id, 'x' AS s FROM range(0)", false},
		} {
			resp := exec(map[string]any{"statement": tc.query, "row_limit": 0, "disposition": disp.d, "format": disp.f})
			what := fmt.Sprintf("%s %s/%s", tc.query, disp.d, disp.f)
			require.Equal(t, tc.truncated, resp.Manifest.Truncated, what)
			require.Zero(t, resp.Manifest.TotalRowCount, what)
			require.Zero(t, resp.Manifest.TotalChunkCount, what)
			require.Nil(t, resp.Result, what)
			require.Equal(t, []string{"id", "s"}, columnNames(resp.Manifest), what)
		}
	}
	for _, limit := range []any{nil, "absent"} {
		body := map[string]any{"statement": "SELECT id FROM range(10)", "row_limit": limit}
		if limit == "absent" {
			delete(body, "row_limit")
		}
		resp := exec(body)
		require.False(t, resp.Manifest.Truncated)
		require.EqualValues(t, 10, resp.Manifest.TotalRowCount)
		require.Len(t, resp.Result.DataArray, 10)
	}
}

func TestByteLimit(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{ChunkBytes: 64 << 10})
	resp := succeed(t, c, sea.ExecuteStatementRequest{Statement: bigQuery, ByteLimit: 100000, WaitTimeout: "10s",
		Disposition: sea.DispositionExternalLinks, Format: sea.FormatArrowStream})
	require.True(t, resp.Manifest.Truncated)
	n := resp.Manifest.TotalRowCount
	require.Positive(t, n)
	require.Less(t, n, int64(300000))
	require.Equal(t, sequence(int(n)), checkLinkedChunks(t, c, resp))

	resp = succeed(t, c, sea.ExecuteStatementRequest{Statement: "SELECT id FROM range(10)", ByteLimit: 1 << 20, WaitTimeout: "10s"})
	require.False(t, resp.Manifest.Truncated)
	require.EqualValues(t, 10, resp.Manifest.TotalRowCount)
}

// TestEmptyResults: an empty result (no rows, or DDL) carries no result
// data in any disposition and format, as on the service: no "result" in the
// execute or poll answer, total_chunk_count 0, and the manifest holds the
// whole schema. Databricks' Rust kernel fails on an attachment holding a
// zero-row batch ("Schema not available for inline result").
func TestEmptyResults(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	ctx := t.Context()
	for _, tc := range []struct {
		query   string
		columns []sea.ColumnInfo
	}{
		{"SELECT * FROM range(0)", []sea.ColumnInfo{{Name: "id", TypeName: "LONG", TypeText: "BIGINT"}}},
		{"SELECT 1 AS a, 'x' AS b WHERE false", []sea.ColumnInfo{
			{Name: "a", TypeName: "INT", TypeText: "INT"}, {Name: "b", TypeName: "STRING", TypeText: "STRING", Position: 1}}},
		{"CREATE OR REPLACE TABLE empty_ddl (a INT)", nil},
	} {
		for _, req := range []sea.ExecuteStatementRequest{
			{Disposition: sea.DispositionInline, Format: sea.FormatJSONArray},
			{Disposition: sea.DispositionInlineOrExternalLinks, Format: sea.FormatArrowStream},
			{Disposition: sea.DispositionInlineOrExternalLinks, Format: sea.FormatArrowStream, ResultCompression: sea.CompressionLZ4Frame},
			{Disposition: sea.DispositionExternalLinks, Format: sea.FormatArrowStream},
			{Disposition: sea.DispositionExternalLinks, Format: sea.FormatJSONArray},
			{Disposition: sea.DispositionExternalLinks, Format: sea.FormatCSV},
		} {
			for _, wait := range []string{"10s", ""} { // "": direct results
				req.WarehouseID, req.Statement, req.WaitTimeout = c.WarehouseID, tc.query, wait
				what := fmt.Sprintf("%s %s/%s wait %q", tc.query, req.Disposition, req.Format, wait)
				var raw map[string]json.RawMessage
				require.NoError(t, c.Do(ctx, http.MethodPost, "/statements", req, &raw), what)
				var resp sea.StatementResponse
				require.NoError(t, json.Unmarshal(mustJSON(t, raw), &resp))
				if resp.Status.State == sea.StateSucceeded {
					require.NotContains(t, raw, "result", what)
				}
				resp = *await(t, c, &resp)
				require.Equal(t, sea.StateSucceeded, resp.Status.State, "%s: CLOSED would mean the results are gone", what)
				// The poll answers the same way.
				raw = nil
				require.NoError(t, c.Do(ctx, http.MethodGet, "/statements/"+resp.StatementID, nil, &raw), what)
				require.NotContains(t, raw, "result", what)
				m := resp.Manifest
				require.NotNil(t, m, what)
				require.Equal(t, req.Format, m.Format, what)
				require.EqualValues(t, 0, m.TotalRowCount, what)
				require.Zero(t, m.TotalChunkCount, what)
				require.Empty(t, m.Chunks, what)
				require.False(t, m.Truncated, what)
				require.Equal(t, len(tc.columns), m.Schema.ColumnCount, what)
				require.Equal(t, tc.columns, m.Schema.Columns, what)
				_, err := c.Chunk(ctx, resp.StatementID, 0)
				apiError(t, err, http.StatusBadRequest)
				require.NoError(t, c.Close(ctx, resp.StatementID))
			}
		}
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return b
}

func TestInlineLimit(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{InlineLimit: 4096})
	st := failed(t, c, sea.ExecuteStatementRequest{Statement: "SELECT id FROM range(10000)", WaitTimeout: "10s", Disposition: sea.DispositionInline})
	require.Contains(t, st.Error.Message, "INLINE limit")
	require.Contains(t, st.Error.Message, "EXTERNAL_LINKS")
	require.NotEmpty(t, st.SQLState)

	// INLINE_OR_EXTERNAL_LINKS switches to links instead.
	resp := succeed(t, c, sea.ExecuteStatementRequest{Statement: "SELECT id FROM range(10000)", WaitTimeout: "10s",
		Disposition: sea.DispositionInlineOrExternalLinks, Format: sea.FormatArrowStream})
	require.NotEmpty(t, resp.Result.ExternalLinks)
	require.Empty(t, resp.Result.Attachment)
	require.Equal(t, sequence(10000), int64s(t, arrowResult(t, c, resp), 0))
}

func TestDispositionFormatMismatch(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	for _, req := range []sea.ExecuteStatementRequest{
		{Disposition: sea.DispositionInline, Format: sea.FormatArrowStream},
		{Disposition: sea.DispositionInline, Format: sea.FormatCSV},
		{Disposition: "SOMEWHERE", Format: sea.FormatJSONArray},
		{Disposition: sea.DispositionExternalLinks, Format: "PARQUET"},
		{Disposition: sea.DispositionExternalLinks, Format: sea.FormatArrowStream, ResultCompression: "GZIP"},
	} {
		req.Statement = "SELECT 1"
		_, err := c.Execute(t.Context(), req)
		apiError(t, err, http.StatusBadRequest)
	}
}
