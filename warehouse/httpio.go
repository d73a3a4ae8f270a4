package warehouse

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/sealane/sealane/sea"
)

// maxBody bounds request bodies: the statement text may be 16 MiB.
const maxBody = 17 << 20

// apiError is a protocol-level failure answered with a non-2xx status and
// the SEA error body.
type apiError struct {
	status int
	code   string
	msg    string
}

func (e *apiError) Error() string { return fmt.Sprintf("%d %s: %s", e.status, e.code, e.msg) }

// StatementFailure renders the error as a FAILED statement's status error
// (statements.Failure).
func (e *apiError) StatementFailure() *sea.ServiceError {
	return &sea.ServiceError{ErrorCode: sea.ErrorCodeBadRequest, Message: e.msg}
}

func badRequest(format string, args ...any) *apiError {
	return &apiError{http.StatusBadRequest, sea.ErrorCodeInvalidParameterValue, fmt.Sprintf(format, args...)}
}

func notFound(format string, args ...any) *apiError {
	return &apiError{http.StatusNotFound, sea.ErrorCodeNotFound, fmt.Sprintf(format, args...)}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeAPIError(w http.ResponseWriter, err error) {
	var ae *apiError
	if !errors.As(err, &ae) {
		ae = &apiError{http.StatusInternalServerError, sea.ErrorCodeInternalError, err.Error()}
	}
	writeJSON(w, ae.status, sea.ErrorResponse{ErrorCode: ae.code, Message: ae.msg})
}

// decodeBody decodes an optional JSON body (GET and DELETE may carry one).
// An empty body leaves v untouched; a body over maxBody is refused before
// it is decoded.
func decodeBody(r *http.Request, v any, required bool) error {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		return &apiError{http.StatusBadRequest, sea.ErrorCodeMalformedRequest, "reading request body: " + err.Error()}
	}
	if len(body) > maxBody {
		return &apiError{http.StatusRequestEntityTooLarge, sea.ErrorCodeBadRequest, "request body exceeds 17 MiB"}
	}
	if len(body) == 0 {
		if required {
			return &apiError{http.StatusBadRequest, sea.ErrorCodeMalformedRequest, "request body is required"}
		}
		return nil
	}
	// Unknown fields are accepted, as newer clients may send fields this
	// warehouse does not know yet.
	if err := json.Unmarshal(body, v); err != nil {
		return &apiError{http.StatusBadRequest, sea.ErrorCodeMalformedRequest, "malformed JSON body: " + err.Error()}
	}
	return nil
}
