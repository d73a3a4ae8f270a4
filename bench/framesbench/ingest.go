package main

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/sealane/sealane/frames"
	"github.com/sealane/sealane/frames/engines/stub"
)

// event is the typed row of the ingest measurement: ints, floats, strings,
// timestamps and one nullable column.
type event struct {
	ID    int64     `frame:"id"`
	Group int64     `frame:"g"`
	X     float64   `frame:"x"`
	S     string    `frame:"s"`
	TS    time.Time `frame:"ts"`
	Score *float64  `frame:"score"`
}

// measureIngest times FromRows (Go structs → validated Arrow), FromArrowAs
// (strict vectorised validation of Arrow input against the struct) and
// Collect (Arrow → structs, schema checked first) over n rows. The frames
// are built on the stub engine: ingest never touches an engine, and Collect
// only streams the source back.
func measureIngest(ctx context.Context, n, reps int) error {
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	rs := make([]event, n)
	for i := range rs {
		rs[i] = event{ID: int64(i), Group: int64(i % 1000), X: float64(i%1000) / 1000,
			S: fmt.Sprintf("s%d", i%100000), TS: base.Add(time.Duration(i) * time.Second)}
		if i%10 != 0 {
			v := float64(i)
			rs[i].Score = &v
		}
	}
	eng := stub.New()
	var fromRows, validate, collect []float64
	for rep := 0; rep < reps; rep++ {
		start := time.Now()
		f := frames.FromRows(rs, frames.On(eng))
		if err := f.Err(); err != nil {
			return err
		}
		fromRows = append(fromRows, time.Since(start).Seconds())

		recs, err := f.Records(ctx)
		if err != nil {
			return err
		}
		start = time.Now()
		g := frames.FromArrowAs[event](recs, frames.On(eng))
		if err := g.Err(); err != nil {
			return err
		}
		validate = append(validate, time.Since(start).Seconds())
		release(recs)

		start = time.Now()
		back, err := frames.Collect[event](ctx, g)
		if err != nil {
			return err
		}
		collect = append(collect, time.Since(start).Seconds())
		if len(back) != n || back[n-1].S != rs[n-1].S {
			return fmt.Errorf("collect returned %d rows", len(back))
		}
		f.Release()
		g.Release()
	}
	fmt.Printf("\n| typed ingest (%d structs: 6 columns) | median | rows/s |\n|---|---|---|\n", n)
	for _, m := range []struct {
		name string
		secs []float64
	}{{"FromRows[T] (encode + validate)", fromRows}, {"FromArrowAs[T] (strict validation of Arrow input)", validate}, {"Collect[T] (decode to structs)", collect}} {
		s := slices.Clone(m.secs)
		slices.Sort(s)
		med := s[len(s)/2]
		fmt.Printf("| %s | %.3f s | %.1f M |\n", m.name, med, float64(n)/med/1e6)
	}
	return nil
}

func release(recs []arrow.RecordBatch) {
	for _, r := range recs {
		r.Release()
	}
}
