package faults

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/sealane/sealane/sea"
)

// Error codes the sea package has no constant for.
const (
	errorCodeNotImplemented   = "NOT_IMPLEMENTED"
	errorCodeResourceConflict = "RESOURCE_CONFLICT"
)

// apiErrorCode maps an HTTP status to the Databricks error_code the platform
// sends with it (protocol reference §6.2).
func apiErrorCode(status int) string {
	switch status {
	case http.StatusBadRequest:
		return sea.ErrorCodeBadRequest
	case http.StatusUnauthorized:
		return sea.ErrorCodeUnauthenticated
	case http.StatusForbidden:
		return sea.ErrorCodePermissionDenied
	case http.StatusNotFound:
		return sea.ErrorCodeNotFound
	case http.StatusConflict:
		return errorCodeResourceConflict
	case http.StatusRequestTimeout, http.StatusGatewayTimeout:
		return sea.ErrorCodeDeadlineExceeded
	case http.StatusTooManyRequests:
		return sea.ErrorCodeRequestLimitExceeded
	case http.StatusInternalServerError:
		return sea.ErrorCodeInternalError
	case http.StatusNotImplemented:
		return errorCodeNotImplemented
	case http.StatusBadGateway, http.StatusServiceUnavailable:
		return sea.ErrorCodeTemporarilyUnavailable
	}
	switch {
	case status >= 400 && status < 500:
		return sea.ErrorCodeBadRequest
	case status >= 500 && status < 600:
		return sea.ErrorCodeInternalError
	}
	return sea.ErrorCodeUnknown
}

// storageErrorCode maps an HTTP status to an S3-style storage error code.
func storageErrorCode(status int) string {
	switch status {
	case http.StatusForbidden:
		return "AccessDenied"
	case http.StatusNotFound:
		return "NoSuchKey"
	case http.StatusRequestTimeout:
		return "RequestTimeout"
	case http.StatusTooManyRequests:
		return "SlowDown"
	case http.StatusNotImplemented:
		return "NotImplemented"
	case http.StatusServiceUnavailable:
		return "ServiceUnavailable"
	}
	if status >= 500 {
		return "InternalError"
	}
	return "InvalidRequest"
}

// faultMessage is the human-readable text of an injected error.
func faultMessage(status int, call Call) string {
	return fmt.Sprintf("sealane: injected fault (HTTP %d on %s)", status, call)
}

// retryAfterSeconds renders d as whole seconds, rounded up, at least 1.
func retryAfterSeconds(d time.Duration) string {
	secs := int64((d + time.Second - 1) / time.Second)
	return strconv.FormatInt(max(secs, 1), 10)
}

// writeError answers an injected error for call: a JSON sea.ErrorResponse on
// API calls, a storage-style XML document on downloads.
func writeError(w http.ResponseWriter, call Call, rule Rule) {
	msg := faultMessage(rule.Status, call)
	var body []byte
	var contentType string
	if call == CallDownload {
		var b bytes.Buffer
		b.WriteString(xml.Header[:len(xml.Header)-1]) // without the trailing newline
		b.WriteString("<Error><Code>")
		_ = xml.EscapeText(&b, []byte(storageErrorCode(rule.Status)))
		b.WriteString("</Code><Message>")
		_ = xml.EscapeText(&b, []byte(msg))
		b.WriteString("</Message></Error>")
		body, contentType = b.Bytes(), "application/xml"
	} else {
		var err error
		body, err = json.Marshal(sea.ErrorResponse{ErrorCode: apiErrorCode(rule.Status), Message: msg})
		if err != nil { // cannot happen: two plain strings
			panic(err)
		}
		contentType = "application/json"
	}
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	if rule.RetryAfter > 0 {
		h.Set("Retry-After", retryAfterSeconds(rule.RetryAfter))
	}
	w.WriteHeader(rule.Status)
	_, _ = w.Write(body)
}
