package thriftsrv_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/internal/rawsea"
	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse"
	"github.com/sealane/sealane/warehouse/thriftsrv"
	"github.com/sealane/sealane/warehouse/thriftsrv/tcli"
	"github.com/sealane/sealane/warehouse/typemap"
)

// outcome is what a statement gave through one protocol: column names and
// types, rows as the SEA JSON text of each cell, or the error's class and
// SQLSTATE.
type outcome struct {
	names, types []string
	rows         [][]string
	class, state string
}

// errorClass is the "[CLASS]" an error message starts with.
func errorClass(msg string) string {
	if i := strings.IndexByte(msg, ']'); strings.HasPrefix(msg, "[") && i > 0 {
		return msg[1:i]
	}
	return msg
}

// thriftTypeNames names TTypeIds as the corpus compares them.
var thriftTypeNames = map[tcli.TypeID]string{
	tcli.BooleanType: "BOOLEAN", tcli.TinyIntType: "TINYINT", tcli.SmallIntType: "SMALLINT", tcli.IntType: "INT",
	tcli.BigIntType: "BIGINT", tcli.FloatType: "FLOAT", tcli.DoubleType: "DOUBLE", tcli.StringType: "STRING",
	tcli.TimestampType: "TIMESTAMP", tcli.BinaryType: "BINARY", tcli.ArrayType: "ARRAY", tcli.MapType: "MAP",
	tcli.StructType: "STRUCT", tcli.DecimalType: "DECIMAL", tcli.NullType: "VOID", tcli.DateType: "DATE",
	tcli.IntervalDayTimeType: "INTERVAL", tcli.IntervalYearMonthType: "INTERVAL",
}

// seaTypeNames folds SEA's type names onto the Thrift spelling.
var seaTypeNames = map[string]string{"BYTE": "TINYINT", "SHORT": "SMALLINT", "LONG": "BIGINT", "NULL": "VOID", "TIMESTAMP_NTZ": "TIMESTAMP"}

func viaSEA(t *testing.T, c *rawsea.Client, stmt string) outcome {
	t.Helper()
	ctx := context.Background()
	resp, err := c.Execute(ctx, sea.ExecuteStatementRequest{Statement: stmt, WaitTimeout: "30s",
		Disposition: sea.DispositionInline, Format: sea.FormatJSONArray})
	require.NoError(t, err)
	if resp.Status.State == sea.StateFailed {
		return outcome{class: errorClass(resp.Status.Error.Message), state: resp.Status.SQLState}
	}
	require.Equal(t, sea.StateSucceeded, resp.Status.State, stmt)
	var o outcome
	for _, col := range resp.Manifest.Schema.Columns {
		o.names = append(o.names, col.Name)
		name := col.TypeName
		if n, ok := seaTypeNames[name]; ok {
			name = n
		}
		o.types = append(o.types, name)
	}
	if resp.Result != nil {
		for _, row := range resp.Result.DataArray {
			cells := make([]string, len(row))
			for i, v := range row {
				cells[i] = "NULL"
				if v != nil {
					cells[i] = *v
				}
			}
			o.rows = append(o.rows, cells)
		}
	}
	return o
}

func viaThrift(t *testing.T, c *client, sh tcli.SessionHandle, stmt string) outcome {
	t.Helper()
	resp := call[tcli.ExecuteStatementReq, tcli.OperationResp](c, "ExecuteStatement", tcli.ExecuteStatementReq{
		SessionHandle: sh, Statement: stmt, GetDirectResults: &tcli.GetDirectResults{MaxRows: 100000}, CanReadArrowResult: ptr(true)})
	if resp.Status.StatusCode == tcli.StatusError {
		return outcome{class: errorClass(*resp.Status.ErrorMessage), state: *resp.Status.SQLState}
	}
	dr := resp.DirectResults
	if st := dr.OperationStatus; *st.OperationState == tcli.StateError {
		return outcome{class: errorClass(*st.ErrorMessage), state: *st.SQLState}
	}
	require.NotNil(t, dr.CloseOperation, stmt)
	var o outcome
	for _, cd := range dr.ResultSetMetadata.Schema.Columns {
		o.names = append(o.names, cd.ColumnName)
		o.types = append(o.types, thriftTypeNames[cd.TypeDesc.Types[0].PrimitiveEntry.Type])
	}
	if len(dr.ResultSet.Results.ArrowBatches) == 0 {
		return o
	}
	stream := bytes.Clone(dr.ResultSetMetadata.ArrowSchema)
	for _, b := range dr.ResultSet.Results.ArrowBatches {
		stream = append(stream, b.Batch...)
	}
	rdr, err := ipc.NewReader(bytes.NewReader(stream))
	require.NoError(t, err)
	defer rdr.Release()
	for rdr.Next() {
		rec := rdr.RecordBatch()
		for r := range int(rec.NumRows()) {
			cells := make([]string, rec.NumCols())
			for i := range cells {
				s, ok := typemap.Text(rec.Column(i), r)
				if !ok {
					s = "NULL"
				}
				cells[i] = s
			}
			o.rows = append(o.rows, cells)
		}
	}
	require.NoError(t, rdr.Err())
	return o
}

// TestSameAnswersThroughSEAAndThrift runs a corpus through both protocols
// of one warehouse: same columns, types and rows, or the same error class
// and SQLSTATE.
func TestSameAnswersThroughSEAAndThrift(t *testing.T) {
	c := start(t, warehouse.Config{}, thriftsrv.Options{})
	seaClient := &rawsea.Client{BaseURL: c.base, Token: token, WarehouseID: c.wh.Config().WarehouseID}
	sh := c.open(tcli.SparkV8)
	corpus := []string{
		"SELECT 1 AS one",
		"SELECT true, CAST(-8 AS TINYINT), CAST(300 AS SMALLINT), 70000, 9000000000, CAST(1.5 AS FLOAT), 2.25",
		"SELECT 'héllo ✓' AS s, X'00ff' AS b, CAST(NULL AS STRING) AS n, NULL AS v",
		"SELECT DATE'2024-02-29' AS d, TIMESTAMP'2024-01-02 03:04:05.123456' AS ts, TIMESTAMP_NTZ'2024-01-02 03:04:05' AS ntz",
		"SELECT CAST(12.345 AS DECIMAL(10,3)) AS d, CAST(-1 AS DECIMAL(38,0)) AS big",
		"SELECT ARRAY(1, 2, NULL) AS a, MAP('k', 1) AS m, NAMED_STRUCT('x', 1, 'y', 'z') AS st",
		"SELECT id, id % 3 AS m FROM range(50) AS r(id) ORDER BY id",
		"SELECT * FROM range(0) AS r(id)",
		"SELECT INTERVAL '3' DAY AS i",
		"SELECT * FROM no_such_table",
		"SELEC 1",
		"SELECT CAST('x' AS INT)",
		"SELECT 1/0",
		"SELECT no_such_function(1)",
	}
	for _, stmt := range corpus {
		t.Run(stmt, func(t *testing.T) {
			want := viaSEA(t, seaClient, stmt)
			got := viaThrift(t, c, sh, stmt)
			require.Equal(t, want, got)
			require.True(t, want.state != "" || len(want.names) > 0, "the corpus statement gave nothing to compare")
		})
	}
}
