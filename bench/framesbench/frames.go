package main

import (
	"context"
	"fmt"

	"github.com/sealane/sealane/frames"
	"github.com/sealane/sealane/frames/engines/duckdb"
)

// framesRunner builds each query with the frames API on the native engine.
type framesRunner struct {
	eng       *duckdb.Engine
	fact, dim *frames.Frame
}

func newFramesRunner(ctx context.Context, dir string) (*framesRunner, error) {
	eng, err := duckdb.New(ctx)
	if err != nil {
		return nil, err
	}
	r := &framesRunner{
		eng:  eng,
		fact: frames.ScanParquet(ctx, []string{factPath(dir)}, frames.On(eng)),
		dim:  frames.ScanParquet(ctx, []string{dimPath(dir)}, frames.On(eng)),
	}
	if err := r.fact.Err(); err != nil {
		return nil, err
	}
	return r, r.dim.Err()
}

func (r *framesRunner) close() { _ = r.eng.Close() }

func (r *framesRunner) filtered() *frames.Frame {
	return r.fact.
		Filter(frames.Col("x").Gt(0.5).And(frames.Col("g").Ne(7))).
		WithColumns(
			frames.Col("x").Mul(2.0).Add(1.0).Alias("y"),
			frames.Col("s").Str().Upper().Alias("s_upper"))
}

func (r *framesRunner) build(name string) *frames.Frame {
	switch name {
	case "filter_with_columns", "parquet_write":
		return r.filtered()
	case "group_by_3aggs":
		return r.fact.GroupBy("g").Agg(
			frames.Col("x").Sum().Alias("sx"),
			frames.Col("x").Mean().Alias("mx"),
			frames.Col("ts").Max().Alias("mts"))
	case "join":
		return r.fact.Join(r.dim, []string{"k"}, frames.Inner)
	case "sort":
		return r.fact.Sort(frames.Desc("x"))
	}
	panic("unknown query " + name)
}

// run executes one query and returns its row count; parquet_write writes
// the file through the engine's sink and counts the rows written.
func (r *framesRunner) run(ctx context.Context, name, out string) (int64, error) {
	f := r.build(name)
	if err := f.Err(); err != nil {
		return 0, err
	}
	if name == "parquet_write" {
		// The caller counts the written rows after stopping the clock.
		return -1, frames.WriteParquet(ctx, f, out)
	}
	rdr, err := f.Stream(ctx)
	if err != nil {
		return 0, err
	}
	defer rdr.Release()
	var n int64
	for rdr.Next() {
		n += rdr.RecordBatch().NumRows()
	}
	if err := rdr.Err(); err != nil {
		return 0, fmt.Errorf("%s: %w", name, err)
	}
	return n, nil
}
