package thriftsrv_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/warehouse"
	"github.com/sealane/sealane/warehouse/thriftsrv"
	"github.com/sealane/sealane/warehouse/thriftsrv/tcli"
)

// meta runs a metadata call with direct results and returns its columns
// by name.
func meta(t *testing.T, c *client, method string, req tcli.MetadataReq) map[string]tcli.Column {
	t.Helper()
	resp := call[tcli.MetadataReq, tcli.OperationResp](c, method, req)
	require.Equal(t, tcli.StatusSuccess, resp.Status.StatusCode, "%+v", resp.Status)
	require.True(t, resp.OperationHandle.HasResultSet)
	dr := resp.DirectResults
	require.Equal(t, tcli.StateFinished, *dr.OperationStatus.OperationState)
	require.Equal(t, tcli.ColumnBasedSet, *dr.ResultSetMetadata.ResultFormat)
	require.NotNil(t, dr.CloseOperation)
	cols := map[string]tcli.Column{}
	for i, cd := range dr.ResultSetMetadata.Schema.Columns {
		cols[cd.ColumnName] = dr.ResultSet.Results.Columns[i]
	}
	return cols
}

func TestMetadataCalls(t *testing.T) {
	c := start(t, warehouse.Config{}, thriftsrv.Options{})
	sh := c.open(tcli.SparkV8)
	exec := call[tcli.ExecuteStatementReq, tcli.OperationResp](c, "ExecuteStatement", tcli.ExecuteStatementReq{
		SessionHandle: sh, Statement: "CREATE TABLE main.default.people (id BIGINT NOT NULL, name STRING, score DECIMAL(5,2))"})
	require.Equal(t, tcli.StatusSuccess, exec.Status.StatusCode)
	direct := &tcli.GetDirectResults{MaxRows: 1000}

	cols := meta(t, c, "GetCatalogs", tcli.MetadataReq{SessionHandle: sh, GetDirectResults: direct})
	require.Contains(t, cols["TABLE_CAT"].StringVal.Values, "main")

	cols = meta(t, c, "GetSchemas", tcli.MetadataReq{SessionHandle: sh, Field2: ptr("main"), Field3: ptr("def%"), GetDirectResults: direct})
	require.Equal(t, []string{"default"}, cols["TABLE_SCHEM"].StringVal.Values)
	require.Equal(t, []string{"main"}, cols["TABLE_CATALOG"].StringVal.Values)

	cols = meta(t, c, "GetTables", tcli.MetadataReq{SessionHandle: sh, Field2: ptr("main"), Field3: ptr("default"), Field4: ptr("peo_le"),
		TableTypes: []string{"TABLE", "VIEW"}, GetDirectResults: direct})
	require.Equal(t, []string{"people"}, cols["TABLE_NAME"].StringVal.Values)
	require.Equal(t, []string{"TABLE"}, cols["TABLE_TYPE"].StringVal.Values)
	require.Len(t, cols, 10)

	cols = meta(t, c, "GetTables", tcli.MetadataReq{SessionHandle: sh, Field4: ptr("people"), TableTypes: []string{"VIEW"}, GetDirectResults: direct})
	require.Empty(t, cols["TABLE_NAME"].StringVal.Values)

	cols = meta(t, c, "GetColumns", tcli.MetadataReq{SessionHandle: sh, Field2: ptr("main"), Field3: ptr("default"), Field4: ptr("people"), GetDirectResults: direct})
	require.Equal(t, []string{"id", "name", "score"}, cols["COLUMN_NAME"].StringVal.Values)
	require.Equal(t, []int32{-5, 12, 3}, cols["DATA_TYPE"].I32Val.Values)
	require.Equal(t, []string{"BIGINT", "STRING", "DECIMAL(5,2)"}, cols["TYPE_NAME"].StringVal.Values)
	// The real service's 23 columns: BUFFER_LENGTH is TINYINT and there is
	// no IS_GENERATEDCOLUMN (databricks-sql-python's e2e test_get_columns).
	require.Len(t, cols, 23)
	require.NotContains(t, cols, "IS_GENERATEDCOLUMN")
	require.NotNil(t, cols["BUFFER_LENGTH"].ByteVal, "BUFFER_LENGTH is TINYINT")

	cols = meta(t, c, "GetColumns", tcli.MetadataReq{SessionHandle: sh, Field4: ptr("people"), Field5: ptr("na%"), GetDirectResults: direct})
	require.Equal(t, []string{"name"}, cols["COLUMN_NAME"].StringVal.Values)

	cols = meta(t, c, "GetTableTypes", tcli.MetadataReq{SessionHandle: sh, GetDirectResults: direct})
	require.Equal(t, []string{"TABLE", "VIEW"}, cols["TABLE_TYPE"].StringVal.Values)

	cols = meta(t, c, "GetTypeInfo", tcli.MetadataReq{SessionHandle: sh, GetDirectResults: direct})
	require.Contains(t, cols["TYPE_NAME"].StringVal.Values, "DECIMAL")

	for _, m := range []string{"GetFunctions", "GetPrimaryKeys", "GetCrossReference"} {
		cols = meta(t, c, m, tcli.MetadataReq{SessionHandle: sh, Field4: ptr("x"), GetDirectResults: direct})
		require.NotEmpty(t, cols, m)
	}

	// Without direct results: a handle, then FetchResults as for a query.
	resp := call[tcli.MetadataReq, tcli.OperationResp](c, "GetCatalogs", tcli.MetadataReq{SessionHandle: sh})
	require.Equal(t, tcli.OpGetCatalogs, resp.OperationHandle.OperationType)
	page := call[tcli.FetchResultsReq, tcli.FetchResultsResp](c, "FetchResults", tcli.FetchResultsReq{
		OperationHandle: *resp.OperationHandle, MaxRows: 100, IncludeResultSetMetadata: ptr(true)})
	require.Equal(t, tcli.ColumnBasedSet, *page.ResultSetMetadata.ResultFormat)
	require.Contains(t, page.Results.Columns[0].StringVal.Values, "main")
	require.False(t, *page.HasMoreRows)
	// Node fetches once more after a column-based page: an empty set.
	page = call[tcli.FetchResultsReq, tcli.FetchResultsResp](c, "FetchResults", tcli.FetchResultsReq{OperationHandle: *resp.OperationHandle, MaxRows: 100})
	require.Equal(t, tcli.StatusSuccess, page.Status.StatusCode)
	require.Empty(t, page.Results.Columns[0].StringVal.Values)
}
