// Package historyhttp serves the Query History API of a history.Log over
// HTTP (GET /api/2.0/sql/history/queries and …/{id}); the log itself knows
// nothing of HTTP.
package historyhttp

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse/history"
)

// ListHandler answers GET /api/2.0/sql/history/queries. It does no
// authentication: mount it behind the API's.
func ListHandler(l *history.Log) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		req, err := ParseListRequest(r)
		if err == nil {
			var resp history.ListResponse
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
func DetailHandler(l *history.Log) http.Handler {
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
	if errors.Is(err, history.ErrBadRequest) {
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

// ParseListRequest reads a list request from r: the query string, and a
// JSON body if there is one (its fields win).
func ParseListRequest(r *http.Request) (history.ListRequest, error) {
	req, err := history.ParseQuery(r.URL.Query())
	if err != nil {
		return req, err
	}
	if r.Body != nil {
		body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20+1))
		if err != nil {
			return req, fmt.Errorf("%w: reading the body: %w", history.ErrBadRequest, err)
		}
		if len(body) > 1<<20 {
			return req, fmt.Errorf("%w: body over 1 MiB", history.ErrBadRequest)
		}
		if len(strings.TrimSpace(string(body))) > 0 {
			if err := json.Unmarshal(body, &req); err != nil {
				return req, fmt.Errorf("%w: malformed JSON body: %w", history.ErrBadRequest, err)
			}
		}
	}
	return req, nil
}
