package history

import (
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"github.com/sealane/sealane/sea"
)

// ListHandler answers GET /api/2.0/sql/history/queries. It does no
// authentication: mount it behind the API's.
func (l *Log) ListHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		req, err := ParseListRequest(r)
		if err == nil {
			var resp ListResponse
			if resp, err = l.List(req, time.Now()); err == nil {
				writeJSON(w, http.StatusOK, resp)
				return
			}
		}
		writeError(w, err)
	})
}

// DetailHandler answers GET /api/2.0/sql/history/queries/{id} (a sealane
// addition): one statement with its parameters and manifest.
func (l *Log) DetailHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.PathValue("id")
		d, ok := l.Get(id, time.Now())
		if !ok {
			writeJSON(w, http.StatusNotFound, sea.ErrorResponse{ErrorCode: sea.ErrorCodeResourceDoesNotExist,
				Message: "Query " + id + " is not in the history (it keeps the last statements only)"})
			return
		}
		writeJSON(w, http.StatusOK, d)
	})
}

func writeError(w http.ResponseWriter, err error) {
	if errors.Is(err, ErrBadRequest) {
		writeJSON(w, http.StatusBadRequest, sea.ErrorResponse{ErrorCode: sea.ErrorCodeInvalidParameterValue, Message: err.Error()})
		return
	}
	writeJSON(w, http.StatusInternalServerError, sea.ErrorResponse{ErrorCode: sea.ErrorCodeInternalError, Message: err.Error()})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
