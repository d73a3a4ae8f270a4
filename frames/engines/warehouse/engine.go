package warehouse

import (
	"context"
	"errors"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/sealane/sealane/frames/engine"
	"github.com/sealane/sealane/frames/plan"
	"github.com/sealane/sealane/frames/sqlgen"
	"github.com/sealane/sealane/kernel"
)

// Name is the engine's name in errors and Explain output.
const Name = "warehouse"

// DefaultInlineRows is the default limit on the rows of a record source
// sent inline as VALUES.
const DefaultInlineRows = 1000

// Option configures [New].
type Option func(*Engine)

// WithInlineRows sets the most rows (over all record sources of a plan) sent
// inline as VALUES; 0 disables inline sources (record sources are then
// unsupported and not declared in Capabilities).
func WithInlineRows(n int) Option { return func(e *Engine) { e.inlineRows = n } }

// Engine runs plans on a Databricks SQL warehouse. It is safe for
// concurrent use as far as the kernel connection is.
type Engine struct {
	conn       *kernel.Conn
	inlineRows int
	caps       *engine.Capabilities
}

var (
	_ engine.Engine         = (*Engine)(nil)
	_ engine.Explainer      = (*Engine)(nil)
	_ engine.SchemaInferrer = (*Engine)(nil)
)

// New returns an engine running plans on conn. The caller keeps ownership
// of conn and closes it after the engine's last use.
func New(conn *kernel.Conn, opts ...Option) *Engine {
	e := &Engine{conn: conn, inlineRows: DefaultInlineRows}
	for _, o := range opts {
		o(e)
	}
	c := sqlgen.Capabilities(sqlgen.Databricks)
	if e.inlineRows <= 0 {
		delete(c.Ops, plan.OpScanRecords)
	}
	c.MaxRecordRows = int64(e.inlineRows) // larger sources are refused when the frame is built
	e.caps = c
	return e
}

// Name implements engine.Engine.
func (e *Engine) Name() string { return Name }

// Capabilities implements engine.Engine: every operation but Arrow IPC
// scans (and record sources when inline rows are disabled); no sinks.
func (e *Engine) Capabilities() *engine.Capabilities { return e.caps }

// compile writes root as Databricks SQL with record sources inline.
func (e *Engine) compile(root plan.Node) (string, error) {
	sql, err := sqlgen.CompileRelations(root, sqlgen.Databricks, func(s *plan.Source) (sqlgen.Relation, error) {
		if s.Kind != plan.SourceRecords {
			return sqlgen.Relation{}, nil
		}
		// Capabilities().MaxRecordRows already refused larger sources when
		// the frame was built; a plan built for another engine is checked
		// by Execute's engine.Check the same way.
		v, err := sqlgen.Values(sqlgen.Databricks, s.Out, s.Records)
		return sqlgen.Relation{SQL: v}, err
	})
	if err != nil {
		if u := (*engine.UnsupportedError)(nil); errors.As(err, &u) {
			return "", engine.Unsupported(Name, u.What, u.Detail)
		}
		return "", fmt.Errorf("frames/engines/warehouse: %w", err)
	}
	return sql, nil
}

// Explain implements engine.Explainer: the Databricks SQL of the plan.
func (e *Engine) Explain(root plan.Node) (string, error) { return e.compile(root) }

// Execute implements engine.Engine.
func (e *Engine) Execute(ctx context.Context, root plan.Node) (array.RecordReader, error) {
	if err := engine.Check(e, root); err != nil {
		return nil, err
	}
	sql, err := e.compile(root)
	if err != nil {
		return nil, err
	}
	rdr, err := e.conn.Query(ctx, sql)
	if err != nil {
		return nil, classify(ctx, err)
	}
	return engine.NewResultReader(ctx, Name, rdr, root.Schema(), nil), nil
}

// InferSchema implements engine.SchemaInferrer: the schema of a table or
// file source as the warehouse reads it (SELECT * … LIMIT 0), normalised to
// the frames type set.
func (e *Engine) InferSchema(ctx context.Context, src *plan.Source) (*arrow.Schema, error) {
	if src.Kind == plan.SourceRecords {
		if len(src.Records) > 0 {
			return src.Records[0].Schema(), nil
		}
		return src.Out, nil
	}
	if src.Kind == plan.SourceFile && src.Format != plan.FormatParquet {
		return nil, engine.Unsupported(Name, "schema inference of "+string(src.Format)+" files", "give the schema explicitly")
	}
	from := sqlgen.Databricks.QuoteQualified(src.Table)
	if src.Kind == plan.SourceFile {
		if len(src.Paths) != 1 {
			return nil, engine.Unsupported(Name, "schema inference over several files", "infer from one file")
		}
		from = "parquet." + sqlgen.Databricks.QuoteIdent(src.Paths[0])
	}
	rdr, err := e.conn.Query(ctx, "SELECT * FROM "+from+" LIMIT 0")
	if err != nil {
		return nil, classify(ctx, err)
	}
	defer rdr.Release()
	for rdr.Next() {
	}
	if err := rdr.Err(); err != nil {
		return nil, classify(ctx, err)
	}
	return engine.NormaliseSchema(rdr.Schema())
}

// classify makes errors caused by the end of ctx match ctx's error.
func classify(ctx context.Context, err error) error { return engine.ContextError(ctx, Name, err) }
