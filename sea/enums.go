package sea

// State is a statement's lifecycle state (status.state). CANCELED has one L.
type State string

// Statement states, as spelled on the wire.
const (
	StatePending   State = "PENDING"
	StateRunning   State = "RUNNING"
	StateSucceeded State = "SUCCEEDED"
	StateFailed    State = "FAILED"
	StateCanceled  State = "CANCELED"
	StateClosed    State = "CLOSED"
)

// Terminal reports whether no further transition can happen except to CLOSED.
func (s State) Terminal() bool {
	switch s {
	case StateSucceeded, StateFailed, StateCanceled, StateClosed:
		return true
	}
	return false
}

// Valid reports whether s is one of the six states real clients accept.
func (s State) Valid() bool {
	switch s {
	case StatePending, StateRunning, StateSucceeded, StateFailed, StateCanceled, StateClosed:
		return true
	}
	return false
}

// Disposition selects where results are delivered.
type Disposition string

// Dispositions. INLINE_OR_EXTERNAL_LINKS is unpublished but used by every
// official driver: small results come back as an inline Arrow attachment,
// large ones as external links.
const (
	DispositionInline                Disposition = "INLINE"
	DispositionExternalLinks         Disposition = "EXTERNAL_LINKS"
	DispositionInlineOrExternalLinks Disposition = "INLINE_OR_EXTERNAL_LINKS"
)

// Valid reports whether d is a known disposition.
func (d Disposition) Valid() bool {
	switch d {
	case DispositionInline, DispositionExternalLinks, DispositionInlineOrExternalLinks:
		return true
	}
	return false
}

// Format is the encoding of result data.
type Format string

// Result formats.
const (
	FormatJSONArray   Format = "JSON_ARRAY"
	FormatArrowStream Format = "ARROW_STREAM"
	FormatCSV         Format = "CSV"
)

// Valid reports whether f is a known format.
func (f Format) Valid() bool {
	switch f {
	case FormatJSONArray, FormatArrowStream, FormatCSV:
		return true
	}
	return false
}

// Compression is the codec applied to each chunk's bytes as a whole.
type Compression string

// Result compression codecs. LZ4_FRAME wraps a chunk's entire bytes (for
// ARROW_STREAM: the whole IPC stream) in one LZ4 frame; it is not Arrow IPC
// buffer compression.
const (
	CompressionNone     Compression = "NONE"
	CompressionLZ4Frame Compression = "LZ4_FRAME"
)

// Valid reports whether c is a known codec; the empty string means NONE.
func (c Compression) Valid() bool {
	switch c {
	case "", CompressionNone, CompressionLZ4Frame:
		return true
	}
	return false
}

// OnWaitTimeout says what happens when wait_timeout elapses.
type OnWaitTimeout string

// On-wait-timeout actions.
const (
	OnWaitTimeoutContinue OnWaitTimeout = "CONTINUE"
	OnWaitTimeoutCancel   OnWaitTimeout = "CANCEL"
)

// Valid reports whether o is a known action; the empty string means CONTINUE.
func (o OnWaitTimeout) Valid() bool {
	switch o {
	case "", OnWaitTimeoutContinue, OnWaitTimeoutCancel:
		return true
	}
	return false
}

// Error codes (the public ServiceErrorCode values plus the REST error codes
// the platform uses on HTTP errors).
const (
	ErrorCodeAborted                = "ABORTED"
	ErrorCodeAlreadyExists          = "ALREADY_EXISTS"
	ErrorCodeBadRequest             = "BAD_REQUEST"
	ErrorCodeCancelled              = "CANCELLED"
	ErrorCodeDeadlineExceeded       = "DEADLINE_EXCEEDED"
	ErrorCodeInternalError          = "INTERNAL_ERROR"
	ErrorCodeIOError                = "IO_ERROR"
	ErrorCodeNotFound               = "NOT_FOUND"
	ErrorCodeResourceDoesNotExist   = "RESOURCE_DOES_NOT_EXIST"
	ErrorCodeResourceExhausted      = "RESOURCE_EXHAUSTED"
	ErrorCodeTemporarilyUnavailable = "TEMPORARILY_UNAVAILABLE"
	ErrorCodeUnauthenticated        = "UNAUTHENTICATED"
	ErrorCodePermissionDenied       = "PERMISSION_DENIED"
	ErrorCodeInvalidParameterValue  = "INVALID_PARAMETER_VALUE"
	ErrorCodeMalformedRequest       = "MALFORMED_REQUEST"
	ErrorCodeRequestLimitExceeded   = "REQUEST_LIMIT_EXCEEDED"
	ErrorCodeEndpointNotFound       = "ENDPOINT_NOT_FOUND"
	ErrorCodeUnknown                = "UNKNOWN"
)
