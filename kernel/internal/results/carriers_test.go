package results_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse"
)

var compressions = []sea.Compression{sea.CompressionNone, sea.CompressionLZ4Frame}

// TestInlineAttachment: one inline IPC stream, with and without LZ4.
func TestInlineAttachment(t *testing.T) {
	for _, comp := range compressions {
		t.Run(string(comp), func(t *testing.T) {
			e := newEnv(t, warehouse.Config{})
			resp := e.run(t, sea.ExecuteStatementRequest{Statement: fmt.Sprintf(idsQuery, 5000),
				Disposition: sea.DispositionInlineOrExternalLinks, Format: sea.FormatArrowStream, ResultCompression: comp})
			require.NotEmpty(t, resp.Result.Attachment)
			require.Equal(t, 1, resp.Manifest.TotalChunkCount)
			rdr := e.open(t, t.Context(), resp, e.config(resp.StatementID))
			defer rdr.Release()
			require.True(t, idsSchema.Equal(rdr.Schema()), "%s", rdr.Schema())
			d := drain(t, rdr)
			requireIDs(t, d, 5000)
			require.Equal(t, []int64{5000}, d.batches, "2048-row IPC batches coalesce into one")
		})
	}
}

// TestMultiChunkInline: one IPC stream split over several attachments,
// fetched through the Fetcher and read in order.
func TestMultiChunkInline(t *testing.T) {
	for _, comp := range compressions {
		t.Run(string(comp), func(t *testing.T) {
			e := newEnv(t, warehouse.Config{MultiChunkInline: true, ChunkBytes: 64 << 10})
			resp := e.run(t, sea.ExecuteStatementRequest{Statement: fmt.Sprintf(idsQuery, 300000),
				Disposition: sea.DispositionInlineOrExternalLinks, Format: sea.FormatArrowStream, ResultCompression: comp})
			require.NotEmpty(t, resp.Result.Attachment)
			require.Greater(t, resp.Manifest.TotalChunkCount, 10)
			rdr := e.open(t, t.Context(), resp, e.config(resp.StatementID))
			defer rdr.Release()
			requireIDs(t, drain(t, rdr), 300000)
		})
	}
}

// TestExternalLinks: many CloudFetch chunks, every id once and in order,
// with one link per response and with every link in the first (the JDBC
// User-Agent), and with signatures carried in http_headers.
func TestExternalLinks(t *testing.T) {
	for _, tc := range []struct {
		name        string
		comp        sea.Compression
		agent       string
		linkHeaders bool
	}{
		{name: "NONE", comp: sea.CompressionNone},
		{name: "LZ4", comp: sea.CompressionLZ4Frame},
		{name: "LZ4/all-links", comp: sea.CompressionLZ4Frame, agent: "DatabricksJDBCDriverOSS/1.0"},
		{name: "NONE/http_headers", comp: sea.CompressionNone, linkHeaders: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, warehouse.Config{ChunkBytes: 128 << 10, LinkHeaders: tc.linkHeaders})
			e.c.UserAgent = tc.agent
			resp := e.links(t, fmt.Sprintf(idsQuery, 300000), tc.comp)
			require.Greater(t, resp.Manifest.TotalChunkCount, 20)
			if tc.agent != "" {
				require.Len(t, resp.Result.ExternalLinks, resp.Manifest.TotalChunkCount)
			} else {
				require.Len(t, resp.Result.ExternalLinks, 1)
			}
			cfg := e.config(resp.StatementID)
			cfg.BatchRows = -1
			rdr := e.open(t, t.Context(), resp, cfg)
			defer rdr.Release()
			require.True(t, idsSchema.Equal(rdr.Schema()), "%s", rdr.Schema())
			d := drain(t, rdr)
			requireIDs(t, d, 300000)
			st := stats(t, rdr)
			require.EqualValues(t, resp.Manifest.TotalChunkCount, st.Chunks)
			require.EqualValues(t, resp.Manifest.TotalChunkCount, st.Downloads)
			require.Zero(t, st.Retries)
			require.Zero(t, st.BytesHeld)
		})
	}
}

// TestJSONArrayMatchesArrow: INLINE JSON_ARRAY cells and JSON_ARRAY chunks
// behind links convert to the same batches as the Arrow result of the same
// query, for every type the warehouse maps.
func TestJSONArrayMatchesArrow(t *testing.T) {
	e := newEnv(t, warehouse.Config{})
	arrowResp := e.run(t, sea.ExecuteStatementRequest{Statement: typesQuery,
		Disposition: sea.DispositionInlineOrExternalLinks, Format: sea.FormatArrowStream})
	want := e.open(t, t.Context(), arrowResp, e.config(arrowResp.StatementID))
	defer want.Release()
	require.True(t, want.Next())
	for _, disp := range []sea.Disposition{sea.DispositionInline, sea.DispositionExternalLinks} {
		t.Run(string(disp), func(t *testing.T) {
			resp := e.run(t, sea.ExecuteStatementRequest{Statement: typesQuery, Disposition: disp, Format: sea.FormatJSONArray})
			rdr := e.open(t, t.Context(), resp, e.config(resp.StatementID))
			defer rdr.Release()
			require.True(t, want.Schema().Equal(rdr.Schema()), "JSON schema %s\nArrow schema %s", rdr.Schema(), want.Schema())
			require.True(t, rdr.Next(), "%v", rdr.Err())
			got := rdr.RecordBatch()
			require.EqualValues(t, 3, got.NumRows())
			for i := range got.NumCols() {
				require.Equal(t, want.RecordBatch().Column(int(i)).String(), got.Column(int(i)).String(), "column %s", got.ColumnName(int(i)))
			}
			require.False(t, rdr.Next())
			require.NoError(t, rdr.Err())
		})
	}
}

// typesQuery returns three rows (values, NULLs, negatives) of every type
// the warehouse maps. Its MAP keys are in sorted order because the
// warehouse renders MAP JSON text through a Go map, which sorts keys.
const typesQuery = `SELECT * FROM (VALUES
	(true, 1::TINYINT, 2::SMALLINT, 3::INT, 4::BIGINT, 1.5::FLOAT, 2.25::DOUBLE, 12.30::DECIMAL(10,2),
	 'hello', unhex('ABCD'), DATE '2024-01-02', TIMESTAMP '2024-01-02 03:04:05.123456',
	 TIMESTAMPTZ '2024-01-02 03:04:05.123456+00', INTERVAL '3 days 4 hours 5.5 seconds',
	 [1, 2, 3]::INTEGER[], {'x': 1, 'y': 'a'}, MAP {'j': 2, 'k': 1}, NULL),
	(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
	(false, -1::TINYINT, -2::SMALLINT, -3::INT, -4::BIGINT, -1.5::FLOAT, -2.25::DOUBLE, -0.05::DECIMAL(10,2),
	 '', unhex(''), DATE '1969-12-31', TIMESTAMP '1969-12-31 23:59:59.5',
	 TIMESTAMPTZ '1969-12-31 23:59:59.5+00', -INTERVAL '1 day 1 second',
	 []::INTEGER[], {'x': NULL, 'y': NULL}, MAP {}::MAP(VARCHAR, INTEGER), NULL)
) AS t(b, ti, si, i, bi, f, d, dec, s, bl, dt, ts, tstz, iv, arr, st, m, n)`

// TestEmptyResults: no rows keeps the full schema from the manifest, for
// every disposition, and DDL gives an empty reader with no columns.
func TestEmptyResults(t *testing.T) {
	e := newEnv(t, warehouse.Config{})
	const query = "SELECT 1.5::DECIMAL(10,2) AS d, TIMESTAMPTZ '2024-01-02 03:04:05+00' AS ts, [1, 2]::BIGINT[] AS a, 'x' AS s FROM range(0)"
	for _, req := range []sea.ExecuteStatementRequest{
		{Disposition: sea.DispositionInlineOrExternalLinks, Format: sea.FormatArrowStream},
		{Disposition: sea.DispositionExternalLinks, Format: sea.FormatArrowStream, ResultCompression: sea.CompressionLZ4Frame},
		{Disposition: sea.DispositionInline, Format: sea.FormatJSONArray},
	} {
		t.Run(string(req.Disposition), func(t *testing.T) {
			req.Statement = query
			resp := e.run(t, req)
			rdr := e.open(t, context.Background(), resp, e.config(resp.StatementID))
			defer rdr.Release()
			require.Equal(t, []string{"d", "ts", "a", "s"}, fieldNames(rdr.Schema()))
			require.Equal(t, "decimal(10, 2)", rdr.Schema().Field(0).Type.String())
			require.Equal(t, "timestamp[us, tz=Etc/UTC]", rdr.Schema().Field(1).Type.String())
			require.Equal(t, "list<item: int64, nullable>", rdr.Schema().Field(2).Type.String())
			require.Equal(t, "utf8", rdr.Schema().Field(3).Type.String())
			require.False(t, rdr.Next())
			require.NoError(t, rdr.Err())
		})
	}
	t.Run("DDL", func(t *testing.T) {
		resp := e.run(t, sea.ExecuteStatementRequest{Statement: "CREATE TABLE t (x INT)"})
		rdr := e.open(t, context.Background(), resp, e.config(resp.StatementID))
		defer rdr.Release()
		require.False(t, rdr.Next())
		require.NoError(t, rdr.Err())
	})
}
