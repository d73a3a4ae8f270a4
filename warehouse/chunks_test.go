package warehouse_test

import (
	"bytes"
	"io"
	"net/http"
	"strconv"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/pierrec/lz4/v4"
	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/internal/rawsea"
	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse"
)

// lz4Magic starts every LZ4 frame.
var lz4Magic = []byte{0x04, 0x22, 0x4d, 0x18}

// bigQuery is 300,000 BIGINTs: about 2.4 MB of Arrow, many 64 KiB chunks.
const bigQuery = "SELECT id FROM range(300000)"

// checkLinkedChunks walks an EXTERNAL_LINKS Arrow result chunk by chunk,
// checking the chunk bookkeeping of protocol §3.5 against the manifest,
// and returns the ids column in order.
func checkLinkedChunks(t *testing.T, c *rawsea.Client, resp *sea.StatementResponse) []int64 {
	t.Helper()
	m := resp.Manifest
	n := m.TotalChunkCount
	require.Len(t, m.Chunks, n, "manifest.chunks must list every chunk")
	var offset int64
	for i, ci := range m.Chunks {
		require.Equal(t, i, ci.ChunkIndex)
		require.Equal(t, offset, ci.RowOffset, "chunk %d row_offset", i)
		require.Positive(t, ci.RowCount, "chunk %d is empty", i)
		offset += ci.RowCount
	}
	require.Equal(t, offset, m.TotalRowCount, "total_row_count is the sum of the chunks")

	var ids []int64
	for k := range n {
		data := resp.Result
		if k > 0 {
			var err error
			data, err = c.Chunk(t.Context(), resp.StatementID, k)
			require.NoError(t, err)
		}
		require.Equal(t, k, data.ChunkIndex)
		require.Equal(t, m.Chunks[k].RowOffset, data.RowOffset)
		require.Equal(t, m.Chunks[k].RowCount, data.RowCount)
		require.Empty(t, data.Attachment)
		require.NotEmpty(t, data.ExternalLinks)
		link := data.ExternalLinks[0]
		require.Equal(t, k, link.ChunkIndex, "the chunk's own link comes first")
		require.Equal(t, m.Chunks[k].RowOffset, link.RowOffset)
		require.Equal(t, m.Chunks[k].RowCount, link.RowCount)
		require.Positive(t, link.ByteCount)
		if k < n-1 {
			require.NotNil(t, data.NextChunkIndex)
			require.Equal(t, k+1, *data.NextChunkIndex)
			require.Equal(t, sea.ChunkPath(resp.StatementID, k+1), data.NextChunkInternalLink)
			require.NotNil(t, link.NextChunkIndex)
			require.Equal(t, k+1, *link.NextChunkIndex)
			require.Equal(t, sea.ChunkPath(resp.StatementID, k+1), link.NextChunkInternalLink)
		} else {
			require.Nil(t, data.NextChunkIndex, "no next chunk after the last")
			require.Empty(t, data.NextChunkInternalLink)
			require.Nil(t, link.NextChunkIndex)
			require.Empty(t, link.NextChunkInternalLink)
		}
		b, status, err := c.Download(t.Context(), link)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, status, "%s", b)
		recs := decodeArrow(t, [][]byte{b}, m.ResultCompression, false)
		require.NotEmpty(t, recs, "every Arrow chunk holds a batch")
		got := int64s(t, recs, 0)
		require.Len(t, got, int(link.RowCount))
		ids = append(ids, got...)
	}
	return ids
}

func TestExternalLinksByteChunks(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{ChunkBytes: 64 << 10})
	resp := succeed(t, c, sea.ExecuteStatementRequest{
		Statement: bigQuery, WaitTimeout: "0s",
		Disposition: sea.DispositionExternalLinks, Format: sea.FormatArrowStream,
	})
	require.Equal(t, sea.StateSucceeded, resp.Status.State)
	require.EqualValues(t, 300000, resp.Manifest.TotalRowCount)
	require.Greater(t, resp.Manifest.TotalChunkCount, 10, "2.4 MB in 64 KiB chunks")
	require.False(t, resp.Manifest.Truncated)
	require.Len(t, resp.Result.ExternalLinks, 1, "other agents get one link per response")
	require.Equal(t, sequence(300000), checkLinkedChunks(t, c, resp))
	for _, ci := range resp.Manifest.Chunks {
		require.LessOrEqual(t, ci.ByteCount, int64(2*64<<10), "a chunk stays near ChunkBytes")
	}
}

func TestExternalLinksRowChunks(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{ChunkRows: 50000})
	resp := succeed(t, c, sea.ExecuteStatementRequest{
		Statement: bigQuery, WaitTimeout: "30s",
		Disposition: sea.DispositionExternalLinks, Format: sea.FormatArrowStream,
	})
	require.Equal(t, 6, resp.Manifest.TotalChunkCount)
	for _, ci := range resp.Manifest.Chunks {
		require.EqualValues(t, 50000, ci.RowCount)
	}
	require.Equal(t, sequence(300000), checkLinkedChunks(t, c, resp))
}

// TestUserAgentLinks: the JDBC User-Agent (which the Rust kernel spoofs) gets
// every link in the first response; others one link per response.
func TestUserAgentLinks(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{ChunkBytes: 64 << 10, InlineLimit: 64 << 10})
	req := sea.ExecuteStatementRequest{Statement: bigQuery, Disposition: sea.DispositionInlineOrExternalLinks, Format: sea.FormatArrowStream}

	c.UserAgent = "DatabricksJDBCDriverOSS/1.0"
	resp := succeed(t, c, req)
	n := resp.Manifest.TotalChunkCount
	require.Greater(t, n, 2)
	links := resp.Result.ExternalLinks
	require.Len(t, links, n)
	for k, l := range links {
		require.Equal(t, k, l.ChunkIndex)
		require.Equal(t, k < n-1, l.NextChunkIndex != nil)
	}
	data, err := c.Chunk(t.Context(), resp.StatementID, 2)
	require.NoError(t, err)
	require.Len(t, data.ExternalLinks, n-2)
	require.Equal(t, 2, data.ExternalLinks[0].ChunkIndex)
	require.Equal(t, sequence(300000), checkLinkedChunks(t, c, resp))

	c.UserAgent = "PyDatabricksSqlConnector/4.4.0"
	resp = succeed(t, c, req)
	require.Len(t, resp.Result.ExternalLinks, 1)
	data, err = c.Chunk(t.Context(), resp.StatementID, 2)
	require.NoError(t, err)
	require.Len(t, data.ExternalLinks, 1)
	require.Equal(t, 2, data.ExternalLinks[0].ChunkIndex)
}

// lz4Decode decodes one LZ4 frame stream independently of rawsea.
func lz4Decode(t *testing.T, b []byte) []byte {
	t.Helper()
	require.True(t, bytes.HasPrefix(b, lz4Magic), "not an LZ4 frame: % x", b[:min(len(b), 8)])
	out, err := io.ReadAll(lz4.NewReader(bytes.NewReader(b)))
	require.NoError(t, err)
	return out
}

// ipcRows reads one whole IPC stream and returns its int64 column 0 and string column 1.
func ipcRows(t *testing.T, stream []byte) ([]int64, []string) {
	t.Helper()
	rdr, err := ipc.NewReader(bytes.NewReader(stream))
	require.NoError(t, err)
	defer rdr.Release()
	var ids []int64
	var ss []string
	for rdr.Next() {
		rec := rdr.RecordBatch()
		ids = append(ids, rec.Column(0).(*array.Int64).Int64Values()...)
		if rec.NumCols() > 1 {
			col := rec.Column(1).(*array.String)
			for i := range col.Len() {
				ss = append(ss, col.Value(i))
			}
		}
	}
	require.NoError(t, rdr.Err())
	return ids, ss
}

func TestLZ4Frame(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{ChunkRows: 400})
	const q = "SELECT id, 'row' || id AS s FROM range(1000)"
	var wantS []string
	for i := range 1000 {
		wantS = append(wantS, "row"+strconv.Itoa(i))
	}

	// Inline attachment.
	resp := succeed(t, c, sea.ExecuteStatementRequest{Statement: "SELECT id, 'row' || id AS s FROM range(300)",
		Disposition: sea.DispositionInlineOrExternalLinks, Format: sea.FormatArrowStream, ResultCompression: sea.CompressionLZ4Frame})
	require.Equal(t, sea.CompressionLZ4Frame, resp.Manifest.ResultCompression)
	ids, ss := ipcRows(t, lz4Decode(t, resp.Result.Attachment))
	require.Equal(t, sequence(300), ids)
	require.Equal(t, wantS[:300], ss)

	// External links: each chunk is its own frame.
	resp = succeed(t, c, sea.ExecuteStatementRequest{Statement: q, WaitTimeout: "30s",
		Disposition: sea.DispositionExternalLinks, Format: sea.FormatArrowStream, ResultCompression: sea.CompressionLZ4Frame})
	require.Equal(t, sea.CompressionLZ4Frame, resp.Manifest.ResultCompression)
	require.Equal(t, 3, resp.Manifest.TotalChunkCount)
	chunks, err := c.ChunkBytes(t.Context(), resp)
	require.NoError(t, err)
	var allIDs []int64
	var allS []string
	for _, b := range chunks {
		ids, ss := ipcRows(t, lz4Decode(t, b))
		allIDs, allS = append(allIDs, ids...), append(allS, ss...)
	}
	require.Equal(t, sequence(1000), allIDs)
	require.Equal(t, wantS, allS)
	require.Equal(t, sequence(1000), int64s(t, decodeArrow(t, chunks, sea.CompressionLZ4Frame, false), 0))
}

// TestLZ4IgnoredForJSON: the service ignores the codec for JSON_ARRAY and
// CSV, and says so in the manifest.
func TestLZ4IgnoredForJSON(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	for _, req := range []sea.ExecuteStatementRequest{
		{Disposition: sea.DispositionInline, Format: sea.FormatJSONArray},
		{Disposition: sea.DispositionExternalLinks, Format: sea.FormatJSONArray},
		{Disposition: sea.DispositionExternalLinks, Format: sea.FormatCSV},
	} {
		req.Statement, req.WaitTimeout, req.ResultCompression = "SELECT id FROM range(3)", "10s", sea.CompressionLZ4Frame
		resp := succeed(t, c, req)
		require.Contains(t, []sea.Compression{"", sea.CompressionNone}, resp.Manifest.ResultCompression, "%s/%s", req.Disposition, req.Format)
		if req.Disposition == sea.DispositionInline {
			require.Equal(t, [][]string{{"0"}, {"1"}, {"2"}}, strs(resp.Result.DataArray))
			continue
		}
		chunks, err := c.ChunkBytes(t.Context(), resp)
		require.NoError(t, err)
		require.Len(t, chunks, 1)
		require.False(t, bytes.HasPrefix(chunks[0], lz4Magic))
		if req.Format == sea.FormatJSONArray {
			require.JSONEq(t, `[["0"],["1"],["2"]]`, string(chunks[0]))
		} else {
			require.Equal(t, "id\n0\n1\n2\n", string(chunks[0]))
		}
	}
}
