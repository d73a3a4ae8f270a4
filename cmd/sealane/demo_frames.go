package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/sealane/sealane/frames"
	"github.com/sealane/sealane/frames/engines/duckdb"
	fwarehouse "github.com/sealane/sealane/frames/engines/warehouse"
	"github.com/sealane/sealane/frames/plan"
	"github.com/sealane/sealane/kernel"
)

// cityTrips is the typed result of the frames step; city is nullable in
// the table, so it is a pointer (Collect checks this before running).
type cityTrips struct {
	City  *string `frame:"city"`
	Trips int64   `frame:"trips"`
	MaxID *int64  `frame:"max_id"`
}

// demoFrames shows typed frames: one pipeline pushed down to the warehouse
// as Databricks SQL through the kernel, the same pipeline on the native
// DuckDB engine over Go structs, and a mistake caught when the frame is
// built.
func demoFrames(ctx context.Context, conn *kernel.Conn, out io.Writer) error {
	pipeline := func(f *frames.Frame) *frames.Frame {
		return f.Filter(frames.Col("id").Ge(100)).
			GroupBy("city").
			Agg(frames.CountAll().Alias("trips"), frames.Col("id").Max().Alias("max_id")).
			Sort("city").
			Head(3)
	}
	show := func(engineName string, f *frames.Frame) error {
		got, err := frames.Collect[cityTrips](ctx, f)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "   on %s:", engineName)
		for _, r := range got {
			fmt.Fprintf(out, "  %s=%d (max id %d)", *r.City, r.Trips, *r.MaxID)
		}
		fmt.Fprintln(out)
		return nil
	}

	remote := pipeline(frames.Table(ctx, "main.default.trips", frames.On(fwarehouse.New(conn))))
	if err := remote.Err(); err != nil {
		return err
	}
	fmt.Fprintf(out, "   schema known before running: %s\n", plan.SchemaString(remote.Schema()))
	if x, err := remote.Explain(); err == nil {
		sql := strings.Join(strings.Fields(x[strings.LastIndex(x, "WITH"):]), " ")
		fmt.Fprintf(out, "   pushed down as %d bytes of Databricks SQL: %.100s…\n", len(sql), sql)
	}
	if err := show("the warehouse engine (kernel → SEA)", remote); err != nil {
		return err
	}

	native, err := duckdb.New(ctx)
	if err != nil {
		return err
	}
	defer func() { _ = native.Close() }()
	type trip struct {
		ID   int64   `frame:"id"`
		City *string `frame:"city"`
	}
	rows := make([]trip, 1000)
	for i := range rows {
		city := fmt.Sprintf("city_%d", i%7)
		rows[i] = trip{ID: int64(i), City: &city}
	}
	local := frames.FromRows(rows, frames.On(native))
	defer local.Release()
	if err := show("the native DuckDB engine (Go structs in)", pipeline(local)); err != nil {
		return err
	}

	bad := local.Filter(frames.Col("city").Gt(3))
	fmt.Fprintf(out, "   caught when built, nothing ran: %v\n", bad.Err())
	return nil
}
