// Package tcli holds the Thrift messages of Databricks' TCLIService (the
// HiveServer2 protocol with Databricks' 0x5xx extensions) that sealane's
// Thrift endpoint serves, and a codec that reads and writes them over an
// Apache Thrift protocol. The types are written by hand from the protocol's
// field ids and types (see the reference digest thrift-protocol.md); only
// the subset the warehouse serves is modelled, and readers skip the rest.
package tcli

// ProtocolVersion is TProtocolVersion.
type ProtocolVersion int32

// Protocol versions the clients send or gate on.
const (
	SparkV1 ProtocolVersion = 0xA501
	SparkV2 ProtocolVersion = 0xA502
	SparkV3 ProtocolVersion = 0xA503
	SparkV4 ProtocolVersion = 0xA504
	SparkV5 ProtocolVersion = 0xA505
	SparkV6 ProtocolVersion = 0xA506
	SparkV7 ProtocolVersion = 0xA507
	SparkV8 ProtocolVersion = 0xA508
	SparkV9 ProtocolVersion = 0xA509
)

// StatusCode is TStatusCode.
type StatusCode int32

// Status codes.
const (
	StatusSuccess        StatusCode = 0
	StatusSuccessInfo    StatusCode = 1
	StatusStillExecuting StatusCode = 2
	StatusError          StatusCode = 3
	StatusInvalidHandle  StatusCode = 4
)

// OperationState is TOperationState.
type OperationState int32

// Operation states (INITIALIZED is never reported).
const (
	StateInitialized OperationState = 0
	StateRunning     OperationState = 1
	StateFinished    OperationState = 2
	StateCanceled    OperationState = 3
	StateClosed      OperationState = 4
	StateError       OperationState = 5
	StateUnknown     OperationState = 6
	StatePending     OperationState = 7
	StateTimedOut    OperationState = 8
)

// OperationType is TOperationType.
type OperationType int32

// Operation types.
const (
	OpExecuteStatement OperationType = 0
	OpGetTypeInfo      OperationType = 1
	OpGetCatalogs      OperationType = 2
	OpGetSchemas       OperationType = 3
	OpGetTables        OperationType = 4
	OpGetTableTypes    OperationType = 5
	OpGetColumns       OperationType = 6
	OpGetFunctions     OperationType = 7
	OpUnknown          OperationType = 8
)

// RowSetType is TSparkRowSetType.
type RowSetType int32

// Result formats.
const (
	ArrowBasedSet  RowSetType = 0
	ColumnBasedSet RowSetType = 1
	RowBasedSet    RowSetType = 2
	URLBasedSet    RowSetType = 3
)

// TypeID is TTypeId.
type TypeID int32

// Column type ids.
const (
	BooleanType TypeID = iota
	TinyIntType
	SmallIntType
	IntType
	BigIntType
	FloatType
	DoubleType
	StringType
	TimestampType
	BinaryType
	ArrayType
	MapType
	StructType
	UnionType
	UserDefinedType
	DecimalType
	NullType
	DateType
	VarcharType
	CharType
	IntervalYearMonthType
	IntervalDayTimeType
)

// FetchOrientation is TFetchOrientation.
type FetchOrientation int32

// Fetch orientations.
const (
	FetchNext     FetchOrientation = 0
	FetchPrior    FetchOrientation = 1
	FetchRelative FetchOrientation = 2
	FetchAbsolute FetchOrientation = 3
	FetchFirst    FetchOrientation = 4
	FetchLast     FetchOrientation = 5
)

// Status is TStatus.
type Status struct {
	StatusCode       StatusCode `thrift:"1"`
	InfoMessages     []string   `thrift:"2,opt"`
	SQLState         *string    `thrift:"3"`
	ErrorCode        *int32     `thrift:"4"`
	ErrorMessage     *string    `thrift:"5"`
	DisplayMessage   *string    `thrift:"6"`
	ErrorDetailsJSON *string    `thrift:"0x501"`
}

// HandleIdentifier is THandleIdentifier: 16-byte guid and secret.
type HandleIdentifier struct {
	GUID   []byte `thrift:"1"`
	Secret []byte `thrift:"2"`
}

// SessionHandle is TSessionHandle.
type SessionHandle struct {
	SessionID HandleIdentifier `thrift:"1"`
}

// OperationHandle is TOperationHandle.
type OperationHandle struct {
	OperationID      HandleIdentifier `thrift:"1"`
	OperationType    OperationType    `thrift:"2"`
	HasResultSet     bool             `thrift:"3"`
	ModifiedRowCount *float64         `thrift:"4"`
}

// Namespace is TNamespace.
type Namespace struct {
	CatalogName *string `thrift:"1"`
	SchemaName  *string `thrift:"2"`
}

// OpenSessionReq is TOpenSessionReq.
type OpenSessionReq struct {
	ClientProtocol         *int32            `thrift:"1"`
	Username               *string           `thrift:"2"`
	Password               *string           `thrift:"3"`
	Configuration          map[string]string `thrift:"4,opt"`
	GetInfos               []int32           `thrift:"0x501,opt"`
	ClientProtocolI64      *int64            `thrift:"0x502"`
	ConnectionProperties   map[string]string `thrift:"0x503,opt"`
	InitialNamespace       *Namespace        `thrift:"0x504"`
	CanUseMultipleCatalogs *bool             `thrift:"0x505"`
}

// OpenSessionResp is TOpenSessionResp.
type OpenSessionResp struct {
	Status                 Status            `thrift:"1"`
	ServerProtocolVersion  ProtocolVersion   `thrift:"2"`
	SessionHandle          *SessionHandle    `thrift:"3"`
	Configuration          map[string]string `thrift:"4,opt"`
	InitialNamespace       *Namespace        `thrift:"0x504"`
	CanUseMultipleCatalogs *bool             `thrift:"0x505"`
}

// CloseSessionReq is TCloseSessionReq.
type CloseSessionReq struct {
	SessionHandle SessionHandle `thrift:"1"`
}

// StatusResp is any response made of a status alone (TCloseSessionResp,
// TCancelOperationResp, TCloseOperationResp).
type StatusResp struct {
	Status Status `thrift:"1"`
}

// GetInfoReq is TGetInfoReq.
type GetInfoReq struct {
	SessionHandle SessionHandle `thrift:"1"`
	InfoType      int32         `thrift:"2"`
}

// GetInfoValue is the TGetInfoValue union.
type GetInfoValue struct {
	StringValue    *string `thrift:"1"`
	SmallIntValue  *int16  `thrift:"2"`
	IntegerBitmask *int32  `thrift:"3"`
	IntegerFlag    *int32  `thrift:"4"`
	BinaryValue    *int32  `thrift:"5"`
	LenValue       *int64  `thrift:"6"`
}

// GetInfoResp is TGetInfoResp.
type GetInfoResp struct {
	Status    Status       `thrift:"1"`
	InfoValue GetInfoValue `thrift:"2"`
}

// GetDirectResults is TSparkGetDirectResults.
type GetDirectResults struct {
	MaxRows  int64  `thrift:"1"`
	MaxBytes *int64 `thrift:"2"`
}

// DirectResults is TSparkDirectResults.
type DirectResults struct {
	OperationStatus   *GetOperationStatusResp   `thrift:"1"`
	ResultSetMetadata *GetResultSetMetadataResp `thrift:"2"`
	ResultSet         *FetchResultsResp         `thrift:"3"`
	CloseOperation    *StatusResp               `thrift:"4"`
}

// ArrowTypes is TSparkArrowTypes.
type ArrowTypes struct {
	TimestampAsArrow     *bool `thrift:"1"`
	DecimalAsArrow       *bool `thrift:"2"`
	ComplexTypesAsArrow  *bool `thrift:"3"`
	IntervalTypesAsArrow *bool `thrift:"4"`
	NullTypeAsArrow      *bool `thrift:"5"`
}

// ExecuteStatementReq is TExecuteStatementReq.
type ExecuteStatementReq struct {
	SessionHandle          SessionHandle     `thrift:"1"`
	Statement              string            `thrift:"2"`
	ConfOverlay            map[string]string `thrift:"3,opt"`
	RunAsync               *bool             `thrift:"4"`
	QueryTimeout           *int64            `thrift:"5"`
	GetDirectResults       *GetDirectResults `thrift:"0x501"`
	CanReadArrowResult     *bool             `thrift:"0x502"`
	CanDownloadResult      *bool             `thrift:"0x503"`
	CanDecompressLZ4Result *bool             `thrift:"0x504"`
	MaxBytesPerFile        *int64            `thrift:"0x505"`
	UseArrowNativeTypes    *ArrowTypes       `thrift:"0x506"`
	ResultRowLimit         *int64            `thrift:"0x507"`
	Parameters             []Parameter       `thrift:"0x508,opt"`
	MaxBytesPerBatch       *int64            `thrift:"0x509"`
}

// ParameterValue is the TSparkParameterValue union.
type ParameterValue struct {
	StringValue  *string  `thrift:"1"`
	DoubleValue  *float64 `thrift:"2"`
	BooleanValue *bool    `thrift:"3"`
}

// ParameterValueArg is TSparkParameterValueArg (ARRAY/MAP arguments).
type ParameterValueArg struct {
	Type      *string             `thrift:"1"`
	Value     *string             `thrift:"2"`
	Arguments []ParameterValueArg `thrift:"3,opt"`
}

// Parameter is TSparkParameter.
type Parameter struct {
	Ordinal   *int32              `thrift:"1"`
	Name      *string             `thrift:"2"`
	Type      *string             `thrift:"3"`
	Value     *ParameterValue     `thrift:"4"`
	Arguments []ParameterValueArg `thrift:"5,opt"`
}

// OperationResp is the response of ExecuteStatement and every metadata
// call (TExecuteStatementResp, TGetTablesResp, …).
type OperationResp struct {
	Status          Status           `thrift:"1"`
	OperationHandle *OperationHandle `thrift:"2"`
	DirectResults   *DirectResults   `thrift:"0x501"`
}

// MetadataReq is the request of every metadata call: the fields of
// TGetTypeInfoReq, TGetCatalogsReq, TGetSchemasReq, TGetTablesReq,
// TGetTableTypesReq, TGetColumnsReq, TGetFunctionsReq, TGetPrimaryKeysReq
// and TGetCrossReferenceReq share ids as laid out below (fields 2–7 mean
// what the call says: catalog, schema, table, column or function name,
// table types, or the parent/foreign names of GetCrossReference).
type MetadataReq struct {
	SessionHandle    SessionHandle     `thrift:"1"`
	Field2           *string           `thrift:"2"`
	Field3           *string           `thrift:"3"`
	Field4           *string           `thrift:"4"`
	Field5           *string           `thrift:"5"`
	TableTypes       []string          `thrift:"5,opt"`
	Field6           *string           `thrift:"6"`
	Field7           *string           `thrift:"7"`
	GetDirectResults *GetDirectResults `thrift:"0x501"`
	RunAsync         *bool             `thrift:"0x502"`
}

// GetOperationStatusReq is TGetOperationStatusReq.
type GetOperationStatusReq struct {
	OperationHandle   OperationHandle `thrift:"1"`
	GetProgressUpdate *bool           `thrift:"2"`
}

// GetOperationStatusResp is TGetOperationStatusResp.
type GetOperationStatusResp struct {
	Status             Status          `thrift:"1"`
	OperationState     *OperationState `thrift:"2"`
	SQLState           *string         `thrift:"3"`
	ErrorCode          *int32          `thrift:"4"`
	ErrorMessage       *string         `thrift:"5"`
	OperationStarted   *int64          `thrift:"7"`
	OperationCompleted *int64          `thrift:"8"`
	HasResultSet       *bool           `thrift:"9"`
	NumModifiedRows    *int64          `thrift:"11"`
	DisplayMessage     *string         `thrift:"0x501"`
	DiagnosticInfo     *string         `thrift:"0x502"`
	ErrorDetailsJSON   *string         `thrift:"0x503"`
}

// OperationReq is the request of the calls that take an operation handle
// alone (TCancelOperationReq, TCloseOperationReq, TGetResultSetMetadataReq).
type OperationReq struct {
	OperationHandle OperationHandle `thrift:"1"`
}

// TypeQualifierValue is the TTypeQualifierValue union.
type TypeQualifierValue struct {
	I32Value    *int32  `thrift:"1"`
	StringValue *string `thrift:"2"`
}

// TypeQualifiers is TTypeQualifiers.
type TypeQualifiers struct {
	Qualifiers map[string]TypeQualifierValue `thrift:"1"`
}

// PrimitiveTypeEntry is TPrimitiveTypeEntry.
type PrimitiveTypeEntry struct {
	Type           TypeID          `thrift:"1"`
	TypeQualifiers *TypeQualifiers `thrift:"2"`
}

// TypeEntry is the TTypeEntry union; sealane describes every column,
// complex ones included, by a primitive entry (as Databricks does).
type TypeEntry struct {
	PrimitiveEntry *PrimitiveTypeEntry `thrift:"1"`
}

// TypeDesc is TTypeDesc.
type TypeDesc struct {
	Types []TypeEntry `thrift:"1"`
}

// ColumnDesc is TColumnDesc.
type ColumnDesc struct {
	ColumnName string   `thrift:"1"`
	TypeDesc   TypeDesc `thrift:"2"`
	Position   int32    `thrift:"3"`
	Comment    *string  `thrift:"4"`
}

// TableSchema is TTableSchema.
type TableSchema struct {
	Columns []ColumnDesc `thrift:"1"`
}

// GetResultSetMetadataResp is TGetResultSetMetadataResp.
type GetResultSetMetadataResp struct {
	Status             Status       `thrift:"1"`
	Schema             *TableSchema `thrift:"2"`
	ResultFormat       *RowSetType  `thrift:"0x501"`
	LZ4Compressed      *bool        `thrift:"0x502"`
	ArrowSchema        []byte       `thrift:"0x503,opt"`
	UncompressedBytes  *int64       `thrift:"0x505"`
	CompressedBytes    *int64       `thrift:"0x506"`
	IsStagingOperation *bool        `thrift:"0x507"`
}

// FetchResultsReq is TFetchResultsReq.
type FetchResultsReq struct {
	OperationHandle          OperationHandle  `thrift:"1"`
	Orientation              FetchOrientation `thrift:"2"`
	MaxRows                  int64            `thrift:"3"`
	FetchType                *int16           `thrift:"4"`
	MaxBytes                 *int64           `thrift:"0x501"`
	StartRowOffset           *int64           `thrift:"0x502"`
	IncludeResultSetMetadata *bool            `thrift:"0x503"`
}

// FetchResultsResp is TFetchResultsResp.
type FetchResultsResp struct {
	Status            Status                    `thrift:"1"`
	HasMoreRows       *bool                     `thrift:"2"`
	Results           *RowSet                   `thrift:"3"`
	ResultSetMetadata *GetResultSetMetadataResp `thrift:"0x501"`
}

// Row is TRow; sealane never sends row-based sets, so it stays empty.
type Row struct{}

// ArrowBatch is TSparkArrowBatch: Arrow IPC record-batch messages without
// the schema message.
type ArrowBatch struct {
	Batch    []byte `thrift:"1"`
	RowCount int64  `thrift:"2"`
}

// ResultLink is TSparkArrowResultLink (CloudFetch).
type ResultLink struct {
	FileLink       string            `thrift:"1"`
	ExpiryTime     int64             `thrift:"2"` // epoch milliseconds
	StartRowOffset int64             `thrift:"3"`
	RowCount       int64             `thrift:"4"`
	BytesNum       int64             `thrift:"5"` // uncompressed Arrow bytes
	HTTPHeaders    map[string]string `thrift:"6,opt"`
}

// RowSet is TRowSet.
type RowSet struct {
	StartRowOffset int64        `thrift:"1"`
	Rows           []Row        `thrift:"2"`
	Columns        []Column     `thrift:"3,opt"`
	ColumnCount    *int32       `thrift:"5"`
	ArrowBatches   []ArrowBatch `thrift:"0x501,opt"`
	ResultLinks    []ResultLink `thrift:"0x502,opt"`
}

// BoolColumn is TBoolColumn; Nulls is a bitmap, bit i of byte i/8 set for
// a NULL in row i.
type BoolColumn struct {
	Values []bool `thrift:"1"`
	Nulls  []byte `thrift:"2"`
}

// ByteColumn is TByteColumn.
type ByteColumn struct {
	Values []int8 `thrift:"1"`
	Nulls  []byte `thrift:"2"`
}

// I16Column is TI16Column.
type I16Column struct {
	Values []int16 `thrift:"1"`
	Nulls  []byte  `thrift:"2"`
}

// I32Column is TI32Column.
type I32Column struct {
	Values []int32 `thrift:"1"`
	Nulls  []byte  `thrift:"2"`
}

// I64Column is TI64Column.
type I64Column struct {
	Values []int64 `thrift:"1"`
	Nulls  []byte  `thrift:"2"`
}

// DoubleColumn is TDoubleColumn.
type DoubleColumn struct {
	Values []float64 `thrift:"1"`
	Nulls  []byte    `thrift:"2"`
}

// StringColumn is TStringColumn.
type StringColumn struct {
	Values []string `thrift:"1"`
	Nulls  []byte   `thrift:"2"`
}

// BinaryColumn is TBinaryColumn.
type BinaryColumn struct {
	Values [][]byte `thrift:"1"`
	Nulls  []byte   `thrift:"2"`
}

// Column is the TColumn union.
type Column struct {
	BoolVal   *BoolColumn   `thrift:"1"`
	ByteVal   *ByteColumn   `thrift:"2"`
	I16Val    *I16Column    `thrift:"3"`
	I32Val    *I32Column    `thrift:"4"`
	I64Val    *I64Column    `thrift:"5"`
	DoubleVal *DoubleColumn `thrift:"6"`
	StringVal *StringColumn `thrift:"7"`
	BinaryVal *BinaryColumn `thrift:"8"`
}
