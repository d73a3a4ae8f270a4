package adbcdriver

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/apache/arrow-adbc/go/adbc"
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/sealane/sealane/adbcdriver/options"
	"github.com/sealane/sealane/kernel"
)

// statement is a SQL text and its options, run on its connection's session.
// Readers it returns are independent of it: closing the statement does not
// end them.
type statement struct {
	optionBase
	tracing

	cn       *connection
	query    string
	rowLimit *int64 // nil: no limit set
	tagsText string
	tags     map[string]*string
	closed   bool

	// Bound parameters: a batch (reused by every execution) or a stream
	// (consumed by the next one).
	bound  arrow.RecordBatch
	stream array.RecordReader

	// ingest, when its table is set, turns ExecuteUpdate into bulk ingest.
	ingest ingestTarget
}

var (
	_ adbc.Statement              = (*statement)(nil)
	_ adbc.GetSetOptions          = (*statement)(nil)
	_ adbc.StatementExecuteSchema = (*statement)(nil)
	_ adbc.OTelTracing            = (*statement)(nil)
)

func newStatement(cn *connection) *statement {
	s := &statement{cn: cn}
	s.optionBase = optionBase{get: s.GetOption, set: s.SetOption}
	s.SetTraceParent(cn.GetTraceParent())
	return s
}

// Close releases the statement; a second Close is adbc.StatusInvalidState.
func (s *statement) Close() error {
	if s.closed {
		return errorf(adbc.StatusInvalidState, "the statement is already closed")
	}
	s.closed = true
	s.unbind()
	return nil
}

// SetSqlQuery sets the SQL text to execute.
func (s *statement) SetSqlQuery(query string) error {
	if s.closed {
		return errorf(adbc.StatusInvalidState, "the statement is closed")
	}
	s.query = query
	s.ingest = ingestTarget{}
	return nil
}

// ready checks that the statement can run.
func (s *statement) ready() error {
	switch {
	case s.closed:
		return errorf(adbc.StatusInvalidState, "the statement is closed")
	case s.ingest.table != "":
		return s.cn.check()
	case s.query == "":
		return errorf(adbc.StatusInvalidState, "no query: call SetSqlQuery first")
	}
	return s.cn.check()
}

// queryOptions are the kernel options of one execution.
func (s *statement) queryOptions() []any {
	var opts []any
	if s.rowLimit != nil {
		opts = append(opts, kernel.WithRowLimit(*s.rowLimit))
	}
	if len(s.tags) > 0 {
		opts = append(opts, kernel.WithQueryTags(s.tags))
	}
	return opts
}

// ExecuteQuery runs the query and streams its result. The affected-row
// count is -1 (unknown). Cancelling ctx cancels the statement on the
// server; the reader must be released.
func (s *statement) ExecuteQuery(ctx context.Context) (_ array.RecordReader, _ int64, err error) {
	ctx, span := s.StartSpan(ctx, "Statement.ExecuteQuery")
	defer func() { endSpan(span, err) }()
	if err := s.ready(); err != nil {
		return nil, -1, err
	}
	if s.ingest.table != "" {
		// Bulk ingest has no result set: run it and return an empty reader.
		n, err := s.executeIngest(ctx)
		if err != nil {
			return nil, -1, err
		}
		empty, err := array.NewRecordReader(arrow.NewSchema(nil, nil), nil)
		return empty, n, toADBCIfErr(err)
	}
	if run, err := s.runner(ctx); run != nil || err != nil {
		if err != nil {
			return nil, -1, err
		}
		rdr, err := newBoundReader(run)
		return rdr, -1, err
	}
	rdr, err := s.cn.kc.Query(ctx, s.query, s.queryOptions()...)
	if err != nil {
		return nil, -1, toADBC("ExecuteQuery", err)
	}
	return newReader(rdr), -1, nil
}

// ExecuteUpdate runs a statement for its effect and returns the rows it
// affected when the server reports num_affected_rows, else -1.
func (s *statement) ExecuteUpdate(ctx context.Context) (_ int64, err error) {
	ctx, span := s.StartSpan(ctx, "Statement.ExecuteUpdate")
	defer func() { endSpan(span, err) }()
	if err := s.ready(); err != nil {
		return -1, err
	}
	if s.ingest.table != "" {
		return s.executeIngest(ctx)
	}
	if run, err := s.runner(ctx); run != nil || err != nil {
		if err != nil {
			return -1, err
		}
		return affectedRows(run)
	}
	rdr, err := s.cn.kc.Query(ctx, s.query, s.queryOptions()...)
	if err != nil {
		return -1, toADBC("ExecuteUpdate", err)
	}
	affected, err := countAffected(rdr)
	if err != nil {
		return -1, toADBC("ExecuteUpdate", err)
	}
	return affected, nil
}

// ExecuteSchema returns the result schema of a query without running it,
// through DESCRIBE QUERY; it applies to queries (SELECT, WITH, VALUES,
// TABLE) only: other statements fail without effect.
func (s *statement) ExecuteSchema(ctx context.Context) (_ *arrow.Schema, err error) {
	ctx, span := s.StartSpan(ctx, "Statement.ExecuteSchema")
	defer func() { endSpan(span, err) }()
	if err := s.ready(); err != nil {
		return nil, err
	}
	sc, err := s.cn.kc.DescribeQuery(ctx, s.query)
	if err != nil {
		return nil, toADBC("ExecuteSchema (which supports queries only)", err)
	}
	return sc, nil
}

// Prepare checks the query and counts its parameter markers (mixing ? and
// :name markers is an error). Databricks SQL has no server-side prepare:
// the query is sent at each execution.
func (s *statement) Prepare(context.Context) error {
	if err := s.ready(); err != nil {
		return err
	}
	_, err := countMarkers(s.query)
	return err
}

// SetSubstraitPlan is not supported by Databricks SQL.
func (s *statement) SetSubstraitPlan([]byte) error {
	return notImplemented("SetSubstraitPlan", reasonNoSubstrait)
}

// Bind binds parameters for the following executions: each row of values
// runs the query once (columns name :name markers, or fill ? markers by
// position). The statement retains values until the next Bind or Close;
// a nil batch unbinds.
func (s *statement) Bind(_ context.Context, values arrow.RecordBatch) error {
	if s.closed {
		return errorf(adbc.StatusInvalidState, "the statement is closed")
	}
	s.unbind()
	if values != nil {
		values.Retain()
		s.bound = values
	}
	return nil
}

// BindStream binds a stream of parameter batches, consumed by the next
// execution (see Bind). A nil stream unbinds.
func (s *statement) BindStream(_ context.Context, stream array.RecordReader) error {
	if s.closed {
		return errorf(adbc.StatusInvalidState, "the statement is closed")
	}
	s.unbind()
	if stream != nil {
		stream.Retain()
		s.stream = stream
	}
	return nil
}

func (s *statement) unbind() {
	if s.bound != nil {
		s.bound.Release()
		s.bound = nil
	}
	if s.stream != nil {
		s.stream.Release()
		s.stream = nil
	}
}

// GetParameterSchema returns one field per marker, in order: "?1", "?2" …
// for ? markers, the name for :name markers (used once each); every type
// is null, as Databricks SQL does not report parameter types.
func (s *statement) GetParameterSchema() (*arrow.Schema, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	m, err := countMarkers(s.query)
	if err != nil {
		return nil, err
	}
	return m.schema(), nil
}

// runner is the per-row execution of the bound parameters, or nil when
// none are bound. A bound stream is handed over: it serves one execution.
func (s *statement) runner(ctx context.Context) (*rowRunner, error) {
	var src array.RecordReader
	switch {
	case s.stream != nil:
		src, s.stream = s.stream, nil
	case s.bound != nil:
		r, err := array.NewRecordReader(s.bound.Schema(), []arrow.RecordBatch{s.bound})
		if err != nil {
			return nil, toADBC("Bind", err)
		}
		src = r
	default:
		return nil, nil
	}
	m, err := countMarkers(s.query)
	if err != nil {
		src.Release()
		return nil, err
	}
	return &rowRunner{ctx: ctx, kc: s.cn.kc, query: s.query, opts: s.queryOptions(), m: m, src: src}, nil
}

// ExecutePartitions is not implemented: results are streamed.
func (s *statement) ExecutePartitions(context.Context) (*arrow.Schema, adbc.Partitions, int64, error) {
	return nil, adbc.Partitions{}, -1, notImplemented("ExecutePartitions", reasonNoPartitions)
}

// SetOption sets a statement option: OptionStatementRowLimit,
// OptionStatementQueryTags, adbc.statement.exec.incremental (only "false")
// adbc.telemetry.trace_parent and the adbc.ingest.* bulk-ingest keys.
func (s *statement) SetOption(key, value string) error {
	switch k := options.Canonical(key); k {
	case OptionStatementRowLimit:
		if value == "" {
			s.rowLimit = nil
			return nil
		}
		n, err := strconv.ParseInt(value, 10, 64)
		if err != nil || n < 0 {
			return errorf(adbc.StatusInvalidArgument, "option %s: %q is not a non-negative row count", key, value)
		}
		s.rowLimit = &n
	case OptionStatementQueryTags:
		tags, err := parseQueryTags(value)
		if err != nil {
			return errorf(adbc.StatusInvalidArgument, "option %s: %v", key, err)
		}
		s.tags, s.tagsText = tags, value
	case adbc.OptionKeyIncremental:
		return fixedBool(key, value, false, reasonNoPartitions)
	case adbc.OptionKeyTelemetryTraceParent:
		s.SetTraceParent(value)
	default:
		if ok, err := s.setIngestOption(k, value); ok {
			return err
		}
		return unknownOption("statement", key)
	}
	return nil
}

// GetOption returns a statement option. Progress is not reported: both
// adbc.statement.exec.progress and max_progress are 0 (unknown).
func (s *statement) GetOption(key string) (string, error) {
	switch options.Canonical(key) {
	case OptionStatementRowLimit:
		if s.rowLimit == nil {
			return "", notFound(key)
		}
		return strconv.FormatInt(*s.rowLimit, 10), nil
	case OptionStatementQueryTags:
		return s.tagsText, nil
	case adbc.OptionKeyIncremental:
		return adbc.OptionValueDisabled, nil
	case adbc.OptionKeyProgress, adbc.OptionKeyMaxProgress:
		return "0", nil
	case adbc.OptionKeyTelemetryTraceParent:
		return s.GetTraceParent(), nil
	}
	if v, ok := s.getIngestOption(options.Canonical(key)); ok {
		return v, nil
	}
	return "", notFound(key)
}

// parseQueryTags reads "k:v,k2:v2,k3" with "\" escaping ",", ":" and "\".
func parseQueryTags(text string) (map[string]*string, error) {
	if strings.TrimSpace(text) == "" {
		return nil, nil
	}
	tags := map[string]*string{}
	var key, cur strings.Builder
	inValue, escaped := false, false
	flush := func() error {
		k := strings.TrimSpace(key.String())
		if !inValue {
			k = strings.TrimSpace(cur.String())
		}
		if k == "" {
			return errors.New("a query tag has an empty key (want key:value,key2)")
		}
		if inValue {
			v := strings.TrimSpace(cur.String())
			tags[k] = &v
		} else {
			tags[k] = nil
		}
		key.Reset()
		cur.Reset()
		inValue = false
		return nil
	}
	for _, r := range text {
		switch {
		case escaped:
			cur.WriteRune(r)
			escaped = false
		case r == '\\':
			escaped = true
		case r == ':' && !inValue:
			key.WriteString(cur.String())
			cur.Reset()
			inValue = true
		case r == ',':
			if err := flush(); err != nil {
				return nil, err
			}
		default:
			cur.WriteRune(r)
		}
	}
	if escaped {
		return nil, errors.New(`query tags end with a lone "\"`)
	}
	if err := flush(); err != nil {
		return nil, err
	}
	return tags, nil
}

func toADBCIfErr(err error) error {
	if err == nil {
		return nil
	}
	return toADBC("ingest", err)
}
