package mongo

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/sealane/sealane/frames/engine"
	"github.com/sealane/sealane/frames/plan"
)

// Name is the engine's name in errors and Explain output.
const Name = "mongo"

// DefaultBatchRows is the most rows per Arrow batch of a result (and the
// cursor's batch size).
const DefaultBatchRows = 4096

// uploadBatch is the most documents per insert when an in-memory source
// or WriteMongo copies rows to the server.
const uploadBatch = 2000

// Option configures [New] and [Open].
type Option func(*Engine)

// WithAllocator sets the allocator of result batches.
func WithAllocator(mem memory.Allocator) Option { return func(e *Engine) { e.mem = mem } }

// WithBatchRows sets the most rows per result batch.
func WithBatchRows(n int) Option {
	return func(e *Engine) {
		if n > 0 {
			e.batchRows = n
		}
	}
}

// WithServer skips detection and declares the server's aggregation
// stages; see [Server].
func WithServer(s Server) Option { return func(e *Engine) { e.server = &s } }

// Server is what the engine knows of the server it runs plans on.
type Server struct {
	// Product is "MongoDB" or "FerretDB".
	Product string
	// Version is the server's version string (buildInfo's).
	Version string
	// Stages lists the aggregation stages the server runs; operations
	// whose stages are missing are not declared.
	Stages []string
}

// Engine runs plans as aggregation pipelines on one database. It is safe
// for concurrent use.
type Engine struct {
	client    *mongo.Client
	db        *mongo.Database
	ownClient bool
	server    *Server
	caps      *engine.Capabilities
	mem       memory.Allocator
	batchRows int
	seq       atomic.Int64
	scope     string // names this engine's cached temporary collections

	mu     sync.Mutex
	copies map[string]*copyState // cached temporary collections by name
}

// copyState is one cached temporary collection: filled once, dropped on
// Close.
type copyState struct {
	mu   sync.Mutex
	done bool
}

var (
	_ engine.Engine         = (*Engine)(nil)
	_ engine.Explainer      = (*Engine)(nil)
	_ engine.SchemaInferrer = (*Engine)(nil)
	_ engine.ShapeChecker   = (*Engine)(nil)
	_ engine.Closer         = (*Engine)(nil)
)

// New returns an engine running plans on database db. Unless WithServer
// is given, it asks the server (buildInfo) what it is: a FerretDB server
// lists the aggregation stages it implements, and the engine declares only
// the operations those stages run. The caller keeps ownership of db's
// client.
func New(ctx context.Context, db *mongo.Database, opts ...Option) (*Engine, error) {
	if db == nil {
		return nil, errors.New("frames/engines/mongo: nil database")
	}
	e := &Engine{client: db.Client(), db: db, mem: memory.DefaultAllocator, batchRows: DefaultBatchRows,
		scope: fmt.Sprintf("%x", time.Now().UnixNano()), copies: map[string]*copyState{}}
	for _, o := range opts {
		o(e)
	}
	if e.server == nil {
		s, err := detect(ctx, db)
		if err != nil {
			return nil, err
		}
		e.server = &s
	}
	e.caps = capabilities(e.server)
	return e, nil
}

// Open connects to uri and returns an engine on database dbName that
// disconnects on Close.
func Open(ctx context.Context, uri, dbName string, opts ...Option) (*Engine, error) {
	client, err := mongo.Connect(options.Client().ApplyURI(uri))
	if err != nil {
		return nil, fmt.Errorf("frames/engines/mongo: connect: %w", err)
	}
	e, err := New(ctx, client.Database(dbName), opts...)
	if err != nil {
		_ = client.Disconnect(context.Background())
		return nil, err
	}
	e.ownClient = true
	return e, nil
}

// detect reads buildInfo: FerretDB adds ferretdbFeatures.aggregationStages.
func detect(ctx context.Context, db *mongo.Database) (Server, error) {
	var info struct {
		Version  string `bson:"version"`
		Features *struct {
			Stages []string `bson:"aggregationStages"`
		} `bson:"ferretdbFeatures"`
		FerretDBVersion string `bson:"ferretdbVersion"`
	}
	if err := db.RunCommand(ctx, bson.D{{Key: "buildInfo", Value: 1}}).Decode(&info); err != nil {
		return Server{}, engine.ContextError(ctx, Name, fmt.Errorf("buildInfo: %w", err))
	}
	if info.Features != nil {
		return Server{Product: "FerretDB", Version: info.FerretDBVersion, Stages: info.Features.Stages}, nil
	}
	return Server{Product: "MongoDB", Version: info.Version, Stages: slices.Clone(allStages)}, nil
}

// Name implements engine.Engine.
func (e *Engine) Name() string { return Name }

// Capabilities implements engine.Engine (see the package doc).
func (e *Engine) Capabilities() *engine.Capabilities { return e.caps }

// Server is what the engine detected (or was told) about the server.
func (e *Engine) Server() Server { return *e.server }

// Database is the engine's database.
func (e *Engine) Database() *mongo.Database { return e.db }

// Close drops the temporary collections in-memory sources were copied to
// and disconnects the client when the engine opened it.
func (e *Engine) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	e.mu.Lock()
	names := make([]string, 0, len(e.copies))
	for n := range e.copies {
		names = append(names, n)
	}
	e.copies = map[string]*copyState{}
	e.mu.Unlock()
	var errs []error
	for _, n := range names {
		if err := e.db.Collection(n).Drop(ctx); err != nil {
			errs = append(errs, err)
		}
	}
	if e.ownClient {
		errs = append(errs, e.client.Disconnect(ctx))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("frames/engines/mongo: close: %w", err)
	}
	return nil
}

// copySource copies an in-memory source to its temporary collection,
// once per engine for cached ones.
func (e *Engine) copySource(ctx context.Context, t tempSource) error {
	coll := e.db.Collection(t.coll)
	if !t.cached {
		return insertRows(ctx, coll, t.src.Records, true)
	}
	e.mu.Lock()
	st, ok := e.copies[t.coll]
	if !ok {
		st = &copyState{}
		e.copies[t.coll] = st
	}
	e.mu.Unlock()
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.done {
		return nil
	}
	if err := insertRows(ctx, coll, t.src.Records, true); err != nil {
		dctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_ = coll.Drop(dctx) // a partial copy must not be read
		return err
	}
	st.done = true
	return nil
}

// CheckShape implements engine.ShapeChecker: the node must compile to
// stages of the server's language (see the package doc for what does).
func (e *Engine) CheckShape(n plan.Node) error {
	// Undeclared operations and functions below n are named first (the
	// capability table's error), then what the compiler cannot express.
	if err := engine.Check(tableOnly{e: e}, n); err != nil {
		return err
	}
	return checkShape(n)
}

// tableOnly is the engine without its ShapeChecker, for the capability
// table's check alone.
type tableOnly struct{ e *Engine }

func (t tableOnly) Name() string                       { return t.e.Name() }
func (t tableOnly) Capabilities() *engine.Capabilities { return t.e.Capabilities() }
func (t tableOnly) Execute(ctx context.Context, root plan.Node) (array.RecordReader, error) {
	return t.e.Execute(ctx, root)
}

// Explain implements engine.Explainer: the pipeline as
// db.collection.aggregate([...]) in relaxed extended JSON; in-memory sources
// appear as the temporary collections they are copied to.
func (e *Engine) Explain(root plan.Node) (string, error) {
	if err := engine.Check(e, root); err != nil {
		return "", err
	}
	c, err := compile(root, e.scope, "explain")
	if err != nil {
		return "", err
	}
	return c.explain(e.db.Name())
}

// Execute implements engine.Engine. In-memory sources are first copied to
// temporary collections (once per engine for sources with an ID, dropped
// on Close; otherwise for the run, dropped when the reader is released); the
// pipeline then runs on the server and its cursor's documents are decoded
// into Arrow batches as they arrive.
func (e *Engine) Execute(ctx context.Context, root plan.Node) (array.RecordReader, error) {
	if err := engine.Check(e, root); err != nil {
		return nil, err
	}
	c, err := compile(root, e.scope, fmt.Sprintf("%s_%d", e.scope, e.seq.Add(1)))
	if err != nil {
		return nil, err
	}
	cleanup := func() {
		dctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		for _, u := range c.uploads {
			if !u.cached {
				_ = e.db.Collection(u.coll).Drop(dctx)
			}
		}
	}
	for _, u := range c.uploads {
		if err := e.copySource(ctx, u); err != nil {
			cleanup()
			return nil, engine.ContextError(ctx, Name, err)
		}
	}
	opts := options.Aggregate().SetBatchSize(int32(min(e.batchRows, 1<<20)))
	cur, err := e.db.Collection(c.coll).Aggregate(ctx, c.pipeline, opts)
	if err != nil {
		cleanup()
		return nil, engine.ContextError(ctx, Name, err)
	}
	rr := newCursorReader(ctx, cur, root.Schema(), c.fields, e.mem, e.batchRows)
	return engine.NewResultReader(ctx, Name, rr, root.Schema(), cleanup), nil
}

// InferSchema implements engine.SchemaInferrer for collections: the schema
// is sampled from the collection's first documents (see [SampleSchema]).
func (e *Engine) InferSchema(ctx context.Context, src *plan.Source) (*arrow.Schema, error) {
	switch src.Kind {
	case plan.SourceRecords:
		return src.Out, nil
	case plan.SourceTable:
		return SampleSchema(ctx, e.db.Collection(src.Table), DefaultSampleSize)
	}
	return nil, engine.Unsupported(Name, "op "+string(src.Op()), "the engine reads collections, not files")
}
