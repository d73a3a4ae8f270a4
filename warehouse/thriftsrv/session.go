package thriftsrv

import (
	"context"
	"errors"

	"github.com/sealane/sealane/warehouse"
	"github.com/sealane/sealane/warehouse/thriftsrv/tcli"
)

// serverVersion is the protocol version sealane answers: V8 (native
// parameters), whatever the client asks. Databricks answers V8 to a client
// asking V9, and Python asks V7 but needs V8 for native parameters.
const serverVersion = tcli.SparkV8

func (s *Server) openSession(ctx context.Context, req *tcli.OpenSessionReq) tcli.OpenSessionResp {
	version := int64(serverVersion)
	if req.ClientProtocolI64 != nil {
		version = *req.ClientProtocolI64
	} else if req.ClientProtocol != nil && *req.ClientProtocol > 0 {
		version = int64(*req.ClientProtocol)
	}
	if version < int64(tcli.SparkV1) {
		return tcli.OpenSessionResp{Status: errorStatus("08004", "sealane serves Databricks' Thrift protocol (SPARK_CLI_SERVICE_PROTOCOL_V1 or later)"),
			ServerProtocolVersion: serverVersion}
	}
	var catalog, schema string
	if ns := req.InitialNamespace; ns != nil {
		if ns.CatalogName != nil {
			catalog = *ns.CatalogName
		}
		if ns.SchemaName != nil {
			schema = *ns.SchemaName
		}
	}
	// Confs the warehouse does not take as SQL confs (the connector's
	// Arrow switches) are ignored by it.
	id, err := s.wh.OpenSession(ctx, catalog, schema, req.Configuration)
	if err != nil {
		var re *warehouse.RequestError
		if errors.As(err, &re) {
			return tcli.OpenSessionResp{Status: errorStatus("42000", re.Msg), ServerProtocolVersion: serverVersion}
		}
		return tcli.OpenSessionResp{Status: errorStatus("08004", "could not open a session: "+err.Error()), ServerProtocolVersion: serverVersion}
	}
	cat, sch, _ := s.wh.SessionNamespace(id)
	return tcli.OpenSessionResp{
		Status:                 success(),
		ServerProtocolVersion:  tcli.ProtocolVersion(min(version, int64(serverVersion))),
		SessionHandle:          &tcli.SessionHandle{SessionID: tcli.HandleIdentifier{GUID: guidOf(id), Secret: secret()}},
		Configuration:          map[string]string{},
		InitialNamespace:       &tcli.Namespace{CatalogName: ptr(cat), SchemaName: ptr(sch)},
		CanUseMultipleCatalogs: ptr(true),
	}
}

func (s *Server) closeSession(req *tcli.CloseSessionReq) tcli.StatusResp {
	id := idOf(req.SessionHandle.SessionID.GUID)
	if err := s.wh.CloseSession(id); err != nil {
		return tcli.StatusResp{Status: invalidSession()}
	}
	s.forgetSession(id)
	return tcli.StatusResp{Status: success()}
}

// GetInfo types (TGetInfoType) sealane answers.
const (
	infoServerName = 13
	infoDBMSName   = 17
	infoDBMSVer    = 18
)

func (s *Server) getInfo(req *tcli.GetInfoReq) tcli.GetInfoResp {
	if _, _, err := s.wh.SessionNamespace(idOf(req.SessionHandle.SessionID.GUID)); err != nil {
		return tcli.GetInfoResp{Status: invalidSession()}
	}
	var v string
	switch req.InfoType {
	case infoServerName, infoDBMSName:
		v = "Spark SQL"
	case infoDBMSVer:
		v = "3.5.0"
	default:
		return tcli.GetInfoResp{Status: errorStatus("HY096", "Unrecognized GetInfoType value"), InfoValue: tcli.GetInfoValue{StringValue: ptr("")}}
	}
	return tcli.GetInfoResp{Status: success(), InfoValue: tcli.GetInfoValue{StringValue: ptr(v)}}
}
