//go:build duckdb_arrow

package duckdb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync/atomic"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/sealane/sealane/frames/engine"
	"github.com/sealane/sealane/frames/plan"
	"github.com/sealane/sealane/frames/sqlgen"
)

// viewSeq makes registered names unique in the process (views live in the
// database, which all connections share).
var viewSeq atomic.Uint64

// session is one execution: a dedicated connection and the Arrow views
// registered on it (read-once, so one per source occurrence).
type session struct {
	ctx      context.Context
	conn     *sql.Conn
	arrow    *duckdb.Arrow
	views    []string
	releases []func()
}

func (e *Engine) newSession(ctx context.Context) (*session, error) {
	conn, err := e.db.Conn(ctx)
	if err != nil {
		return nil, classify(ctx, err)
	}
	s := &session{ctx: ctx, conn: conn}
	err = conn.Raw(func(dc any) error {
		a, err := duckdb.NewArrowFromConn(dc.(driver.Conn))
		s.arrow = a
		return err
	})
	if err != nil {
		_ = conn.Close()
		return nil, fmt.Errorf("frames/engines/duckdb: arrow interface: %w", err)
	}
	return s, nil
}

// compile writes root as DuckDB SQL, registering every record source (and
// IPC file) occurrence as its own view.
func (s *session) compile(root plan.Node) (string, error) {
	return sqlgen.Compile(root, sqlgen.DuckDB, s.register)
}

func (s *session) register(src *plan.Source) (string, error) {
	var rdr array.RecordReader
	var sc *arrow.Schema
	switch {
	case src.Kind == plan.SourceRecords:
		sc0 := src.Out
		if len(src.Records) > 0 {
			sc0 = src.Records[0].Schema()
		}
		r, err := array.NewRecordReader(sc0, src.Records)
		if err != nil {
			return "", fmt.Errorf("records source %q: %w", src.ID, err)
		}
		rdr, sc = r, sc0
	case src.Kind == plan.SourceFile && src.Format == plan.FormatIPC:
		r, err := openIPC(src.Paths)
		if err != nil {
			return "", err
		}
		rdr, sc = r, r.Schema()
	default:
		return "", nil
	}
	seq := viewSeq.Add(1)
	raw, name := fmt.Sprintf("__sl_arrow_%d", seq), fmt.Sprintf("__sl_src_%d", seq)
	release, err := s.arrow.RegisterView(rdr, raw)
	rdr.Release() // the exported stream holds its own reference
	if err != nil {
		return "", fmt.Errorf("register %q: %w", src.ID, err)
	}
	s.views = append(s.views, raw)
	s.releases = append(s.releases, release)
	// The view cannot be queried directly. DuckDB pushes projections and
	// filters into arrow_scan, but a stream registered through the C API
	// ignores them: DuckDB then reads the wrong columns and loses filters.
	// The barrier view makes every column needed (a filter over a hash of
	// all of them, which DuckDB cannot push into the scan nor prove always
	// true) and stops filter pushdown (a LIMIT). The rows still stream
	// zero-copy from the Arrow batches.
	q := sqlgen.DuckDB.QuoteIdent
	cols := make([]string, len(sc.Fields()))
	for i, f := range sc.Fields() {
		cols[i] = q(f.Name)
	}
	barrier := "CREATE TEMP VIEW " + q(name) + " AS SELECT * FROM " + q(raw)
	if len(cols) > 0 {
		barrier += " WHERE hash(" + strings.Join(cols, ", ") + ") IS NOT NULL"
	}
	barrier += " LIMIT 9223372036854775807"
	if _, err := s.conn.ExecContext(s.ctx, barrier); err != nil {
		return "", fmt.Errorf("register %q: %w", src.ID, err)
	}
	s.views = append(s.views, name)
	return name, nil
}

// close drops the views (newest first), then releases their streams
// (querying a released view crashes DuckDB), and returns the connection.
func (s *session) close() error {
	var errs []error
	for i := len(s.views) - 1; i >= 0; i-- {
		if _, err := s.conn.ExecContext(context.Background(), "DROP VIEW IF EXISTS "+sqlgen.DuckDB.QuoteIdent(s.views[i])); err != nil {
			errs = append(errs, err)
		}
	}
	for _, r := range s.releases {
		r()
	}
	s.views, s.releases = nil, nil
	errs = append(errs, s.conn.Close())
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("frames/engines/duckdb: close: %w", err)
	}
	return nil
}

// openIPC reads Arrow IPC files (file or stream format) as one reader.
func openIPC(paths []string) (array.RecordReader, error) {
	var recs []arrow.RecordBatch
	var sc *arrow.Schema
	release := func() {
		for _, r := range recs {
			r.Release()
		}
	}
	for _, p := range paths {
		rs, got, err := readIPC(p)
		if err != nil {
			release()
			return nil, err
		}
		if sc == nil {
			sc = got
		} else if !sc.Equal(got) {
			release()
			for _, r := range rs {
				r.Release()
			}
			return nil, fmt.Errorf("ipc %s: schema differs from %s", p, paths[0])
		}
		recs = append(recs, rs...)
	}
	rdr, err := array.NewRecordReader(sc, recs)
	release()
	return rdr, err
}

func readIPC(path string) ([]arrow.RecordBatch, *arrow.Schema, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer func() { _ = f.Close() }() // read-only: nothing to flush
	var recs []arrow.RecordBatch
	if fr, err := ipc.NewFileReader(f); err == nil {
		defer func() { _ = fr.Close() }()
		for i := 0; i < fr.NumRecords(); i++ {
			r, err := fr.RecordBatch(i)
			if err != nil {
				for _, r := range recs {
					r.Release()
				}
				return nil, nil, fmt.Errorf("ipc %s: %w", path, err)
			}
			r.Retain()
			recs = append(recs, r)
		}
		return recs, fr.Schema(), nil
	}
	if _, err := f.Seek(0, 0); err != nil {
		return nil, nil, err
	}
	sr, err := ipc.NewReader(f)
	if err != nil {
		return nil, nil, fmt.Errorf("ipc %s: neither an Arrow IPC file nor a stream: %w", path, err)
	}
	defer sr.Release()
	for sr.Next() {
		r := sr.RecordBatch()
		r.Retain()
		recs = append(recs, r)
	}
	if err := sr.Err(); err != nil {
		for _, r := range recs {
			r.Release()
		}
		return nil, nil, fmt.Errorf("ipc %s: %w", path, err)
	}
	return recs, sr.Schema(), nil
}

// classify makes errors caused by the end of ctx match ctx's error.
func classify(ctx context.Context, err error) error { return engine.ContextError(ctx, Name, err) }
