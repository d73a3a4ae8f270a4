package warehouse_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
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

// TestEmptyResults: an empty result keeps its full schema; inline Arrow
// carries the schema and one zero-row batch.
func TestEmptyResults(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	for _, tc := range []struct {
		query, name, typeName, typeText string
		arrow                           arrow.DataType
	}{
		{"SELECT * FROM range(0)", "id", "LONG", "BIGINT", arrow.PrimitiveTypes.Int64},
		{"SELECT 1 AS a WHERE false", "a", "INT", "INT", arrow.PrimitiveTypes.Int32},
	} {
		for _, req := range []sea.ExecuteStatementRequest{
			{Disposition: sea.DispositionInlineOrExternalLinks, Format: sea.FormatArrowStream},
			{Disposition: sea.DispositionExternalLinks, Format: sea.FormatArrowStream},
			{Disposition: sea.DispositionInline, Format: sea.FormatJSONArray},
		} {
			req.Statement, req.WaitTimeout = tc.query, "10s"
			resp := succeed(t, c, req)
			m := resp.Manifest
			require.EqualValues(t, 0, m.TotalRowCount)
			require.Equal(t, 1, m.Schema.ColumnCount, "%s %s", tc.query, req.Disposition)
			require.Len(t, m.Schema.Columns, 1)
			col := m.Schema.Columns[0]
			require.Equal(t, sea.ColumnInfo{Name: tc.name, TypeName: tc.typeName, TypeText: tc.typeText}, col)
			if req.Disposition != sea.DispositionInlineOrExternalLinks {
				continue
			}
			require.NotEmpty(t, resp.Result.Attachment)
			rdr, err := ipc.NewReader(bytes.NewReader(resp.Result.Attachment))
			require.NoError(t, err)
			require.Equal(t, []arrow.Field{{Name: tc.name, Type: tc.arrow, Nullable: true}}, rdr.Schema().Fields())
			batches := 0
			for rdr.Next() {
				batches++
				require.EqualValues(t, 0, rdr.RecordBatch().NumRows())
			}
			require.NoError(t, rdr.Err())
			rdr.Release()
			require.Equal(t, 1, batches, "schema plus one zero-row batch")
		}
	}
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
