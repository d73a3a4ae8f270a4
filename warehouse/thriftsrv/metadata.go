package thriftsrv

import (
	"net/http"

	"github.com/sealane/sealane/warehouse/thriftsrv/tcli"
)

// metadataCalls maps the metadata methods to their operation types.
var metadataCalls = map[string]tcli.OperationType{
	"GetTypeInfo": tcli.OpGetTypeInfo, "GetCatalogs": tcli.OpGetCatalogs, "GetSchemas": tcli.OpGetSchemas,
	"GetTables": tcli.OpGetTables, "GetTableTypes": tcli.OpGetTableTypes, "GetColumns": tcli.OpGetColumns,
	"GetFunctions": tcli.OpGetFunctions, "GetPrimaryKeys": tcli.OpUnknown, "GetCrossReference": tcli.OpUnknown,
}

func (s *Server) metadata(r *http.Request, kind tcli.OperationType, req *tcli.MetadataReq) tcli.OperationResp {
	return tcli.OperationResp{Status: errorStatus("0A000", "metadata calls are not served yet")}
}
