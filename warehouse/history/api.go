package history

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/sealane/sealane/sea"
)

// ListRequest is the request of GET /api/2.0/sql/history/queries, read from
// the query string (filter_by.statuses=…, the form the Databricks SDKs
// send) or from a JSON body (the older form).
type ListRequest struct {
	FilterBy       *Filter `json:"filter_by,omitempty"`
	MaxResults     int     `json:"max_results,omitempty"`
	PageToken      string  `json:"page_token,omitempty"`
	IncludeMetrics bool    `json:"include_metrics,omitempty"`
}

// Filter limits the statements listed; empty fields do not filter.
type Filter struct {
	QueryStartTimeRange *TimeRange `json:"query_start_time_range,omitempty"`
	Statuses            []Status   `json:"statuses,omitempty"`
	UserIDs             []int64    `json:"user_ids,omitempty"`
	WarehouseIDs        []string   `json:"warehouse_ids,omitempty"`
	StatementIDs        []string   `json:"statement_ids,omitempty"`
}

// TimeRange bounds the start time of listed statements, in milliseconds
// since the epoch, both ends inclusive; zero means unbounded.
type TimeRange struct {
	StartTimeMs int64 `json:"start_time_ms,omitempty"`
	EndTimeMs   int64 `json:"end_time_ms,omitempty"`
}

// ListResponse is the answer: the page of statements, most recently
// started first, and the token of the next page.
type ListResponse struct {
	NextPageToken string      `json:"next_page_token,omitempty"`
	HasNextPage   bool        `json:"has_next_page"`
	Res           []QueryInfo `json:"res"`
}

// QueryInfo is one statement as Query History reports it. The fields after
// Metrics are this warehouse's additions; clients ignore fields they do
// not know.
type QueryInfo struct {
	QueryID              string   `json:"query_id"`
	Status               Status   `json:"status"`
	QueryText            string   `json:"query_text"`
	StatementType        string   `json:"statement_type"`
	QueryStartTimeMs     int64    `json:"query_start_time_ms"`
	ExecutionEndTimeMs   int64    `json:"execution_end_time_ms,omitempty"`
	QueryEndTimeMs       int64    `json:"query_end_time_ms,omitempty"`
	Duration             int64    `json:"duration,omitempty"`
	UserID               int64    `json:"user_id"`
	UserName             string   `json:"user_name"`
	ExecutedAsUserID     int64    `json:"executed_as_user_id"`
	ExecutedAsUserName   string   `json:"executed_as_user_name"`
	WarehouseID          string   `json:"warehouse_id"`
	EndpointID           string   `json:"endpoint_id"`
	RowsProduced         int64    `json:"rows_produced"`
	ErrorMessage         string   `json:"error_message,omitempty"`
	IsFinal              bool     `json:"is_final"`
	ClientApplication    string   `json:"client_application,omitempty"`
	Metrics              *Metrics `json:"metrics,omitempty"`
	ExecutionStartTimeMs int64    `json:"execution_start_time_ms,omitempty"`
	UserAgent            string   `json:"user_agent,omitempty"`
	SessionID            string   `json:"session_id,omitempty"`
	SQLState             string   `json:"sql_state,omitempty"`
	QueryTextTruncated   bool     `json:"query_text_truncated,omitempty"`
}

// Metrics are a statement's measurements (include_metrics=true). The
// local warehouse measures times and what the result holds; it does not
// measure bytes read from storage, so read_bytes is absent.
type Metrics struct {
	TotalTimeMs       int64 `json:"total_time_ms"`
	ExecutionTimeMs   int64 `json:"execution_time_ms"`
	CompilationTimeMs int64 `json:"compilation_time_ms"`
	// QueuedTimeMs is the time spent QUEUED (waiting for a slot or the
	// session's earlier statements); a sealane addition.
	QueuedTimeMs      int64 `json:"queued_time_ms"`
	RowsProducedCount int64 `json:"rows_produced_count"`
	// NetworkSentBytes is the size of the result (uncompressed bytes of
	// its chunks).
	NetworkSentBytes int64 `json:"network_sent_bytes"`
	ResultFromCache  bool  `json:"result_from_cache"`
}

// QueryDetail is one statement with what only the console asks for: its
// parameters and result manifest (GET /api/2.0/sql/history/queries/{id},
// a sealane addition).
type QueryDetail struct {
	QueryInfo
	Parameters []sea.Parameter     `json:"parameters,omitempty"`
	Manifest   *sea.ResultManifest `json:"manifest,omitempty"`
}

// Page sizes of List.
const (
	DefaultMaxResults = 100
	MaxMaxResults     = 1000
)

// ErrBadRequest marks an invalid list request.
var ErrBadRequest = errors.New("history: invalid request")

// pageToken is what a next_page_token encodes: the filter of the first
// request and where the previous page stopped.
type pageToken struct {
	Filter *Filter `json:"f,omitempty"`
	Before uint64  `json:"b"`
}

// List answers a list request at time now.
func (l *Log) List(req ListRequest, now time.Time) (ListResponse, error) {
	max := req.MaxResults
	switch {
	case max == 0:
		max = DefaultMaxResults
	case max < 0 || max > MaxMaxResults:
		return ListResponse{}, fmt.Errorf("%w: max_results must be between 1 and %d", ErrBadRequest, MaxMaxResults)
	}
	f, before := req.FilterBy, uint64(0)
	if req.PageToken != "" {
		raw, err := base64.RawURLEncoding.DecodeString(req.PageToken)
		var tok pageToken
		if err == nil {
			err = json.Unmarshal(raw, &tok)
		}
		if err != nil || tok.Before == 0 {
			return ListResponse{}, fmt.Errorf("%w: page_token is not one this warehouse issued", ErrBadRequest)
		}
		f, before = tok.Filter, tok.Before
	}
	if f != nil {
		for _, s := range f.Statuses {
			switch s {
			case StatusQueued, StatusRunning, StatusFinished, StatusFailed, StatusCanceled,
				"STARTED", "COMPILING", "COMPILED":
			default:
				return ListResponse{}, fmt.Errorf("%w: unknown status %q in filter_by.statuses", ErrBadRequest, s)
			}
		}
	}
	resp := ListResponse{Res: []QueryInfo{}}
	var last uint64
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, e := range l.newestFirstLocked() {
		if before != 0 && e.seq >= before {
			continue
		}
		if !l.matchLocked(f, e) {
			continue
		}
		if len(resp.Res) == max {
			tok, _ := json.Marshal(pageToken{Filter: f, Before: last})
			resp.NextPageToken, resp.HasNextPage = base64.RawURLEncoding.EncodeToString(tok), true
			break
		}
		resp.Res = append(resp.Res, l.infoLocked(e, req.IncludeMetrics, now))
		last = e.seq
	}
	return resp, nil
}

// Get returns one statement's detail, false when the ring no longer has it.
func (l *Log) Get(id string, now time.Time) (QueryDetail, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	e, ok := l.byID[id]
	if !ok {
		return QueryDetail{}, false
	}
	return QueryDetail{QueryInfo: l.infoLocked(e, true, now), Parameters: e.params, Manifest: e.manifest}, true
}

func (l *Log) matchLocked(f *Filter, e *entry) bool {
	if f == nil {
		return true
	}
	if r := f.QueryStartTimeRange; r != nil {
		ms := e.start.UnixMilli()
		if (r.StartTimeMs != 0 && ms < r.StartTimeMs) || (r.EndTimeMs != 0 && ms > r.EndTimeMs) {
			return false
		}
	}
	if len(f.Statuses) > 0 && !contains(f.Statuses, e.status) {
		return false
	}
	if len(f.UserIDs) > 0 && !contains(f.UserIDs, e.userID) {
		return false
	}
	if len(f.WarehouseIDs) > 0 && !contains(f.WarehouseIDs, l.cfg.WarehouseID) {
		return false
	}
	if len(f.StatementIDs) > 0 && !contains(f.StatementIDs, e.id) {
		return false
	}
	return true
}

func contains[T comparable](s []T, v T) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func (l *Log) infoLocked(e *entry, metrics bool, now time.Time) QueryInfo {
	q := QueryInfo{
		QueryID: e.id, Status: e.status, QueryText: e.text, StatementType: statementType(e.text),
		QueryStartTimeMs: e.start.UnixMilli(), UserID: e.userID, UserName: e.userName,
		ExecutedAsUserID: e.userID, ExecutedAsUserName: e.userName,
		WarehouseID: l.cfg.WarehouseID, EndpointID: l.cfg.WarehouseID, ErrorMessage: e.errMessage,
		IsFinal: e.status.Terminal(), ClientApplication: clientApplication(e.userAgent),
		UserAgent: e.userAgent, SessionID: e.sessionID, SQLState: e.sqlState, QueryTextTruncated: e.truncated,
	}
	if e.manifest != nil {
		q.RowsProduced = e.manifest.TotalRowCount
	}
	if !e.execStart.IsZero() {
		q.ExecutionStartTimeMs = e.execStart.UnixMilli()
	}
	// Durations are differences of the reported millisecond times, so
	// that they add up exactly.
	startMs, endMs := e.start.UnixMilli(), now.UnixMilli()
	if !e.end.IsZero() {
		endMs = e.end.UnixMilli()
		q.ExecutionEndTimeMs, q.QueryEndTimeMs = endMs, endMs
		q.Duration = endMs - startMs
	}
	if metrics {
		m := &Metrics{TotalTimeMs: endMs - startMs, RowsProducedCount: q.RowsProduced}
		if e.execStart.IsZero() {
			m.QueuedTimeMs = endMs - startMs
		} else {
			m.QueuedTimeMs = q.ExecutionStartTimeMs - startMs
			m.ExecutionTimeMs = endMs - q.ExecutionStartTimeMs
		}
		if e.manifest != nil {
			m.NetworkSentBytes = e.manifest.TotalByteCount
		}
		q.Metrics = m
	}
	return q
}

// statementTypes are the statement_type values Query History reports;
// other statements are OTHER.
var statementTypes = map[string]bool{
	"ALTER": true, "ANALYZE": true, "COPY": true, "CREATE": true, "DELETE": true, "DESCRIBE": true,
	"DROP": true, "EXPLAIN": true, "GRANT": true, "INSERT": true, "MERGE": true, "OPTIMIZE": true,
	"REFRESH": true, "REPLACE": true, "REVOKE": true, "SELECT": true, "SET": true, "SHOW": true,
	"TRUNCATE": true, "UPDATE": true, "USE": true,
}

// statementType is the statement's first keyword (after comments), with
// WITH and VALUES counted as SELECT.
func statementType(text string) string {
	s := text
	for {
		s = strings.TrimLeft(s, " \t\r\n(")
		switch {
		case strings.HasPrefix(s, "--"):
			_, s, _ = strings.Cut(s, "\n")
			continue
		case strings.HasPrefix(s, "/*"):
			_, s, _ = strings.Cut(s, "*/")
			continue
		}
		break
	}
	end := strings.IndexFunc(s, func(r rune) bool {
		return (r < 'a' || r > 'z') && (r < 'A' || r > 'Z')
	})
	if end >= 0 {
		s = s[:end]
	}
	w := strings.ToUpper(s)
	switch {
	case w == "WITH" || w == "VALUES" || w == "FROM" || w == "TABLE":
		return "SELECT"
	case w == "DESC":
		return "DESCRIBE"
	case statementTypes[w]:
		return w
	}
	return "OTHER"
}

// clientApplication is the first product of a User-Agent
// ("PyDatabricksSqlConnector/4.9.0 (…)" → "PyDatabricksSqlConnector").
func clientApplication(ua string) string {
	p, _, _ := strings.Cut(ua, " ")
	p, _, _ = strings.Cut(p, "/")
	return p
}

// ParseQuery reads a list request's query-string form: max_results,
// page_token, include_metrics and the filter_by.* fields (lists may repeat
// or be comma-separated). Malformed values wrap ErrBadRequest.
func ParseQuery(q url.Values) (ListRequest, error) {
	var req ListRequest
	err := fromQuery(q, &req)
	return req, err
}

func fromQuery(q url.Values, req *ListRequest) error {
	intParam := func(name string) (int64, error) {
		v := q.Get(name)
		if v == "" {
			return 0, nil
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("%w: %s=%q is not an integer", ErrBadRequest, name, v)
		}
		return n, nil
	}
	n, err := intParam("max_results")
	if err != nil {
		return err
	}
	req.MaxResults = int(n)
	req.PageToken = q.Get("page_token")
	if v := q.Get("include_metrics"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return fmt.Errorf("%w: include_metrics=%q is not a boolean", ErrBadRequest, v)
		}
		req.IncludeMetrics = b
	}
	var f Filter
	used := false
	list := func(name string) []string {
		var out []string
		for _, v := range q[name] {
			for _, p := range strings.Split(v, ",") {
				if p = strings.TrimSpace(p); p != "" {
					out = append(out, p)
				}
			}
		}
		used = used || len(out) > 0
		return out
	}
	for _, s := range list("filter_by.statuses") {
		f.Statuses = append(f.Statuses, Status(strings.ToUpper(s)))
	}
	for _, s := range list("filter_by.user_ids") {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return fmt.Errorf("%w: filter_by.user_ids=%q is not an integer", ErrBadRequest, s)
		}
		f.UserIDs = append(f.UserIDs, id)
	}
	f.WarehouseIDs = list("filter_by.warehouse_ids")
	f.StatementIDs = list("filter_by.statement_ids")
	start, err := intParam("filter_by.query_start_time_range.start_time_ms")
	if err != nil {
		return err
	}
	end, err := intParam("filter_by.query_start_time_range.end_time_ms")
	if err != nil {
		return err
	}
	if start != 0 || end != 0 {
		f.QueryStartTimeRange, used = &TimeRange{StartTimeMs: start, EndTimeMs: end}, true
	}
	if used {
		req.FilterBy = &f
	}
	return nil
}
